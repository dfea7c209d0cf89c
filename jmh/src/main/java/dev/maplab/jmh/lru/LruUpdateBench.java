package dev.maplab.jmh.lru;

import dev.maplab.api.UpdateFlags;
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
 * Updates of new keys into a full LRU cache of 2^16 entries (the miss path: every insert needs a free
 * node, which sooner or later means evicting), on one and two threads. {@code maplab}: {@code
 * LruHashTable.update(key, value, BPF_ANY)} (acquire a node from this CPU's local free list; every
 * {@code target_free} = 128 inserts a refill under the global lock flushes, rotates and shrinks, evicting
 * 128 elements, each under its bucket lock); {@code caffeine}: {@code cache.put(key, value)} of a key not
 * in the cache (a node allocated per insert; eviction in its maintenance); {@code exact-lru}: {@code
 * ExactLru.put}. The keys cycle through {@value LruBench#FRESH} per thread, 16x the cache, so each put is of
 * an absent key. Target (issue 6): maplab at least 1.0x Caffeine. Score: operations per microsecond (sum
 * over threads); maplab and exact-lru allocate nothing per operation ({@code -prof gc}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LruUpdateBench {

    @State(Scope.Benchmark)
    public static class Maps {
        @Param({LruBench.MAPLAB, LruBench.CAFFEINE, LruBench.EXACT_LRU})
        public String impl;

        @Param({"65536"})
        public int entries;

        LruBench.Impl m;

        @Setup(Level.Trial)
        public void setUp() {
            m = LruBench.create(impl, entries);
            LruBench.fill(m, entries);
        }
    }

    @State(Scope.Thread)
    public static class Fresh {
        long[] keys;
        Long[] boxed;
        Long[] values;
        int cursor;

        @Setup(Level.Trial)
        public void setUp(Maps m, ThreadParams tp) {
            int t = tp.getThreadIndex();
            LruBench.bind(t);
            keys = LruBench.fresh(t, LruBench.FRESH);
            if (m.m.caffeine != null) {
                boxed = LruBench.boxed(keys);
                values = LruBench.values(LruBench.seed(t, 2));
                keys = null;
            }
        }

        @Setup(Level.Iteration)
        public void rebind(ThreadParams tp) {
            LruBench.bind(tp.getThreadIndex());
        }
    }

    /** 0 on success (maplab: the update's result). */
    static long insert(Maps s, Fresh f) {
        int c = f.cursor++;
        int i = c & (LruBench.FRESH - 1);
        LruBench.Impl m = s.m;
        if (m.table != null) {
            return m.table.update(f.keys[i], c, UpdateFlags.ANY);
        }
        if (m.caffeine != null) {
            m.caffeine.put(f.boxed[i], f.values[c & (LruBench.VALUES - 1)]);
            return 0;
        }
        return m.exact.put(f.keys[i], c) ? 0 : 1;
    }

    @Benchmark
    @Threads(1)
    public long updateEvictT1(Maps s, Fresh f) {
        return insert(s, f);
    }

    @Benchmark
    @Threads(2)
    public long updateEvictT2(Maps s, Fresh f) {
        return insert(s, f);
    }
}
