package dev.maplab.jmh.hash;

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
 * Lock-free lookups in a full map (load 1 for maplab): hits and misses of uniformly random keys, on one
 * and two threads, in a small map (2^10 entries: cache-resident) and a large one (2^20: the elements of
 * maplab alone are 32 MiB), maplab beside {@code ConcurrentHashMap<Long, Long>}. Claim C1: does a very
 * large map make lookups slow, and is it the chain or the memory? (The chain lengths are the chain
 * study's; this is the time.)
 *
 * <ul>
 *   <li>{@code lookupHit*}: {@code HashTable.lookup(key, -1)} / {@code chm.get(key)} (and the value
 *       unboxed, as a caller would) of present keys: walks to the key's position.</li>
 *   <li>{@code lookupMiss*}: the same with absent keys: walks the whole chain (bin).</li>
 * </ul>
 * {@code maplab-linearizable} runs the same lookup code as {@code maplab} and is left out by default
 * ({@code -p impl=maplab,maplab-linearizable,chm} puts it back). Score: operations per microsecond per
 * benchmark (= million lookups per second, the unit of the kernel's figures); with {@code @Threads(2)} it is
 * the sum over both threads. maplab's lookup allocates nothing ({@code -prof gc}: gc.alloc.rate.norm
 * about 0 B/op); see {@link HashBench} for keys, probes and CPU binding.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HashLookupBench {

    /** The map, shared by the benchmark's threads. */
    @State(Scope.Benchmark)
    public static class Maps {
        @Param({HashBench.MAPLAB, HashBench.CHM})
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

    /** One thread's probe sequences and cursor. */
    @State(Scope.Thread)
    public static class Probes {
        long[] hit;
        long[] miss;
        Long[] hitBoxed;
        Long[] missBoxed;
        int mask;
        int cursor;

        @Setup(Level.Trial)
        public void setUp(Maps m, ThreadParams tp) {
            int t = tp.getThreadIndex();
            HashBench.bind(t);
            int n = HashBench.probeLength(m.entries);
            mask = n - 1;
            hit = HashBench.keysOf(HashBench.seed(t, 1), n, 0, m.entries);
            miss = HashBench.keysOf(HashBench.seed(t, 2), n, m.entries, n);
            if (m.table == null) {
                hitBoxed = HashBench.boxed(hit);
                missBoxed = HashBench.boxed(miss);
                hit = null;
                miss = null;
            }
        }

        @Setup(Level.Iteration)
        public void rebind(ThreadParams tp) {
            HashBench.bind(tp.getThreadIndex());
        }
    }

    static long hit(Maps m, Probes p) {
        int i = p.cursor++ & p.mask;
        HashTable t = m.table;
        if (t != null) {
            return t.lookup(p.hit[i], -1L);
        }
        Long v = m.chm.get(p.hitBoxed[i]);
        return v == null ? -1L : v;
    }

    static long miss(Maps m, Probes p) {
        int i = p.cursor++ & p.mask;
        HashTable t = m.table;
        if (t != null) {
            return t.lookup(p.miss[i], -1L);
        }
        Long v = m.chm.get(p.missBoxed[i]);
        return v == null ? -1L : v;
    }

    @Benchmark
    @Threads(1)
    public long lookupHitT1(Maps m, Probes p) {
        return hit(m, p);
    }

    @Benchmark
    @Threads(2)
    public long lookupHitT2(Maps m, Probes p) {
        return hit(m, p);
    }

    @Benchmark
    @Threads(1)
    public long lookupMissT1(Maps m, Probes p) {
        return miss(m, p);
    }

    @Benchmark
    @Threads(2)
    public long lookupMissT2(Maps m, Probes p) {
        return miss(m, p);
    }
}
