package dev.maplab.percpu.mutant;

import dev.maplab.percpu.PercpuCounter;

/**
 * Mutant: an add that finds the lock busy does not wait to fold; it adds to the CPU's cell anyway ("the
 * folder will catch up later"). No add is lost and {@code sum()} stays exact at quiescence, but the cell
 * leaves {@code (-batch, batch)} while the lock is held (by a {@code sum()} or another CPU's fold), so
 * {@code read()} drifts beyond its error bound of {@code batch x cpus}.
 */
public class SkipFoldWhenBusyCounter extends PercpuCounter {
    public SkipFoldWhenBusyCounter(int cpus, long initial, long batch) {
        super(cpus, initial, batch);
    }

    @Override
    protected void addSlow(int cell, long amount) {
        if (!tryLock()) {
            xaddCell(cell, amount); // DEFECT: the delta is let past the batch instead of being folded
            return;
        }
        try {
            long delta = fold(cell);
            soCount(lpCount() + delta + amount);
        } finally {
            unlock();
        }
    }
}
