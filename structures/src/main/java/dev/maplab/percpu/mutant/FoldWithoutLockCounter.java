package dev.maplab.percpu.mutant;

import dev.maplab.percpu.PercpuCounter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Mutant: the fold skips the lock ("the swap of the cell is atomic and the count is added atomically, so no
 * lock is needed"). No add is lost, but {@code sum()} relies on the lock to exclude folds: a sum that reads
 * {@code count} before a fold adds the delta to it, and the cell after the fold emptied it, misses the delta
 * altogether (and one that reads them the other way round counts it twice).
 */
public class FoldWithoutLockCounter extends PercpuCounter {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    public FoldWithoutLockCounter(int cpus, long initial, long batch) {
        super(cpus, initial, batch);
    }

    /** The same defect with {@code access} cells (the fold is shared by both kinds of cells). */
    public FoldWithoutLockCounter(int cpus, long initial, long batch, Cells access) {
        super(cpus, initial, batch, access);
    }

    @Override
    protected void addSlow(int cell, long amount) {
        long delta = fold(cell);
        LONGS.getAndAdd(global, COUNT, delta + amount); // DEFECT: folded outside the lock that sum() takes
    }
}
