package dev.maplab.jmh.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.api.Errno;
import dev.maplab.cpu.LogicalCpu;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The hash benchmarks' states and operations, driven without JMH: every operation returns what it should
 * (hits find their value, misses miss, replaces and churn succeed, a full map says -E2BIG), and maplab's
 * operations allocate nothing (the target of {@code -prof gc}: gc.alloc.rate.norm below 1 B/op).
 */
class HashBenchStatesTest {
    private static final int OPS = 200_000;

    static ThreadParams thread(int index, int count) {
        return new ThreadParams(index, count, 0, 1, 0, 1, index, count, index, count);
    }

    @AfterEach
    void unbind() {
        LogicalCpu.unbind();
    }

    /**
     * Bytes per operation the calling thread allocates while running {@code op} {@code n} times after a
     * warm-up: the best of three rounds, so that one-off allocations of the runtime (compilation, the
     * counter itself) do not count. An operation that allocates anything allocates at least 16 bytes.
     */
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

    /** The benchmarks' target: gc.alloc.rate.norm below 1 B/op; asserted far tighter (0.01 B/op). */
    static void assertAllocationFree(int n, LongSupplier op, String what) {
        double perOp = allocatedPerOp(n, op);
        assertTrue(perOp < 0.01, what + " allocates " + perOp + " B/op");
    }

    private static HashLookupBench.Maps lookupMaps(String impl, int entries) {
        HashLookupBench.Maps m = new HashLookupBench.Maps();
        m.impl = impl;
        m.entries = entries;
        m.setUp();
        return m;
    }

    @Test
    void lookupsHitTheirValueAndMissEverything() {
        for (String impl : new String[] {HashBench.MAPLAB, HashBench.MAPLAB_LINEARIZABLE, HashBench.CHM}) {
            HashLookupBench.Maps m = lookupMaps(impl, 1024);
            HashLookupBench.Probes p = new HashLookupBench.Probes();
            p.setUp(m, thread(0, 1));
            assertEquals(HashBench.MIN_PROBES - 1, p.mask);
            for (int i = 0; i < 5000; i++) {
                long v = HashLookupBench.hit(m, p);
                assertTrue(v >= 0 && v < 1024, impl + ": hit gave " + v);
                assertEquals(HashBench.key(v), m.table != null ? keyAt(p, p.cursor - 1) : p.hitBoxed[(p.cursor - 1) & p.mask]);
                assertEquals(-1L, HashLookupBench.miss(m, p), impl);
            }
        }
    }

    private static long keyAt(HashLookupBench.Probes p, int c) {
        return p.hit[c & p.mask];
    }

    @Test
    void probesCoverALargeMapAndNeverBoxForMaplab() {
        HashLookupBench.Maps m = lookupMaps(HashBench.MAPLAB, 1 << 17);
        HashLookupBench.Probes p = new HashLookupBench.Probes();
        p.setUp(m, thread(1, 2));
        assertEquals(1 << 17, p.hit.length);
        assertNull(p.hitBoxed);
        assertEquals(1, LogicalCpu.bound());
        assertEquals(65536, HashBench.probeLength(1000));
        assertEquals(1 << 20, HashBench.probeLength(1 << 20));
        assertEquals(1 << 21, HashBench.probeLength((1 << 20) + 1));
    }

    @Test
    void replacesInAFullMapSucceedForEveryImpl() {
        for (String impl : new String[] {HashBench.MAPLAB, HashBench.MAPLAB_LINEARIZABLE, HashBench.CHM}) {
            HashUpdateBench.Maps m = new HashUpdateBench.Maps();
            m.impl = impl;
            m.entries = 1024;
            m.setUp();
            HashUpdateBench.Probes p = new HashUpdateBench.Probes();
            p.setUp(m, thread(0, 2));
            for (int i = 0; i < 20_000; i++) {
                assertEquals(0L, HashUpdateBench.replace(m, p), impl);
            }
            if (m.table != null) {
                assertEquals(1024, m.table.size());
                assertEquals(2, m.table.spareElements());
            } else {
                assertEquals(1024, m.chm.size());
            }
        }
    }

    @Test
    void fillLabelsFollowTheKernelTable() {
        int[] pct = {6, 12, 18, 25, 31, 37, 43, 50, 56, 62, 68, 75, 81, 87, 93, 100};
        for (int i = 0; i < pct.length; i++) {
            assertEquals(4096 * (i + 1), HashFillBench.keysAt(65536, pct[i]), pct[i] + "%");
        }
        assertEquals(16, HashFillBench.KERNEL_MLOOKUPS_PER_S.length);
        for (String impl : new String[] {HashBench.MAPLAB, HashBench.CHM}) {
            HashFillBench.Maps m = new HashFillBench.Maps();
            m.impl = impl;
            m.entries = 65536;
            m.fillPct = 25;
            m.setUp();
            assertEquals(16384, m.table != null ? m.table.size() : m.chm.size());
            HashFillBench.Probes p = new HashFillBench.Probes();
            p.setUp(m, thread(0, 1));
            HashFillBench bench = new HashFillBench();
            for (int i = 0; i < 5000; i++) {
                long v = bench.lookupHit(m, p);
                assertTrue(v >= 0 && v < 16384, impl + ": " + v);
            }
        }
    }

