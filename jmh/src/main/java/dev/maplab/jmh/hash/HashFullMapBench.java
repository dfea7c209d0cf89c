package dev.maplab.jmh.hash;

import dev.maplab.api.Errno;
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
 * A full map (max_entries keys in, 2^16 by default): inserting a new key, and delete+insert churn.
 *
 * <ul>
 *   <li>{@code insertFullT1}: {@code update(absentKey, v, BPF_ANY)} into the full map: the bucket walk
 *       under its lock finds no key, then the freelist pop visits this CPU's stack and the others' (each
 *       skipped by an unlocked emptiness peek, Feng Zhou's 2022 change) and returns {@code -E2BIG}
 *       (claim C3). The kernel's {@code bpf-hashmap-full-update} measured this path. The anchor does what
 *       a bounded ConcurrentHashMap user writes: {@code containsKey} (absent), then
 *       {@code mappingCount() >= max}, so -E2BIG; nothing is inserted.</li>
 *   <li>{@code churnT1}/{@code churnT2}: per operation, delete the oldest of the thread's own present keys
 *       and insert its next absent one (FIFO over a private ring: each thread owns every T-th key, so
 *       the map stays exactly full and threads never delete each other's keys). maplab's delete pushes
 *       the element on this CPU's freelist and the insert pops it again (no allocation); the anchor
 *       {@code remove} + {@code put} allocates a node per insert (visible with {@code -prof gc}).</li>
 * </ul>
 * Insert and delete are the same code in both maplab protocols, so {@code maplab-linearizable} is left out
 * by default. Score: operations per microsecond (a churn operation is one delete plus one insert).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HashFullMapBench {

    /** The full map, shared by the benchmark's threads. */
    @State(Scope.Benchmark)
    public static class Maps {
        @Param({HashBench.MAPLAB, HashBench.CHM})
        public String impl;

        @Param({"65536"})
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

    /** One thread's absent keys (for the full-map insert) and churn ring. */
    @State(Scope.Thread)
    public static class Probes {
        long[] absent;
        Long[] absentBoxed;
        /** Ring of this thread's keys: positions [head, head + share) (mod length) are present. */
        long[] ring;
        Long[] ringBoxed;
        int share;
        int head;
        Long[] values;
        int mask;
        int cursor;

        @Setup(Level.Trial)
        public void setUp(Maps m, ThreadParams tp) {
            int t = tp.getThreadIndex();
            int threads = tp.getThreadCount();
            HashBench.bind(t);
            int n = HashBench.probeLength(m.entries);
            mask = n - 1;
            absent = HashBench.keysOf(HashBench.seed(t, 6), n, m.entries, 1L << 40);
            // This thread owns keys t, t + T, t + 2T, ... below entries (present) and as many from entries on (absent).
            share = 0;
            for (long i = t; i < m.entries; i += threads) {
                share++;
            }
            ring = new long[2 * share];
            for (int j = 0; j < share; j++) {
                ring[j] = HashBench.key(t + (long) j * threads);
                ring[share + j] = HashBench.key(m.entries + t + (long) j * threads);
            }
            head = 0;
            if (m.table == null) {
                absentBoxed = HashBench.boxed(absent);
                ringBoxed = HashBench.boxed(ring);
                values = HashBench.values(HashBench.seed(t, 7));
                absent = null;
                ring = null;
            }
        }

        @Setup(Level.Iteration)
        public void rebind(ThreadParams tp) {
            HashBench.bind(tp.getThreadIndex());
        }
    }

    /** maplab: the update's result (-E2BIG expected); chm: the same code for a bounded map. */
    static long insertFull(Maps m, Probes p) {
        int c = p.cursor++;
        int i = c & p.mask;
        HashTable t = m.table;
        if (t != null) {
            return t.update(p.absent[i], c, UpdateFlags.ANY);
        }
        Long k = p.absentBoxed[i];
        ConcurrentHashMap<Long, Long> chm = m.chm;
        if (!chm.containsKey(k) && chm.mappingCount() >= m.entries) {
            return -Errno.E2BIG;
        }
        chm.put(k, p.values[c & (HashBench.VALUES - 1)]);
        return 0;
    }

    /** Deletes the oldest key of the thread's ring and inserts the next one; 0 when both succeeded. */
    static long churn(Maps m, Probes p) {
        int h = p.head;
        int len = 2 * p.share;
        int in = h + p.share;
        if (in >= len) {
            in -= len;
        }
        p.head = h + 1 == len ? 0 : h + 1;
        HashTable t = m.table;
        if (t != null) {
            int d = t.delete(p.ring[h]);
            int u = t.update(p.ring[in], h, UpdateFlags.ANY);
            return d | u;
        }
        Long removed = m.chm.remove(p.ringBoxed[h]);
        Long previous = m.chm.put(p.ringBoxed[in], p.values[h & (HashBench.VALUES - 1)]);
        return removed == null || previous != null ? -1L : 0L;
    }

    @Benchmark
    @Threads(1)
    public long insertFullT1(Maps m, Probes p) {
        return insertFull(m, p);
    }

    @Benchmark
    @Threads(1)
    public long churnT1(Maps m, Probes p) {
        return churn(m, p);
    }

    @Benchmark
    @Threads(2)
    public long churnT2(Maps m, Probes p) {
        return churn(m, p);
    }
}
