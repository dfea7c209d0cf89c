package dev.maplab.percpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.cpu.LogicalCpu;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link PercpuCounter} against {@code lib/percpu_counter.c} (kernel-internals.md §3): batch folding, the
 * per-CPU delta invariant, {@code read}'s error bound, {@code sum}, {@code compare}, {@code set}, and no
 * lost adds under real concurrency (threads sharing logical CPUs included).
 */
@DisplayName("percpu_counter semantics")
class PercpuCounterTest {

    static void on(int cpu, Runnable r) {
        try (LogicalCpu.Binding ignored = LogicalCpu.bind(cpu)) {
            r.run();
        }
    }

    @ParameterizedTest(name = "{0} CPUs -> batch {1}")
    @CsvSource({"1, 32", "2, 32", "16, 32", "17, 34", "64, 128"})
    @DisplayName("default batch is max(32, 2 x CPUs) (compute_batch_value)")
    void defaultBatchIsMax32OrTwicePerCpu(int cpus, long batch) {
        assertEquals(batch, PercpuCounter.defaultBatch(cpus));
        PercpuCounter c = new PercpuCounter(cpus);
        assertEquals(batch, c.batch());
        assertEquals(batch * cpus, c.errorBound());
    }

    @Test
    @DisplayName("addOn(cpu) adds on the given CPU's cell, folding at the batch like add")
    void addOnAddsOnTheGivenCpusCell() {
        PercpuCounter c = new PercpuCounter(2, 0, 4);
        c.addOn(1, 3);
        assertEquals(3, c.delta(1));
        assertEquals(0, c.delta(0));
        assertEquals(0, c.read());
        c.addOn(1, 1); // |3 + 1| reaches the batch: folded into the global count
        assertEquals(0, c.delta(1));
        assertEquals(4, c.read());
        assertEquals(4, c.sum());
    }

    @Test
    @DisplayName("addOn rejects a CPU outside [0, cpus) naming it")
    void addOnRejectsACpuOutsideTheRange() {
        PercpuCounter c = new PercpuCounter(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.addOn(2, 1));
        assertTrue(e.getMessage().contains("cpu = 2"), e.getMessage());
    }

    @Test
    @DisplayName("an add below the batch stays in the CPU's cell: read() is unchanged, sum() sees it")
    void addBelowBatchStaysInTheCell() {
        PercpuCounter c = new PercpuCounter(2, 100, 8);
        on(1, () -> c.add(7));
        assertEquals(7, c.delta(1));
        assertEquals(0, c.delta(0));
        assertEquals(100, c.read());
        assertEquals(107, c.sum());
    }

    @Test
    @DisplayName("an add that would reach the batch folds the delta and the amount into count; the cell restarts at 0")
    void addReachingBatchFolds() {
        PercpuCounter c = new PercpuCounter(2, 0, 8);
        on(0, () -> c.add(7));
        on(0, () -> c.add(1)); // 7 + 1 = 8 >= batch
        assertEquals(0, c.delta(0));
        assertEquals(8, c.read());
        on(0, () -> c.add(-7));
        on(0, () -> c.add(-1)); // -8 <= -batch
        assertEquals(0, c.delta(0));
        assertEquals(0, c.read());
        on(1, () -> c.add(100)); // |amount| >= batch: straight to count
        assertEquals(0, c.delta(1));
        assertEquals(100, c.read());
    }

    @Test
    @DisplayName("random adds on random CPUs: every delta strictly inside (-batch, batch), |read - exact| < batch x CPUs, sum exact")
    void invariantHoldsAfterEveryAdd() {
        int cpus = 4;
        long batch = 5;
        PercpuCounter c = new PercpuCounter(cpus, 0, batch);
        SplittableRandom r = new SplittableRandom(42);
        long exact = 0;
        for (int i = 0; i < 20_000; i++) {
            int cpu = r.nextInt(cpus);
            long amount = r.nextInt(-7, 8);
            on(cpu, () -> c.add(amount));
            exact += amount;
            for (int k = 0; k < cpus; k++) {
                assertTrue(Math.abs(c.delta(k)) < batch, "delta of cpu " + k + " = " + c.delta(k) + " after add " + i);
            }
            assertTrue(Math.abs(c.read() - exact) < c.errorBound(), "read " + c.read() + ", exact " + exact);
            assertEquals(exact, c.sum());
        }
    }

