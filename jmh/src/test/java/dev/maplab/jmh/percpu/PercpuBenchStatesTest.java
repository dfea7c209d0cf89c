package dev.maplab.jmh.percpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.cpu.LogicalCpu;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The per-CPU benchmarks' states and operations, driven without JMH: every operation does what the benchmark
 * says (adds count, reads see the totals, lookups find their values) and maplab's operations allocate nothing
 * (the target of {@code -prof gc}: gc.alloc.rate.norm 0 B/op).
 */
class PercpuBenchStatesTest {
    private static final int OPS = 200_000;

    static ThreadParams thread(int index, int count) {
        return new ThreadParams(index, count, 0, 1, 0, 1, index, count, index, count);
    }

    @AfterEach
    void unbind() {
        LogicalCpu.unbind();
    }

    /** Bytes per operation the calling thread allocates running {@code op}, the best of three rounds after a warm-up. */
    static double allocatedPerOp(LongSupplier op) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int i = 0; i < OPS; i++) {
            sink += op.getAsLong();
        }
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < OPS; i++) {
                sink += op.getAsLong();
            }
            best = Math.min(best, mx.getCurrentThreadAllocatedBytes() - before);
        }
        assertTrue(sink != 42, "keep the results alive");
        return (double) best / OPS;
    }

    static void assertAllocationFree(LongSupplier op, String what) {
        double perOp = allocatedPerOp(op);
        assertTrue(perOp < 0.01, what + " allocates " + perOp + " B/op");
    }

    @Test
    void counterAddsCountAndMaplabAllocatesNothing() {
        for (String impl : new String[] {PercpuBench.MAPLAB, PercpuBench.MAPLAB_SHARED, PercpuBench.MAPLAB_THREADLOCAL, PercpuBench.LONGADDER,
                PercpuBench.ATOMICLONG}) {
            CounterAddBench.Counters c = new CounterAddBench.Counters();
            c.impl = impl;
            c.cpus = 2;
            c.batch = 32;
            c.setUp();
            CounterAddBench.Cpu cpu = new CounterAddBench.Cpu();
            cpu.setUp(c, thread(1, 2));
            for (int i = 0; i < 1000; i++) {
                CounterAddBench.add(c, cpu);
            }
            long total = c.maplab != null ? c.maplab.sum() : c.adder != null ? c.adder.sum() : c.atomic.get();
            assertEquals(1000, total, impl);
        }
        CounterAddBench.Counters c = new CounterAddBench.Counters();
        c.impl = PercpuBench.MAPLAB;
        c.cpus = 2;
        c.batch = 32;
        c.setUp();
        CounterAddBench.Cpu cpu = new CounterAddBench.Cpu();
        cpu.setUp(c, thread(0, 1));
        assertAllocationFree(() -> {
            CounterAddBench.add(c, cpu);
            return 0;
        }, "PercpuCounter.add");
    }

    @Test
    void counterReadsSeeTheTotalsAndMaplabAllocatesNothing() {
        CounterReadBench.Counters c = new CounterReadBench.Counters();
        c.impl = PercpuBench.MAPLAB;
        c.cpus = 64;
        c.setUp();
        long expected = 0;
        for (int cpu = 0; cpu < 64; cpu++) {
            expected += 1 + cpu % 7;
        }
        assertEquals(expected, CounterReadBench.sumOf(c));
        assertEquals(0, CounterReadBench.readOf(c), "every delta is still in its cell: read() sees only the count");
        assertTrue(expected < c.maplab.errorBound());
        assertAllocationFree(() -> CounterReadBench.readOf(c), "PercpuCounter.read");
        assertAllocationFree(() -> CounterReadBench.sumOf(c), "PercpuCounter.sum");

        CounterReadBench.Counters a = new CounterReadBench.Counters();
        a.impl = PercpuBench.LONGADDER;
        a.cpus = 8;
        a.setUp();
        assertTrue(CounterReadBench.sumOf(a) > 0);
    }

    @Test
    void arrayUpdatesCountInTheirSlotsAndMaplabAllocatesNothing() {
        for (String impl : new String[] {PercpuBench.MAPLAB, PercpuBench.MAPLAB_ARRAY_ATOMIC, PercpuBench.ATOMICLONG,
                PercpuBench.LONGADDER}) {
            PercpuArrayUpdateBench.Arrays a = new PercpuArrayUpdateBench.Arrays();
            a.impl = impl;
            a.cpus = 2;
            a.setUp();
            new PercpuArrayUpdateBench.Cpu().setUp(a, thread(1, 2));
            for (int i = 0; i < 500; i++) {
                assertTrue(PercpuArrayUpdateBench.update(a) >= 0, impl);
            }
            long total;
            if (a.map != null) {
                long[] all = new long[2];
                assertEquals(0, a.map.lookupAllCpus(PercpuArrayUpdateBench.INDEX, all));
                total = all[0] + all[1];
                if (!a.atomic) {
                    assertEquals(500, all[1], "a per-CPU update lands in the thread's CPU's slot (CPU 1)");
                }
            } else if (a.atomics != null) {
                total = a.atomics.get(PercpuArrayUpdateBench.INDEX);
            } else {
                total = a.adders[PercpuArrayUpdateBench.INDEX].sum();
            }
            assertEquals(500, total, impl);
            if (a.map != null) {
                assertAllocationFree(() -> PercpuArrayUpdateBench.update(a), impl + " update");
            }
        }
    }

    @Test
    void perCpuTotalsAddUpAndMaplabAllocatesNothing() {
        PercpuArrayReadBench.Arrays a = new PercpuArrayReadBench.Arrays();
        a.impl = PercpuBench.MAPLAB;
        a.cpus = 8;
        a.setUp();
        assertEquals(36, PercpuArrayReadBench.total(a), "slots 1..8");
        assertAllocationFree(() -> PercpuArrayReadBench.total(a), "PERCPU_ARRAY lookupAllCpus + sum");
    }

    @Test
    void lookupsFindTheirValuesAndMaplabAllocatesNothing() {
        for (String impl : new String[] {PercpuBench.MAPLAB, PercpuBench.MAPLAB_HASH, PercpuBench.CHM}) {
            ArrayLookupBench.Maps m = new ArrayLookupBench.Maps();
            m.impl = impl;
            m.entries = 1024;
            m.setUp();
            ArrayLookupBench.Probes p = new ArrayLookupBench.Probes();
            p.setUp(m, thread(0, 1));
            for (int i = 0; i < 5000; i++) {
                int index = p.index[p.cursor & p.mask];
                assertEquals(index, ArrayLookupBench.lookupOf(m, p), impl);
            }
            if (m.chm == null) {
                assertAllocationFree(() -> ArrayLookupBench.lookupOf(m, p), impl + " lookup");
            }
        }
    }

    @Test
    void unknownImplementationsAreRejected() {
        CounterAddBench.Counters c = new CounterAddBench.Counters();
        c.impl = "nope";
        c.cpus = 2;
        assertThrows(IllegalArgumentException.class, c::setUp);
    }
}
