package dev.maplab.jmh.lru;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.cpu.LogicalCpu;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The LRU benchmarks' states and operations, driven without JMH: the fill leaves every key present (so
 * lookups all hit), updates of fresh keys succeed and keep the map full (so each one evicts), and maplab's
 * lookup and update allocate nothing (the target of {@code -prof gc}).
 */
class LruBenchStatesTest {
    static ThreadParams thread(int index, int count) {
        return new ThreadParams(index, count, 0, 1, 0, 1, index, count, index, count);
    }

    @AfterEach
    void unbind() {
        LogicalCpu.unbind();
    }

    static double allocatedPerOp(int n, LongSupplier op) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int i = 0; i < n; i++) {
            sink += op.getAsLong();
        }
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < n; i++) {
                sink += op.getAsLong();
            }
            best = Math.min(best, mx.getCurrentThreadAllocatedBytes() - before);
        }
        assertTrue(sink != 42, "keep the results alive");
        return (double) best / n;
    }

    @Test
    void lookupsAllHitAndMaplabAllocatesNothing() {
        for (String impl : new String[] {LruBench.MAPLAB, LruBench.MAPLAB_PERCPU_LRU, LruBench.CAFFEINE, LruBench.EXACT_LRU}) {
            LruLookupBench.Maps m = new LruLookupBench.Maps();
            m.impl = impl;
            m.entries = 1 << 16;
            m.setUp();
            assertEquals(1 << 16, m.present.length, impl + ": the fill evicts nothing");
            LruLookupBench.Probes p = new LruLookupBench.Probes();
            p.setUp(m, thread(0, 1));
            for (int i = 0; i < 10_000; i++) {
                assertTrue(LruLookupBench.lookup(m, p) >= 0, impl + ": a lookup missed");
            }
            if (!impl.equals(LruBench.CAFFEINE)) {
                double b = allocatedPerOp(200_000, () -> LruLookupBench.lookup(m, p));
                assertTrue(b < 0.01, impl + " lookup allocates " + b + " B/op");
            }
        }
    }

    @Test
    void updatesOfFreshKeysSucceedInAFullMapAndMaplabAllocatesNothing() {
        for (String impl : new String[] {LruBench.MAPLAB, LruBench.MAPLAB_PERCPU_LRU, LruBench.CAFFEINE, LruBench.EXACT_LRU}) {
            LruUpdateBench.Maps m = new LruUpdateBench.Maps();
            m.impl = impl;
            m.entries = 1 << 16;
            m.setUp();
            LruUpdateBench.Fresh f = new LruUpdateBench.Fresh();
            f.setUp(m, thread(1, 2));
            for (int i = 0; i < 100_000; i++) {
                assertEquals(0, LruUpdateBench.insert(m, f), impl + ": update " + i);
            }
            if (m.m.table != null) {
                assertTrue(m.m.table.size() <= 1 << 16 && m.m.table.size() > (1 << 16) - 2 * 128 * 2,
                        impl + ": the map stays (nearly) full: " + m.m.table.size());
                assertEquals(null, m.m.table.checkInvariants());
                double b = allocatedPerOp(200_000, () -> LruUpdateBench.insert(m, f));
                assertTrue(b < 0.01, impl + " update allocates " + b + " B/op");
            }
            if (m.m.exact != null) {
                assertEquals(1 << 16, m.m.exact.size());
            }
        }
    }
}
