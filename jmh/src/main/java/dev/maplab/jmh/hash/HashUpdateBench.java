package dev.maplab.jmh.hash;

import dev.maplab.api.UpdateFlags;
import dev.maplab.hash.HashTable;
import java.util.concurrent.ConcurrentHashMap;
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
 * Update-replace: {@code update(key, value, BPF_ANY)} of keys already present in a full map, uniformly
 * random, on one and two threads, at 2^10 and 2^20 entries. The two maplab protocols differ exactly here:
 * {@code maplab} does the kernel's replace (take this CPU's spare element, write it, link it at the
 * head, unlink the old one, park it as the spare: a full map can still replace); {@code
 * maplab-linearizable} overwrites the value in place inside the element's seqlock. The anchor is
 * {@code chm.put(key, value)} of an existing key (the bin lock, then a volatile write of the value).
 * Every operation is a replace in a full map, which must succeed (claim C3; the jmh module's unit test
 * checks the results, the benchmark only consumes them).
 *
 * <p>Score: operations per microsecond (sum over threads). maplab's update allocates nothing
 * ({@code -prof gc}: gc.alloc.rate.norm about 0 B/op); ConcurrentHashMap's replace of an existing key
 * allocates nothing either. See {@link HashBench}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HashUpdateBench {

    /** The map, shared by the benchmark's threads. */
    @State(Scope.Benchmark)
    public static class Maps {
        @Param({HashBench.MAPLAB, HashBench.MAPLAB_LINEARIZABLE, HashBench.CHM})
        public String impl;

        @Param({"1024", "1048576"})
        public int entries;

        HashTable table;
        ConcurrentHashMap<Long, Long> chm;

        @Setup(Level.Trial)
        public void setUp() {
            table = HashBench.table(impl, entries);
            chm = table == null ? HashBench.chm(entries) : null;
            HashBench.fill(table, chm, entries);
        }
    }

    /** One thread's keys (present ones), pre-boxed values and cursor. */
    @State(Scope.Thread)
    public static class Probes {
        long[] keys;
        Long[] keysBoxed;
        Long[] values;
        int mask;
        int cursor;

        @Setup(Level.Trial)
        public void setUp(Maps m, ThreadParams tp) {
            int t = tp.getThreadIndex();
            HashBench.bind(t);
            int n = HashBench.probeLength(m.entries);
            mask = n - 1;
            keys = HashBench.keysOf(HashBench.seed(t, 3), n, 0, m.entries);
            if (m.table == null) {
                keysBoxed = HashBench.boxed(keys);
                values = HashBench.values(HashBench.seed(t, 4));
                keys = null;
            }
        }

        @Setup(Level.Iteration)
        public void rebind(ThreadParams tp) {
            HashBench.bind(tp.getThreadIndex());
        }
    }

    /** 0 when the key was replaced (maplab: the update's result; chm: a previous value was there), else non-zero. */
    static long replace(Maps m, Probes p) {
        int c = p.cursor++;
        int i = c & p.mask;
        HashTable t = m.table;
        if (t != null) {
            return t.update(p.keys[i], c, UpdateFlags.ANY);
        }
        Long previous = m.chm.put(p.keysBoxed[i], p.values[c & (HashBench.VALUES - 1)]);
        return previous == null ? -1L : 0L;
    }

    @Benchmark
    @Threads(1)
    public long updateReplaceT1(Maps m, Probes p) {
        return replace(m, p);
    }

    @Benchmark
    @Threads(2)
    public long updateReplaceT2(Maps m, Probes p) {
        return replace(m, p);
    }
}
