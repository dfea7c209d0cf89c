package dev.maplab.jmh.lru;

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
 * Lookups that all hit, in a full LRU cache of 2^16 entries, on one and two threads: what a BPF program
 * does on its fast path. {@code maplab}: {@code LruHashTable.lookup(key, -1)}, program-style (lock-free
 * walk, then the ref bit is set only if it reads 0: once every element was seen the line stays clean);
 * {@code caffeine}: {@code cache.getIfPresent(key)} (a read buffer records the access for its policy);
 * {@code exact-lru}: {@code ExactLru.get} (moves the key to the front under the monitor: every hit is a
 * write). Target (CLAIMS C4 / issue 6): maplab at least 2x Caffeine, 0 B/op ({@code -prof gc}).
 * Score: operations per microsecond (sum over threads).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LruLookupBench {

    @State(Scope.Benchmark)
    public static class Maps {
        @Param({LruBench.MAPLAB, LruBench.CAFFEINE, LruBench.EXACT_LRU})
        public String impl;

        @Param({"65536"})
        public int entries;

        LruBench.Impl m;
        int[] present;

        @Setup(Level.Trial)
        public void setUp() {
            m = LruBench.create(impl, entries);
            present = LruBench.fill(m, entries);
        }
    }

    @State(Scope.Thread)
    public static class Probes {
        long[] keys;
        Long[] boxed;
        int cursor;

        @Setup(Level.Trial)
        public void setUp(Maps m, ThreadParams tp) {
            int t = tp.getThreadIndex();
            LruBench.bind(t);
            keys = LruBench.hits(LruBench.seed(t, 1), LruBench.PROBES, m.present);
            if (m.m.caffeine != null) {
                boxed = LruBench.boxed(keys);
            }
        }

        @Setup(Level.Iteration)
        public void rebind(ThreadParams tp) {
            LruBench.bind(tp.getThreadIndex());
        }
    }

    static long lookup(Maps s, Probes p) {
        int i = p.cursor++ & (LruBench.PROBES - 1);
        LruBench.Impl m = s.m;
        if (m.table != null) {
            return m.table.lookup(p.keys[i], -1L);
        }
        if (m.caffeine != null) {
            Long v = m.caffeine.getIfPresent(p.boxed[i]);
            return v == null ? -1L : v;
        }
        return m.exact.get(p.keys[i], -1L);
    }

    @Benchmark
    @Threads(1)
    public long lookupHitT1(Maps s, Probes p) {
        return lookup(s, p);
    }

    @Benchmark
    @Threads(2)
    public long lookupHitT2(Maps s, Probes p) {
        return lookup(s, p);
    }
}
