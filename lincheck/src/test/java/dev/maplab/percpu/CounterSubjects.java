package dev.maplab.percpu;

import dev.maplab.percpu.mutant.FoldLosesDeltaCounter;
import dev.maplab.percpu.mutant.FoldWithoutLockCounter;
import dev.maplab.percpu.mutant.NonAtomicAddCounter;
import dev.maplab.percpu.mutant.SkipFoldWhenBusyCounter;

/**
 * One Lincheck test class per (operations, subject): the production counter, the JDK's LongAdder as an anchor
 * ({@code variant:longadder}) and every mutant, each with its operations' configuration.
 */
public final class CounterSubjects {
    private CounterSubjects() {
    }

    // ---- increments only ------------------------------------------------------------------------

    public static class IncProduction extends IncrementOperations {
        public IncProduction() {
            super(CounterUnderTest.of(new PercpuCounter(CPUS, 0, BATCH)));
        }
    }

    public static class IncLongAdder extends IncrementOperations {
        public IncLongAdder() {
            super(CounterUnderTest.longAdder());
        }
    }

    public static class IncNonAtomicAdd extends IncrementOperations {
        public IncNonAtomicAdd() {
            super(CounterUnderTest.of(new NonAtomicAddCounter(CPUS, 0, BATCH)));
        }
    }

    public static class IncFoldWithoutLock extends IncrementOperations {
        public IncFoldWithoutLock() {
            super(CounterUnderTest.of(new FoldWithoutLockCounter(CPUS, 0, BATCH)));
        }
    }

    // ---- increments only, owned cells ------------------------------------------------------------

    public static class OwnedProduction extends OwnedIncrementOperations {
        public OwnedProduction() {
            super(PercpuCounter.owned(IncrementOperations.CPUS, 0, IncrementOperations.BATCH));
        }
    }

    public static class OwnedFoldWithoutLock extends OwnedIncrementOperations {
        public OwnedFoldWithoutLock() {
            super(new FoldWithoutLockCounter(IncrementOperations.CPUS, 0, IncrementOperations.BATCH, PercpuCounter.Cells.OWNED));
        }
    }

    // ---- both signs ---------------------------------------------------------------------------

    public static class SignedProduction extends SignedOperations {
        public SignedProduction() {
            super(CounterUnderTest.of(new PercpuCounter(CPUS, 0, BATCH)));
        }
    }

    public static class SignedLongAdder extends SignedOperations {
        public SignedLongAdder() {
            super(CounterUnderTest.longAdder());
        }
    }

    public static class SignedFoldLosesDelta extends SignedOperations {
        public SignedFoldLosesDelta() {
            super(CounterUnderTest.of(new FoldLosesDeltaCounter(CPUS, 0, BATCH)));
        }
    }

    // ---- read() within its bound --------------------------------------------------------------

    public static class BoundProduction extends ReadBoundOperations {
        public BoundProduction() {
            super(new PercpuCounter(CPUS, 0, BATCH));
        }
    }

    public static class BoundSkipFoldWhenBusy extends ReadBoundOperations {
        public BoundSkipFoldWhenBusy() {
            super(new SkipFoldWhenBusyCounter(CPUS, 0, BATCH));
        }
    }
}
