package dev.maplab.lru;

import dev.maplab.api.MapType;
import dev.maplab.lru.mutant.EvictDespiteFailedRemovalLruHashTable;
import dev.maplab.lru.mutant.PendingToGlobalFreeLruHashTable;
import dev.maplab.lru.mutant.StealWithoutOwnerLockLruHashTable;

/** One Lincheck test class per subject: production variants and the mutants. */
public final class LruSubjects {
    private LruSubjects() {
    }

    // ---- never evicting: linearizability ------------------------------------------------------

    /** LRU_HASH, replacements in place (production: must be linearizable). */
    public static class LruHashLinearizable extends LruOperations {
        public LruHashLinearizable() {
            super(LruHashTable.linearizable(spec(MapType.LRU_HASH)));
        }
    }

    /** LRU_HASH with the kernel's replace order: the replace-behind-head window (a recorded finding). */
    public static class LruHashKernelReplace extends LruOperations {
        public LruHashKernelReplace() {
            super(LruHashTable.kernel(spec(MapType.LRU_HASH)));
        }
    }

    /** LRU_PERCPU_HASH (the kernel updates existing keys in place): must be linearizable. */
    public static class LruPercpuHash extends LruOperations {
        public LruPercpuHash() {
            super(LruHashTable.kernel(spec(MapType.LRU_PERCPU_HASH)));
        }
    }

    // ---- evicting: invariants (3 CPUs; the number names max_entries) ----------------------------

    /** Common LRU, 2 entries (target_free 1): nothing global is left after two inserts, so CPUs steal. */
    public static class Common2 extends LruEvictionOperations {
        public Common2() {
            super(LruHashTable.kernel(spec(MapType.LRU_HASH, false, 2)));
        }
    }

    /** Common LRU, 4 entries (target_free 1): every insert past the fourth shrinks. */
    public static class Common4 extends LruEvictionOperations {
        public Common4() {
            super(LruHashTable.kernel(spec(MapType.LRU_HASH, false, 4)));
        }
    }

    /** Common LRU, 12 entries (target_free 2): local free lists hold a spare node. */
    public static class Common12 extends LruEvictionOperations {
        public Common12() {
            super(LruHashTable.kernel(spec(MapType.LRU_HASH, false, 12)));
        }
    }

    /** Per-CPU LRU, 6 entries (2 per CPU). */
    public static class Percpu6 extends LruEvictionOperations {
        public Percpu6() {
            super(LruHashTable.kernel(spec(MapType.LRU_HASH, true, 6)));
        }
    }

    public static class PendingToGlobalFree12 extends LruEvictionOperations {
        public PendingToGlobalFree12() {
            super(new PendingToGlobalFreeLruHashTable(spec(MapType.LRU_HASH, false, 12)));
        }
    }

    public static class StealWithoutOwnerLock2 extends LruEvictionOperations {
        public StealWithoutOwnerLock2() {
            super(new StealWithoutOwnerLockLruHashTable(spec(MapType.LRU_HASH, false, 2)));
        }
    }

    public static class EvictDespiteFailedRemoval4 extends LruEvictionOperations {
        public EvictDespiteFailedRemoval4() {
            super(new EvictDespiteFailedRemovalLruHashTable(spec(MapType.LRU_HASH, false, 4)));
        }
    }
}