    private static HashFullMapBench.Maps fullMaps(String impl, int entries) {
        HashFullMapBench.Maps m = new HashFullMapBench.Maps();
        m.impl = impl;
        m.entries = entries;
        m.setUp();
        return m;
    }

    @Test
    void insertingIntoAFullMapGivesE2big() {
        for (String impl : new String[] {HashBench.MAPLAB, HashBench.CHM}) {
            HashFullMapBench.Maps m = fullMaps(impl, 4096);
            HashFullMapBench.Probes p = new HashFullMapBench.Probes();
            p.setUp(m, thread(0, 1));
            for (int i = 0; i < 10_000; i++) {
                assertEquals(-Errno.E2BIG, HashFullMapBench.insertFull(m, p), impl);
            }
            assertEquals(4096, m.table != null ? m.table.size() : m.chm.size());
        }
    }

    @Test
    void churnKeepsTheMapExactlyFullOnOneAndTwoThreads() throws Exception {
        for (String impl : new String[] {HashBench.MAPLAB, HashBench.CHM}) {
            for (int threads = 1; threads <= 2; threads++) {
                HashFullMapBench.Maps m = fullMaps(impl, 4096);
                AtomicLong failures = new AtomicLong();
                CountDownLatch start = new CountDownLatch(1);
                Thread[] workers = new Thread[threads];
                for (int t = 0; t < threads; t++) {
                    HashFullMapBench.Probes p = new HashFullMapBench.Probes();
                    ThreadParams tp = thread(t, threads);
                    workers[t] = new Thread(() -> {
                        p.setUp(m, tp);
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        for (int i = 0; i < 3 * 4096 + 17; i++) { // wraps the ring more than once
                            if (HashFullMapBench.churn(m, p) != 0) {
                                failures.incrementAndGet();
                            }
                        }
                    });
                    workers[t].start();
                }
                start.countDown();
                for (Thread w : workers) {
                    w.join();
                }
                assertEquals(0, failures.get(), impl + " on " + threads + " threads");
                assertEquals(4096, m.table != null ? m.table.size() : m.chm.size(), impl + " on " + threads + " threads");
            }
        }
    }

    @Test
    void maplabOperationsAllocateNothing() {
        HashLookupBench.Maps lm = lookupMaps(HashBench.MAPLAB, 1024);
        HashLookupBench.Probes lp = new HashLookupBench.Probes();
        lp.setUp(lm, thread(0, 1));
        assertAllocationFree(OPS, () -> HashLookupBench.hit(lm, lp), "lookup hit");
        assertAllocationFree(OPS, () -> HashLookupBench.miss(lm, lp), "lookup miss");

        for (String impl : new String[] {HashBench.MAPLAB, HashBench.MAPLAB_LINEARIZABLE}) {
            HashUpdateBench.Maps um = new HashUpdateBench.Maps();
            um.impl = impl;
            um.entries = 1024;
            um.setUp();
            HashUpdateBench.Probes up = new HashUpdateBench.Probes();
            up.setUp(um, thread(0, 1));
            assertAllocationFree(OPS, () -> HashUpdateBench.replace(um, up), impl + " update-replace");
        }

        HashFullMapBench.Maps fm = fullMaps(HashBench.MAPLAB, 4096);
        HashFullMapBench.Probes fp = new HashFullMapBench.Probes();
        fp.setUp(fm, thread(0, 1));
        assertAllocationFree(OPS, () -> HashFullMapBench.insertFull(fm, fp), "insert into a full map");
        assertAllocationFree(OPS, () -> HashFullMapBench.churn(fm, fp), "delete+insert churn");
    }

    @Test
    void theAllocationCheckSeesTheAnchorsNodes() {
        // The check can fail: ConcurrentHashMap's put of a new key allocates a node (32 bytes with compressed oops).
        HashFullMapBench.Maps fm = fullMaps(HashBench.CHM, 4096);
        HashFullMapBench.Probes fp = new HashFullMapBench.Probes();
        fp.setUp(fm, thread(0, 1));
        double perOp = allocatedPerOp(OPS, () -> HashFullMapBench.churn(fm, fp));
        assertTrue(perOp >= 16, "chm churn allocates " + perOp + " B/op");
    }

    @Test
    void keysAreDistinct() {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (long i = 0; i < 100_000; i++) {
            assertTrue(seen.add(HashBench.key(i)));
        }
    }
}
