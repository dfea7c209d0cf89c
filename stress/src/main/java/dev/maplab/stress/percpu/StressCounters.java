package dev.maplab.stress.percpu;

import dev.maplab.cpu.LogicalCpu;
import dev.maplab.percpu.PercpuCounter;
import dev.maplab.percpu.mutant.ClaimNotExclusiveCounter;
import dev.maplab.percpu.mutant.FoldLosesDeltaCounter;
import dev.maplab.percpu.mutant.FoldWithoutLockCounter;
import dev.maplab.percpu.mutant.NonAtomicAddCounter;
import dev.maplab.percpu.mutant.SkipFoldWhenBusyCounter;
import dev.maplab.stress.StressSubject;

/**
 * The per-CPU counter a jcstress test runs against, chosen by the forked JVM's {@code -Dmaplab.subject} (set
 * by {@link dev.maplab.stress.StressRunner}): the production counter or a mutant. Every test says its CPU
 * count and batch; each actor binds its thread to the logical CPU it plays before it acts.
 */
public final class StressCounters {
    public static final String SUBJECT = StressSubject.of("percpu");

    private StressCounters() {
    }

    public static PercpuCounter create(int cpus, long batch) {
        switch (SUBJECT) {
            case "production": return new PercpuCounter(cpus, 0, batch);
            case "mutant:fold-loses-delta": return new FoldLosesDeltaCounter(cpus, 0, batch);
            case "mutant:non-atomic-add": return new NonAtomicAddCounter(cpus, 0, batch);
            case "mutant:skip-fold-when-busy": return new SkipFoldWhenBusyCounter(cpus, 0, batch);
            case "mutant:fold-without-lock": return new FoldWithoutLockCounter(cpus, 0, batch);
            default: throw new IllegalArgumentException("maplab.subject = " + SUBJECT + ": unknown percpu subject");
        }
    }

    /**
     * A counter with {@link PercpuCounter.Cells#OWNED owned} cells: the production counter, or the mutants that
     * apply to owned cells (the fold without the lock, which both kinds of cells share, and the claim that does
     * not take the CPU).
     */
    public static PercpuCounter createOwned(int cpus, long batch) {
        switch (SUBJECT) {
            case "production": return PercpuCounter.owned(cpus, 0, batch);
            case "mutant:fold-without-lock": return new FoldWithoutLockCounter(cpus, 0, batch, PercpuCounter.Cells.OWNED);
            case "mutant:claim-not-exclusive": return new ClaimNotExclusiveCounter(cpus, 0, batch);
            default: throw new IllegalArgumentException("maplab.subject = " + SUBJECT + ": no owned-cells percpu subject");
        }
    }

    /** {@code c.add(amount)} on logical CPU {@code cpu}. */
    public static void add(PercpuCounter c, int cpu, long amount) {
        LogicalCpu.set(cpu);
        c.add(amount);
    }
}
