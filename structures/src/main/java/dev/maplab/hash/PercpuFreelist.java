package dev.maplab.hash;

import dev.maplab.cpu.SpinLock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The kernel's {@code pcpu_freelist}: one LIFO stack of free element indices per logical CPU.
 *
 * <p>Policy ({@code kernel/bpf/percpu_freelist.c}):
 * <ul>
 *   <li>populate: the first {@code n / cpus + 1} elements go to CPU 0's stack, the next to CPU 1, ...
 *       (contiguous chunks; the last CPUs may get fewer or none);</li>
 *   <li>push: onto the current CPU's stack, under that stack's lock;</li>
 *   <li>pop: the current CPU's stack first, then every other CPU once in wrap-around order, one element
 *       at a time; a stack whose head reads empty is skipped <em>without</em> taking its lock (the 2022
 *       change that made pops from a full map cheap). All empty: none (the caller answers -E2BIG).</li>
 * </ul>
 * No batching, no balancing: stealing is one element at a time.
 *
 * <p>The link from a free element to the next free one is kept in {@link ElementArena#prev}, the
 * {@code pprev} overlay, so that freeing never disturbs the chain link a parked reader follows.
 *
 * <p>Per-CPU cells are padded to 64 bytes: {@code cells[cpu * 16]} is the head, {@code +1} the lock.
 */
public class PercpuFreelist {
    static final VarHandle INT = MethodHandles.arrayElementVarHandle(int[].class);
    public static final int EMPTY = -1;
    private static final int CELL = 16;

    private final int cpus;
    private final int[] cells;
    protected final ElementArena arena;

    public PercpuFreelist(int cpus, ElementArena arena) {
        this.cpus = cpus;
        this.arena = arena;
        this.cells = new int[cpus * CELL];
        for (int c = 0; c < cpus; c++) {
            cells[c * CELL] = EMPTY;
        }
    }

    /** {@code pcpu_freelist_populate}: elements {@code [0, n)} in contiguous per-CPU chunks. */
    public void populate(int n) {
        int perCpu = n / cpus + 1;
        int e = 0;
        for (int c = 0; c < cpus && e < n; c++) {
            for (int j = 0; j < perCpu && e < n; j++, e++) {
                pushLocked(c, e);
            }
        }
    }

    /** The free-element link of {@code e} (the pprev overlay). */
    protected int link(int e) {
        return arena.prev(e);
    }

    protected void setLink(int e, int next) {
        arena.setPrev(e, next);
    }

    /** {@code __pcpu_freelist_push}: onto {@code cpu}'s stack. */
    public void push(int cpu, int e) {
        int lock = cpu * CELL + 1;
        SpinLock.lock(cells, lock);
        pushLocked(cpu, e);
        SpinLock.unlock(cells, lock);
    }

    private void pushLocked(int cpu, int e) {
        int head = cpu * CELL;
        setLink(e, cells[head]);
        // Opaque: the lock orders the stack; pop's unlocked emptiness peek only needs a fresh value.
        INT.setOpaque(cells, head, e);
    }

    /** {@code __pcpu_freelist_pop}: this CPU's stack, then the others once each; EMPTY when all are empty. */
    public int pop(int cpu) {
        int c = cpu;
        for (int i = 0; i < cpus; i++) {
            int head = c * CELL;
            // Unlocked peek (Feng Zhou 2022): skip an empty stack without touching its lock.
            if ((int) INT.getOpaque(cells, head) != EMPTY) {
                SpinLock.lock(cells, head + 1);
                int e = cells[head];
                if (e != EMPTY) {
                    INT.setOpaque(cells, head, link(e));
                    SpinLock.unlock(cells, head + 1);
                    return e;
                }
                SpinLock.unlock(cells, head + 1);
            }
            c = c + 1 == cpus ? 0 : c + 1;
        }
        return EMPTY;
    }

    /** Free elements on {@code cpu}'s stack (walks it under the lock; for tests and studies). */
    public int count(int cpu) {
        int head = cpu * CELL;
        SpinLock.lock(cells, head + 1);
        int n = 0;
        for (int e = cells[head]; e != EMPTY; e = link(e)) {
            n++;
        }
        SpinLock.unlock(cells, head + 1);
        return n;
    }

    public int cpus() {
        return cpus;
    }
}
