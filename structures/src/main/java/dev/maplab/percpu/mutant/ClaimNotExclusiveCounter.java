package dev.maplab.percpu.mutant;

import dev.maplab.percpu.PercpuCounter;

/**
 * Mutant: a counter with {@link PercpuCounter.Cells#OWNED owned} cells whose claim does not take the CPU
 * ("the caller knows which CPU it runs on"). Two claims of one CPU then both hold, and both write its cell
 * with the owned fast path, a plain load and store: one add overwrites the other, as two kernel contexts
 * would if {@code this_cpu_add} ran with preemption on.
 */
public class ClaimNotExclusiveCounter extends PercpuCounter {
    public ClaimNotExclusiveCounter(int cpus, long initial, long batch) {
        super(cpus, initial, batch, Cells.OWNED);
    }

    @Override
    protected boolean takeClaim(int cell) {
        return true; // DEFECT: the claim word is neither checked nor taken
    }
}
