package dev.maplab.jmh.profile;

import dev.maplab.hash.ChainProbe;
import dev.maplab.hash.HashTable;
import dev.maplab.jmh.hash.HashBench;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Live lookups with JFR tracing: half hits, half misses of uniformly random keys in a maplab map, where
 * one lookup in {@code traceEvery} goes through {@link ChainProbe#tracedLookup} (the production walk step
 * for step, counting the elements visited and the nulls restarts) and commits a
 * {@code dev.maplab.HashLookup} event while a recording runs. {@code impl=maplab} is the untraced
 * baseline, {@code impl=maplab-traced} the sampled one; their ratio is the price of sampling. With
 * {@code -p traceEvery=1} every lookup is traced (the instrumentation's full cost; keep such runs short,
 * a recording then grows by some 10^7 events per second).
 *
 * <p>Kept out of {@code dev.maplab.jmh.hash} so that the hash suite ({@code maplab bench hash}) does not
 * run it: it is a profiling tool. To record and summarise (one fork, one configuration, one file):
 * <pre>
 * java -jar jmh/target/benchmarks.jar HashLookupJfrBench -p impl=maplab-traced -f 1 -wi 1 -w 1s -i 3 -r 1s \
 *     -jvmArgsAppend -XX:StartFlightRecording=filename=reports/out/jfr/hash-lookup.jfr,dumponexit=true
 * ./maplab profile chains --jfr reports/out/jfr/hash-lookup.jfr      # writes reports/out/profile/chains-jfr.json
 * </pre>
 * or with JMH's profiler, which records the measurement iterations only:
 * {@code -prof jfr:dir=reports/out/jfr} (one {@code profile.jfr} per configuration, in a folder named after it).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class HashLookupJfrBench {
    static final String TRACED = "maplab-traced";

    /** The map: max_entries {@code entries}, filled to {@code fillPct}. */
    @State(Scope.Benchmark)
    public static class Maps {
        @Param({HashBench.MAPLAB, TRACED})
        public String impl;

        @Param({"65536"})
        public int entries;

        @Param({"100"})
        public int fillPct;

        /** One lookup in this many is traced (maplab-traced only); a power of two. */
        @Param({"64"})
        public int traceEvery;

        HashTable table;
        int count;
        boolean traced;

        @Setup(Level.Trial)
        public void setUp() {
            if (!HashBench.MAPLAB.equals(impl) && !TRACED.equals(impl)) {
                throw new IllegalArgumentException("impl = " + impl + ": one of " + HashBench.MAPLAB + ", " + TRACED);
            }
            if (Integer.bitCount(traceEvery) != 1) {
                throw new IllegalArgumentException("traceEvery = " + traceEvery + ": a power of two");
            }
            if (fillPct < 1 || fillPct > 100) {
                throw new IllegalArgumentException("fillPct = " + fillPct + ": must be in 1..100");
            }
            traced = TRACED.equals(impl);
            count = (int) Math.max(1, (long) entries * fillPct / 100);
            table = HashBench.table(HashBench.MAPLAB, entries);
            HashBench.fill(table, null, count);
        }
    }

    /** One thread's probes: present and absent keys interleaved at random, half each. */
    @State(Scope.Thread)
    public static class Probes {
        long[] keys;
        int mask;
        boolean traced;
        int traceMask;
        int cursor;

        @Setup(Level.Trial)
        public void setUp(Maps m, ThreadParams tp) {
            int t = tp.getThreadIndex();
            HashBench.bind(t);
            int n = HashBench.probeLength(m.entries);
            mask = n - 1;
            traced = m.traced;
            traceMask = m.traceEvery - 1;
            long[] hit = HashBench.keysOf(HashBench.seed(t, 8), n, 0, m.count);
            long[] miss = HashBench.keysOf(HashBench.seed(t, 9), n, m.entries, n);
            SplittableRandom coin = new SplittableRandom(HashBench.seed(t, 10));
            keys = new long[n];
            for (int i = 0; i < n; i++) {
                keys[i] = coin.nextBoolean() ? hit[i] : miss[i];
            }
        }

        @Setup(Level.Iteration)
        public void rebind(ThreadParams tp) {
            HashBench.bind(tp.getThreadIndex());
        }
    }

    @Benchmark
    @Threads(1)
    public long lookup(Maps m, Probes p) {
        int c = p.cursor++;
        long k = p.keys[c & p.mask];
        if (p.traced && (c & p.traceMask) == 0) {
            return ChainProbe.tracedLookup(m.table, k);
        }
        return m.table.lookup(k, -1L);
    }
}