    @Test
    @DisplayName("add(amount, batch) uses the batch it is given (the hash table's fixed 32)")
    void addWithExplicitBatch() {
        PercpuCounter c = new PercpuCounter(2, 0, 1000);
        on(0, () -> c.add(31, 32));
        assertEquals(0, c.read());
        on(0, () -> c.add(1, 32));
        assertEquals(32, c.read());
        assertEquals(0, c.delta(0));
    }

    @Test
    @DisplayName("compare: the rough count decides when |read - rhs| > batch x CPUs, the exact sum otherwise")
    void compareUsesReadWhenFarAndSumWhenNear() {
        PercpuCounter c = new PercpuCounter(2, 0, 32);
        on(0, () -> c.add(31));
        on(1, () -> c.add(31));
        assertEquals(0, c.read());
        assertEquals(62, c.sum());
        assertEquals(1, c.compare(0), "near: sum 62 > 0");
        assertEquals(0, c.compare(62), "near: sum == 62");
        assertEquals(-1, c.compare(63));
        assertEquals(-1, c.compare(100), "far (|0 - 100| > 64): read decides, and cannot be wrong");
        assertEquals(1, c.compare(-65), "far below");
        assertEquals(-1, c.compare(30, 1), "the contract is the adds' batch: with batch 1, |0 - 30| > 2 lets read (0)"
                + " decide although the exact total is 62");
    }

    @Test
    @DisplayName("read_positive and sum_positive clamp negatives to 0")
    void positiveVariantsClamp() {
        PercpuCounter c = new PercpuCounter(2, -10, 32);
        on(0, () -> c.add(3));
        assertEquals(0, c.readPositive());
        assertEquals(0, c.sumPositive());
        assertEquals(-7, c.sum());
    }

    @Test
    @DisplayName("set zeroes every CPU's delta and sets count")
    void setZeroesTheCells() {
        PercpuCounter c = new PercpuCounter(3, 0, 32);
        on(0, () -> c.add(5));
        on(2, () -> c.add(-4));
        c.set(1000);
        assertEquals(1000, c.read());
        assertEquals(1000, c.sum());
        assertEquals(0, c.delta(0));
        assertEquals(0, c.delta(2));
    }

    @Test
    @DisplayName("misuse: CPUs out of 1..1024, batch < 1, a thread bound to a CPU the counter does not have")
    void misuseIsIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> new PercpuCounter(0));
        assertThrows(IllegalArgumentException.class, () -> new PercpuCounter(1025));
        assertThrows(IllegalArgumentException.class, () -> new PercpuCounter(2, 0, 0));
        PercpuCounter c = new PercpuCounter(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.add(1, 0));
        assertTrue(e.getMessage().startsWith("batch = 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.compare(0, -1));
        assertThrows(IllegalStateException.class, () -> on(2, () -> c.add(1)));
    }

    @Test
    @DisplayName("4 threads on 2 logical CPUs (two per cell), 200k adds of both signs: sum() is exact at the end")
    void concurrentAddsSharingCpusLoseNothing() throws InterruptedException {
        PercpuCounter c = new PercpuCounter(2, 0, 4);
        int threads = 4;
        int adds = 50_000;
        AtomicLong exact = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            final int tt = t;
            ts[t] = new Thread(() -> {
                LogicalCpu.set(tt % 2);
                SplittableRandom r = new SplittableRandom(tt);
                long mine = 0;
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < adds; i++) {
                    long a = r.nextInt(-3, 5);
                    c.add(a);
                    mine += a;
                    if ((i & 1023) == 0) {
                        c.sum(); // sums take the lock: folds queue behind them
                    }
                }
                exact.addAndGet(mine);
            });
            ts[t].start();
        }
        start.countDown();
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(exact.get(), c.sum());
        // two threads share each cell, so a cell may hold up to 2 x (batch - 1) while one of them folds; at rest each is inside.
        assertTrue(Math.abs(c.delta(0)) < 4 && Math.abs(c.delta(1)) < 4, c.toString());
        assertTrue(Math.abs(c.read() - exact.get()) < c.errorBound());
    }
}
