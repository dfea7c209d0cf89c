package dev.maplab.stress.lru;

import dev.maplab.api.MapFlags;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.cpu.LogicalCpu;
import dev.maplab.lru.LruHashTable;
import dev.maplab.lru.mutant.EvictDespiteFailedRemovalLruHashTable;
import dev.maplab.lru.mutant.FlagsBeforeAcquireLruHashTable;
import dev.maplab.lru.mutant.PendingToGlobalFreeLruHashTable;
import dev.maplab.lru.mutant.RefIgnoredByShrinkLruHashTable;
import dev.maplab.lru.mutant.StealWithoutOwnerLockLruHashTable;
import dev.maplab.stress.StressSubject;

/**
 * The LRU hash table a jcstress test runs against, chosen by the forked JVM's {@code -Dmaplab.subject}
 * (set by {@link dev.maplab.stress.StressRunner}): the production table (kernel order) or a mutant.
 */
public final class LruStressMaps {
    public static final String SUBJECT = StressSubject.of("lru");

    private LruStressMaps() {
    }

    /** An LRU_HASH of 8-byte keys and values. */
    public static LruHashTable create(int maxEntries, int cpus, boolean noCommonLru) {
        MapSpec spec = MapSpec.builder(MapType.LRU_HASH).keySize(8).valueSize(8).maxEntries(maxEntries).cpus(cpus)
                .flags(noCommonLru ? MapFlags.NO_COMMON_LRU : 0).hashSeed(0x5eed).build();
        switch (SUBJECT) {
            case "production": return LruHashTable.kernel(spec);
            case "mutant:ref-ignored-by-shrink": return new RefIgnoredByShrinkLruHashTable(spec);
            case "mutant:steal-without-owner-lock": return new StealWithoutOwnerLockLruHashTable(spec);
            case "mutant:evict-despite-failed-removal": return new EvictDespiteFailedRemovalLruHashTable(spec);
            case "mutant:pending-to-global-free": return new PendingToGlobalFreeLruHashTable(spec);
            case "mutant:flags-before-acquire": return new FlagsBeforeAcquireLruHashTable(spec);
            default: throw new IllegalArgumentException("maplab.subject = " + SUBJECT + ": unknown lru subject");
        }
    }

    /** Setup step on logical CPU {@code cpu}: update(key, key, NOEXIST), which must succeed. */
    public static void insert(LruHashTable map, int cpu, long key) {
        try (LogicalCpu.Binding b = LogicalCpu.bind(cpu)) {
            int r = map.update(key, key, 1);
            if (r != 0) {
                throw new IllegalStateException("setup insert(" + key + ") on CPU " + cpu + " = " + r);
            }
        }
    }

    /** Setup step on logical CPU {@code cpu}: delete(key), which must succeed. */
    public static void delete(LruHashTable map, int cpu, long key) {
        try (LogicalCpu.Binding b = LogicalCpu.bind(cpu)) {
            int r = map.delete(key);
            if (r != 0) {
                throw new IllegalStateException("setup delete(" + key + ") on CPU " + cpu + " = " + r);
            }
        }
    }
}
