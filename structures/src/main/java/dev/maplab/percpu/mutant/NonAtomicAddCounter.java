package dev.maplab.percpu.mutant;

import dev.maplab.percpu.PercpuCounter;

/**
 * Mutant: the fast path adds to the cell with a plain read and a plain write ({@code cell += amount}), as
 * the kernel's {@code this_cpu_add} may with preemption off. When two threads share a logical CPU id (or a
 * program is interrupted on its CPU by another that adds), both read the same old delta and one add is lost.
 */
public class NonAtomicAddCounter extends PercpuCounter {
    public NonAtomicAddCounter(int cpus, long initial, long batch) {
        super(cpus, initial, batch);
    }

    @Override
    protected boolean addFast(int cell, long amount, long batch) {
        long c = lvCell(cell) + amount;
        if (c >= batch || c <= -batch) {
            return false;
        }
        spCell(cell, c); // DEFECT: read-modify-write in two steps: a concurrent add on the slot is overwritten
        return true;
    }
}
