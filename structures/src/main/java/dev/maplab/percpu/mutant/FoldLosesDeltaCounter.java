package dev.maplab.percpu.mutant;

import dev.maplab.percpu.PercpuCounter;

/**
 * Mutant: the fold reads the cell and then resets it with a separate store ({@code v = cell; cell = 0}),
 * as the kernel's slow path may afford with interrupts off. With two contexts on one CPU (two threads
 * sharing a logical CPU id, or a program and an NMI program on one CPU), an add that lands on the cell
 * between the read and the reset is wiped out: it is in neither the folded delta nor the cell.
 */
public class FoldLosesDeltaCounter extends PercpuCounter {
    public FoldLosesDeltaCounter(int cpus, long initial, long batch) {
        super(cpus, initial, batch);
    }

    @Override
    protected long fold(int cell) {
        long delta = lvCell(cell);
        spCell(cell, 0); // DEFECT: not one atomic step with the read: an add in between is lost
        return delta;
    }
}
