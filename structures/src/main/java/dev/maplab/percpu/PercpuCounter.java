package dev.maplab.percpu;

import dev.maplab.api.Errors;
import dev.maplab.api.MapSpec;
import dev.maplab.cpu.LogicalCpu;
import dev.maplab.cpu.SpinLock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The kernel's per-CPU counter ({@code lib/percpu_counter.c}, {@code struct percpu_counter}): a global
 * count under a lock plus one small delta per logical CPU, folded into the count when it would reach
 * the batch.
 *
 * <h2>Overview</h2>
 * State: {@code count} (the kernel's {@code fbc->count}), one delta cell per logical CPU (the kernel's
 * {@code s32 __percpu *counters}, here a {@code long} padded to 128 bytes so that two CPUs' cells never
 * share a cache line or an adjacent-line prefetch pair), and a spin lock ({@code fbc->lock}).
 * <ul>
 *   <li>{@link #add(long, long) add(amount, batch)} ({@code percpu_counter_add_batch}, the cmpxchg fast
 *       path of Linux 6.11): while {@code |delta + amount| < batch}, compare-and-swap the calling CPU's
 *       delta to {@code delta + amount}; otherwise take the lock, take the CPU's whole delta out of its
 *       cell (atomic swap with 0) and add {@code delta + amount} to {@code count}. <b>Invariant:</b> every
 *       cell stays strictly inside {@code (-batch, batch)}.</li>
 *   <li>Owned cells ({@link Cells#OWNED}, {@link #owned}): a thread {@link #claim claims} a CPU and adds
 *       through the {@link ClaimedCpu}; the fast path is then {@link #addFastOwned}, a plain load and a
 *       store-release with no atomic instruction (the kernel's {@code this_cpu_add} on x86: one
 *       unlocked instruction, safe because preemption is off), and the slow path is the same fold under
 *       the lock. A claim is a compare-and-swap of a claim word beside the cell, so a CPU has one writer
 *       at a time, as a kernel CPU runs one context with preemption off.</li>
 *   <li>{@link #read()} ({@code percpu_counter_read}): {@code count} alone, one load, no lock: cheap and
 *       approximate, {@code |read() - exact| < batch x cpus}.</li>
 *   <li>{@link #sum()} ({@code __percpu_counter_sum}): under the lock, {@code count} plus every cell:
 *       exact when nothing runs concurrently.</li>
 *   <li>{@link #compare(long)} ({@code __percpu_counter_compare}): decides from {@link #read()} when
 *       {@code |read() - rhs| > batch x cpus}, from {@link #sum()} otherwise.</li>
 *   <li>Default batch {@link #defaultBatch(int) max(32, 2 x cpus)} ({@code compute_batch_value()}).</li>
 * </ul>
 *
 * <h2>What holds under concurrency</h2>
 * <ul>
 *   <li><b>No add is lost or counted twice.</b> Fast-path adds are compare-and-swaps on the cell; a fold
 *       takes the cell's value and leaves 0 in one atomic swap, so an add that lands on the cell while
 *       another context folds it is either in the swapped-out value or stays in the cell. At quiescence
 *       {@link #sum()} is the exact total of all adds.</li>
 *   <li><b>{@link #read()} is within its error bound at every moment</b>, because each CPU's delta is
 *       inside {@code (-batch, batch)} (with one context per CPU, as in the kernel; see below).</li>
 *   <li><b>{@link #sum()} is not a snapshot.</b> The lock excludes folds, not fast-path adds: the cells
 *       are read one after another while adds continue on other CPUs. With increments of one only,
 *       every value between the totals at the start and at the end of the sum is taken at some moment,
 *       so {@code sum()} is linearizable. With adds of both signs it is not: a sum can return a total
 *       the counter never held (it reads CPU 0's cell before a {@code +1} there, and CPU 1's cell after a
 *       later {@code -1} there, and returns -1 where the counter went 0, 1, 0). Lincheck finds that
 *       counterexample (the lincheck module keeps it as a test that must find it); {@code
 *       LongAdder.sum()} documents the same property ("not an atomic snapshot").</li>
 *   <li>{@link #set(long)} ({@code percpu_counter_set}) zeroes the cells under the lock; adds running
 *       concurrently on other CPUs may be kept or dropped, as in the kernel.</li>
 * </ul>
 *
 * <h2>Mapping to the kernel, and what is lost</h2>
 * <ul>
 *   <li>The kernel's fast path runs with preemption off, so only this CPU (or an interrupt on it) touches
 *       the CPU's cell; its slow path runs with interrupts off. maplab offers both halves of that
 *       guarantee. With shared cells (the default), the "CPU" is the calling thread's {@link LogicalCpu},
 *       two threads may share one id, and the cell is updated with atomic instructions (compare-and-swap,
 *       swap): what the kernel gets from {@code local_cmpxchg} and IRQs-off, maplab gets from the atomics.
 *       With owned cells, the claim is the preemption-off guarantee, and the fast path is the kernel's
 *       unlocked add; the jcstress test {@code ClaimVsClaimSameCpuTest} shows what the claim prevents (with
 *       a claim that does not take the CPU, a third of the samples lose an add). Two threads on one CPU never lose an add; they do
 *       weaken the error bound: while one folds (its cell's old delta in hand), the other can start a
 *       new delta in the cell, so that CPU holds up to {@code 2 x (batch - 1)} outside {@code count}.</li>
 *   <li>The kernel finds its CPU's cell with a per-CPU register read ({@code this_cpu_ptr}); {@link #add(long)}
 *       asks {@link LogicalCpu#current(int)}, a {@code ThreadLocal} lookup of a few nanoseconds on every add
 *       ({@code LongAdder} keeps its probe in a field of {@code Thread}, which maplab cannot add).
 *       {@link #addOn(int, long)} takes the CPU from the caller, and a {@link ClaimedCpu} holds its cell's
 *       index, as {@code this_cpu_ptr} does.</li>
 *   <li>Cells are {@code long}, not {@code s32}; amounts and counts are {@code long} (s64) and wrap on
 *       overflow as the kernel's do. CPU hotplug ({@code cpu_dying_mask}, the CPU-dead fold) and {@code
 *       percpu_counter_add_local} are not modelled.</li>
 * </ul>
 *
 * <h2>Reading guide</h2>
 * {@link #add(long, long)}, then its three protected steps {@link #addFast} (the cmpxchg loop),
 * {@link #addSlow} (lock, fold, add to count) and {@link #fold} (take the cell's delta, leave 0); then
 * {@link #claim}, {@link ClaimedCpu#add} and {@link #addFastOwned} (owned cells). The mutants in
 * {@code dev.maplab.percpu.mutant} each override one protected step. Then {@link #read()},
 * {@link #sum()} and {@link #compare(long, long)}.
 */
public class PercpuCounter {
    static final VarHandle LONG = MethodHandles.arrayElementVarHandle(long[].class);

    /** Longs per cell: 128 bytes, two cache lines, so no two CPUs' cells share a line or a prefetch pair. */
    public static final int CELL = 16;
    /** Index of {@code count} in {@link #global} (padded on both sides). */
    protected static final int COUNT = CELL;
    /**
     * Index of the lock word in {@link #global}: next to {@code count}, on the same cache line, as in
     * {@code struct percpu_counter { raw_spinlock_t lock; s64 count; ... }}. A fold takes the lock and
     * writes the count, so on another CPU it moves one line, not two.
     */
    protected static final int LOCK = COUNT + 1;

    /**
     * Who may write a CPU's cell. {@link #SHARED}: any thread that runs on the logical CPU ({@link
     * LogicalCpu}), so cells are updated with atomic instructions. {@link #OWNED}: only the {@link
     * ClaimedCpu} that claimed the CPU, as only the code running on a CPU with preemption off touches its
     * cell in the kernel; the fast path is then a plain load and a store, the kernel's {@code this_cpu_add}.
     */
    public enum Cells {
        SHARED,
        OWNED
    }

    protected final int cpus;
    protected final long batch;
    protected final Cells access;
    /** CPU {@code c}'s delta at {@code (c + 1) * CELL}; the first and last {@code CELL} longs are padding. */
    protected final long[] cells;
    /**
     * {@code fbc->count} at {@link #COUNT} and {@code fbc->lock} at {@link #LOCK}, one cache line padded on
     * both sides from everything else: folds take the lock and write the count, {@link #read()} reads it.
     */
    protected final long[] global;

    /** A counter at 0 for {@code cpus} logical CPUs, with the default batch {@code max(32, 2 x cpus)}. */
    public PercpuCounter(int cpus) {
        this(cpus, 0, defaultBatch(cpus));
    }

    /**
     * {@code percpu_counter_init(fbc, initial)} for {@code cpus} logical CPUs, with {@code batch} as the batch
     * of {@link #add(long)} and {@link #compare(long)}.
     */
    public PercpuCounter(int cpus, long initial, long batch) {
        this(cpus, initial, batch, Cells.SHARED);
    }

    /**
     * A counter whose cells are {@link Cells#OWNED owned}: adds go through {@link #claim(int)}, one claim per
     * CPU at a time; {@link #add(long)} and {@link #addOn(int, long)} are refused.
     */
    public static PercpuCounter owned(int cpus, long initial, long batch) {
        return new PercpuCounter(cpus, initial, batch, Cells.OWNED);
    }

    /** {@code percpu_counter_init(fbc, initial)}, with {@code access} saying who may write a CPU's cell. */
    public PercpuCounter(int cpus, long initial, long batch, Cells access) {
        if (access == null) {
            throw Errors.badArgument("access", "null", "SHARED or OWNED");
        }
        if (cpus < 1 || cpus > MapSpec.MAX_CPUS) {
            throw Errors.badArgument("cpus", cpus, "must be between 1 and " + MapSpec.MAX_CPUS);
        }
        requireBatch(batch);
        this.cpus = cpus;
        this.batch = batch;
        this.access = access;
        this.cells = new long[(cpus + 2) * CELL];
        this.global = new long[2 * CELL];
        global[COUNT] = initial;
        VarHandle.releaseFence(); // the initial state is visible to threads that receive the counter racily
    }

    /** {@code compute_batch_value()}: {@code max(32, 2 x cpus)}. */
    public static long defaultBatch(int cpus) {
        return Math.max(32, 2L * cpus);
    }

    private static void requireBatch(long batch) {
        if (batch < 1) {
            throw Errors.badArgument("batch", batch, "must be at least 1");
        }
    }

    /** Index of CPU {@code cpu}'s cell in {@link #cells}. */
    protected static int cellOf(int cpu) {
        return (cpu + 1) * CELL;
    }

    /** Index of the claim word of the cell at {@code cell}: in the cell's second cache line (claims are rare). */
    protected static int claimWordOf(int cell) {
        return cell + CELL / 2;
    }

    // =============================================================================================
    // Accesses, named by ordering
    // =============================================================================================

    /** A cell, load-acquire: pairs with the volatile compare-and-swap and swap that write cells. */
    protected final long lvCell(int cell) {
        return (long) LONG.getAcquire(cells, cell);
    }

    /** Compare-and-exchange of a cell (volatile); returns the witness value. */
    protected final long caxCell(int cell, long expect, long update) {
        return (long) LONG.compareAndExchange(cells, cell, expect, update);
    }

    /** Swap of a cell (volatile): its old value out, {@code v} in, in one step. */
    protected final long xchgCell(int cell, long v) {
        return (long) LONG.getAndSet(cells, cell, v);
    }

    /** Atomic add to a cell (volatile). */
    protected final long xaddCell(int cell, long delta) {
        return (long) LONG.getAndAdd(cells, cell, delta);
    }

    /** A cell, opaque store: mutants only (a plain write that other writers of the cell can overwrite). */
    protected final void spCell(int cell, long v) {
        LONG.setOpaque(cells, cell, v);
    }

    /** A cell, plain load: its owner's own last write (an {@link Cells#OWNED} cell has one writer). */
    protected final long lpCell(int cell) {
        return cells[cell];
    }

    /** A cell, store-release by its owner: pairs with the acquire loads of {@link #sum()} and {@link #delta}. */
    protected final void soCell(int cell, long v) {
        LONG.setRelease(cells, cell, v);
    }

    /** {@code count}, load-acquire ({@code READ_ONCE(fbc->count)}): pairs with {@link #soCount}. */
    protected final long lvCount() {
        return (long) LONG.getAcquire(global, COUNT);
    }

    /** {@code count}, plain: the lock holder. */
    protected final long lpCount() {
        return global[COUNT];
    }

    /** {@code count}, store-release by the lock holder: pairs with the lock-free {@link #lvCount} of {@link #read()}. */
    protected final void soCount(long v) {
        LONG.setRelease(global, COUNT, v);
    }

    protected final void lock() {
        SpinLock.lock(global, LOCK);
    }

    protected final boolean tryLock() {
        return SpinLock.tryLock(global, LOCK);
    }

    protected final void unlock() {
        SpinLock.unlock(global, LOCK);
    }

    // =============================================================================================
    // add
    // =============================================================================================

    /** {@code percpu_counter_add(fbc, amount)}: {@link #add(long, long)} with this counter's batch. */
    public final void add(long amount) {
        add(amount, batch);
    }

    /** {@code percpu_counter_inc}. */
    public final void inc() {
        add(1, batch);
    }

    /** {@code percpu_counter_dec}. */
    public final void dec() {
        add(-1, batch);
    }

    /**
     * {@code percpu_counter_add_batch(fbc, amount, batch)} on the calling thread's logical CPU: the cell
     * takes the amount while it stays strictly inside {@code (-batch, batch)}; otherwise the cell's delta and
     * the amount go into {@code count} under the lock.
     *
     * @throws IllegalArgumentException when {@code batch < 1}
     */
    public final void add(long amount, long batch) {
        if (batch < 1) {
            requireBatch(batch);
        }
        if (access == Cells.OWNED) {
            throw ownedCells("add");
        }
        int cell = cellOf(LogicalCpu.current(cpus));
        if (!addFast(cell, amount, batch)) {
            addSlow(cell, amount);
        }
    }

    /**
     * {@code percpu_counter_add_batch} with this counter's batch on logical CPU {@code cpu}, given by the
     * caller: the stand-in for a program's {@code this_cpu_ptr}, which costs the kernel one segment-relative
     * load, where {@link #add(long)} pays a {@code ThreadLocal} lookup in {@link LogicalCpu}. The caller
     * must run on {@code cpu} (a bound thread passing its own id).
     *
     * @throws IllegalArgumentException when {@code cpu} is not in {@code [0, cpus)}
     */
    public final void addOn(int cpu, long amount) {
        if (cpu < 0 || cpu >= cpus) {
            throw Errors.badArgument("cpu", cpu, "must be in [0, " + cpus + ")");
        }
        if (access == Cells.OWNED) {
            throw ownedCells("addOn");
        }
        int cell = cellOf(cpu);
        if (!addFast(cell, amount, batch)) {
            addSlow(cell, amount);
        }
    }

    /**
     * The fast path: {@code old = cell; while (|old + amount| < batch) try cmpxchg(cell, old, old + amount)}.
     * Returns false, having changed nothing, when the new delta would reach the batch.
     */
    protected boolean addFast(int cell, long amount, long batch) {
        long old = lvCell(cell);
        for (;;) {
            long c = old + amount;
            if (c >= batch || c <= -batch) {
                return false;
            }
            long witness = caxCell(cell, old, c);
            if (witness == old) {
                return true;
            }
            old = witness; // another context on this CPU changed the cell: decide again
        }
    }

    /**
     * The fast path of an {@link Cells#OWNED owned} cell, the kernel's {@code this_cpu_add} with preemption
     * off: a plain load and a store-release, no atomic instruction, because the claim makes the caller the
     * cell's only writer. Returns false, having changed nothing, when the new delta would reach the batch.
     */
    protected boolean addFastOwned(int cell, long amount, long batch) {
        long c = lpCell(cell) + amount;
        if (c >= batch || c <= -batch) {
            return false;
        }
        soCell(cell, c);
        return true;
    }

    /** The slow path: under the lock, fold the cell and add its delta and {@code amount} to {@code count}. */
    protected void addSlow(int cell, long amount) {
        lock();
        try {
            long delta = fold(cell);
            soCount(lpCount() + delta + amount);
        } finally {
            unlock();
        }
    }

    /**
     * Takes the CPU's whole delta out of its cell and leaves 0 there, in one atomic swap: an add that lands
     * on the cell meanwhile is either in the value returned or in the cell afterwards, never lost or doubled.
     * (The kernel re-reads the cell and subtracts what it read, with interrupts off so that nothing can
     * land in between.)
     */
    protected long fold(int cell) {
        return xchgCell(cell, 0);
    }

    // =============================================================================================
    // Owned cells: claim a CPU, add through the claim
    // =============================================================================================

    /**
     * Claims logical CPU {@code cpu} of an {@link Cells#OWNED owned} counter: until the claim is closed, its
     * cell is written through the returned {@link ClaimedCpu} only (the kernel's {@code preempt_disable()}
     * and {@code this_cpu_ptr()}). The claim is a compare-and-swap of the cell's claim word, so two claims of
     * one CPU never hold at once.
     *
     * @throws IllegalArgumentException when {@code cpu} is not in {@code [0, cpus)}
     * @throws IllegalStateException when the counter's cells are {@link Cells#SHARED shared}, or {@code cpu} is
     *     claimed already
     */
    public final ClaimedCpu claim(int cpu) {
        if (cpu < 0 || cpu >= cpus) {
            throw Errors.badArgument("cpu", cpu, "must be in [0, " + cpus + ")");
        }
        if (access != Cells.OWNED) {
            throw new IllegalStateException("claim(" + cpu + "): this counter's cells are SHARED (any thread on a"
                    + " CPU adds with add()); claims need a counter built with Cells.OWNED");
        }
        int cell = cellOf(cpu);
        if (!takeClaim(cell)) {
            throw new IllegalStateException("claim(" + cpu + "): cpu " + cpu + " is claimed already; close that"
                    + " claim first (one writer per owned cell)");
        }
        return new ClaimedCpu(this, cpu, cell);
    }

    /** Takes the claim word of a cell: compare-and-swap 0 to 1 (volatile); false when it is taken. */
    protected boolean takeClaim(int cell) {
        return LONG.compareAndSet(cells, claimWordOf(cell), 0L, 1L);
    }

    /** Returns the claim word: store-release, so the next owner sees the cell as this one left it. */
    protected final void releaseClaim(int cell) {
        LONG.setRelease(cells, claimWordOf(cell), 0L);
    }

    private IllegalStateException ownedCells(String op) {
        return new IllegalStateException(op + ": this counter's cells are OWNED; add through the ClaimedCpu that"
                + " claim(cpu) returns");
    }

    /**
     * One logical CPU of an {@link Cells#OWNED owned} counter, claimed: the writer of that CPU's cell. Use it
     * from one thread at a time (as a kernel context uses its CPU), and close it to give the CPU back.
     */
    public static final class ClaimedCpu implements AutoCloseable {
        private final PercpuCounter counter;
        private final int cpu;
        private final int cell;
        private final long batch;
        private boolean closed;

        ClaimedCpu(PercpuCounter counter, int cpu, int cell) {
            this.counter = counter;
            this.cpu = cpu;
            this.cell = cell;
            this.batch = counter.batch;
        }

        /** {@code percpu_counter_add(fbc, amount)} on this CPU, with the counter's batch. */
        public void add(long amount) {
            if (closed) {
                throw new IllegalStateException("add on cpu " + cpu + ": the claim is closed");
            }
            if (!counter.addFastOwned(cell, amount, batch)) {
                counter.addSlow(cell, amount);
            }
        }

        /** {@code percpu_counter_inc} on this CPU. */
        public void inc() {
            add(1);
        }

        public int cpu() {
            return cpu;
        }

        /** Gives the CPU back; a closed claim refuses adds. Closing twice does nothing. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                counter.releaseClaim(cell);
            }
        }
    }

    // =============================================================================================
    // read, sum, compare, set
    // =============================================================================================

    /** {@code percpu_counter_read}: the global count alone; within {@code batch x cpus} of the exact total. */
    public final long read() {
        return lvCount();
    }

    /** {@code percpu_counter_read_positive}: {@link #read()}, negatives as 0. */
    public final long readPositive() {
        long c = lvCount();
        return c >= 0 ? c : 0;
    }

    /**
     * {@code percpu_counter_sum}: under the lock, {@code count} plus every CPU's delta. Exact when no add runs
     * concurrently; not a snapshot otherwise (see the class overview).
     */
    public final long sum() {
        lock();
        try {
            long s = lpCount();
            for (int c = 0; c < cpus; c++) {
                s += lvCell(cellOf(c));
            }
            return s;
        } finally {
            unlock();
        }
    }

    /** {@code percpu_counter_sum_positive}: {@link #sum()}, negatives as 0. */
    public final long sumPositive() {
        long s = sum();
        return s >= 0 ? s : 0;
    }

    /** {@code percpu_counter_compare(fbc, rhs)}: {@link #compare(long, long)} with this counter's batch. */
    public final int compare(long rhs) {
        return compare(rhs, batch);
    }

    /**
     * {@code __percpu_counter_compare(fbc, rhs, batch)}: -1, 0 or 1 as the counter is below, at or above
     * {@code rhs}. When {@code |read() - rhs| > batch x cpus} the rough count decides (it cannot be on the
     * wrong side); otherwise the exact {@link #sum()} does.
     */
    public final int compare(long rhs, long batch) {
        requireBatch(batch);
        long count = read();
        if (Math.abs(count - rhs) > batch * cpus) {
            return count > rhs ? 1 : -1;
        }
        return Long.compare(sum(), rhs);
    }

    /** {@code percpu_counter_set}: under the lock, every cell to 0 and {@code count} to {@code amount}. */
    public final void set(long amount) {
        lock();
        try {
            for (int c = 0; c < cpus; c++) {
                xchgCell(cellOf(c), 0);
            }
            soCount(amount);
        } finally {
            unlock();
        }
    }

    // =============================================================================================
    // Introspection
    // =============================================================================================

    public final int cpus() {
        return cpus;
    }

    /** Who may write a CPU's cell. */
    public final Cells access() {
        return access;
    }

    /** The batch of {@link #add(long)} and {@link #compare(long)}. */
    public final long batch() {
        return batch;
    }

    /** {@code batch x cpus}: {@link #read()} is strictly closer than this to the exact total. */
    public final long errorBound() {
        return batch * cpus;
    }

    /** CPU {@code cpu}'s current delta (racy; for tests and studies). */
    public final long delta(int cpu) {
        if (cpu < 0 || cpu >= cpus) {
            throw Errors.badArgument("cpu", cpu, "must be between 0 and " + (cpus - 1));
        }
        return lvCell(cellOf(cpu));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{cpus=" + cpus + ", batch=" + batch + ", count=" + read() + "}";
    }
}
