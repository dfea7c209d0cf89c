package dev.maplab.array;

import dev.maplab.array.mutant.LockNotTakenArrayMap;
import dev.maplab.array.mutant.ProgramUpdateWritesAllCpusArrayMap;

/** One Lincheck test class per (operations, subject). */
public final class ArraySubjects {
    private ArraySubjects() {
    }

    /** Production: values with a spin lock, lookups and updates with {@code BPF_F_LOCK}. */
    public static class Locked extends WideValueOperations {
        public Locked() {
            super(ArrayMap.withSpinLock(spec()), true);
        }
    }

    /** The kernel without the lock option: plain copies ({@code variant:no-lock}). */
    public static class NoLock extends WideValueOperations {
        public NoLock() {
            super(new ArrayMap(spec()), false);
        }
    }

    public static class LockNotTaken extends WideValueOperations {
        public LockNotTaken() {
            super(new LockNotTakenArrayMap(spec()), true);
        }
    }

    public static class PercpuProduction extends PercpuSlotOperations {
        public PercpuProduction() {
            super(new ArrayMap(spec()));
        }
    }

    public static class PercpuWritesAllCpus extends PercpuSlotOperations {
        public PercpuWritesAllCpus() {
            super(new ProgramUpdateWritesAllCpusArrayMap(spec()));
        }
    }
}
