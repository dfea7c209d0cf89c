package dev.maplab.lru;

import dev.maplab.api.Errno;
import dev.maplab.api.MapFlags;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import dev.maplab.cpu.LogicalCpu;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * Lincheck operations on a small LRU map that evicts all the time: 2 to 12 entries (the subject picks), 3
 * logical CPUs, keys 1..6. Each operation runs on the logical CPU its {@code cpu} parameter names, so
 * scenarios mix CPUs: one CPU frees a node that is pending on another, steals, refills and shrinks race.
 *
 * <p>With evictions, results depend on LRU internals that a sequential map cannot predict, so the
 * operations return nothing and every check is in {@link #validate()}, run by Lincheck after each part of
 * the scenario (when no operation is in flight):
 * <ul>
 *   <li>the LRU's lists are consistent and every node is on exactly one list, or free
 *       ({@link LruHashTable#checkInvariants}: also the element count equals the linked elements, which never
 *       exceed max_entries, and in-use nodes are exactly the linked elements);</li>
 *   <li>no present key is lost except by a recorded eviction: for every key, present (0 or 1) must equal
 *       successful inserts (NOEXIST) minus successful deletes minus recorded evictions of that key (EXIST
 *       updates do not change presence).</li>
 * </ul>
 * A thread that hangs (a lost node spinning a list walk, a lock never released) is a Lincheck failure too.
 */
@Param(name = "cpu", gen = IntGen.class, conf = "0:2")
@Param(name = "key", gen = IntGen.class, conf = "1:6")
public abstract class LruEvictionOperations {
    public static final int CPUS = 3;
    public static final int KEYS = 6;

    protected final LruHashTable map;
    private final int[] inserted = new int[KEYS + 1];
    private final int[] deleted = new int[KEYS + 1];
    private final int[] evicted = new int[KEYS + 1];

    protected LruEvictionOperations(LruHashTable map) {
        this.map = map;
        map.setEvictionListener((e, k) -> {
            synchronized (evicted) {
                evicted[(int) k]++;
            }
        });
    }

    public static MapSpec spec(MapType type, boolean noCommonLru, int maxEntries) {
        return MapSpec.builder(type).keySize(8).valueSize(8).maxEntries(maxEntries).cpus(CPUS)
                .flags(noCommonLru ? MapFlags.NO_COMMON_LRU : 0).hashSeed(0x5eed).build();
    }

    private static void on(int cpu) {
        LogicalCpu.set(cpu);
    }

    private void count(int[] counter, int key) {
        synchronized (counter) {
            counter[key]++;
        }
    }

    @Operation
    public void insert(@Param(name = "cpu") int cpu, @Param(name = "key") int key) {
        on(cpu);
        int r = map.update(key, key, UpdateFlags.NOEXIST);
        if (r == 0) {
            count(inserted, key);
        } else if (r != -Errno.EEXIST) {
            throw new IllegalStateException("insert(" + key + ") = " + Errno.describe(r));
        }
    }

    @Operation
    public void replace(@Param(name = "cpu") int cpu, @Param(name = "key") int key) {
        on(cpu);
        int r = map.update(key, key + 100, UpdateFlags.EXIST);
        if (r != 0 && r != -Errno.ENOENT) {
            throw new IllegalStateException("replace(" + key + ") = " + Errno.describe(r));
        }
    }

    @Operation
    public void delete(@Param(name = "cpu") int cpu, @Param(name = "key") int key) {
        on(cpu);
        if (map.delete(key) == 0) {
            count(deleted, key);
        }
    }

    @Operation
    public void lookup(@Param(name = "cpu") int cpu, @Param(name = "key") int key) {
        on(cpu);
        map.lookup(key, -1);
    }

    @Validate
    public void validate() {
        String s = map.checkInvariants();
        if (s != null) {
            throw new IllegalStateException("invariant broken: " + s);
        }
        for (int k = 1; k <= KEYS; k++) {
            int expected = inserted[k] - deleted[k] - evicted[k];
            int present = map.containsKey(k) ? 1 : 0;
            if (present != expected) {
                throw new IllegalStateException("key " + k + ": present " + present + " but inserted " + inserted[k]
                        + " - deleted " + deleted[k] + " - evicted " + evicted[k] + " = " + expected
                        + (present < expected ? " (lost without a recorded eviction)" : ""));
            }
        }
    }
}
