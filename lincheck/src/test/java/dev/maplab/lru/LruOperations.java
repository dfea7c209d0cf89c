package dev.maplab.lru;

import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.hash.SeedSearch;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * Lincheck operations on an LRU map in a configuration that never evicts: program-style lookup, update (all
 * flags), delete and lookup_and_delete of 8-byte keys 1..4 (1 and 3 share a bucket, 2 and 4 another).
 *
 * <p>Why nothing is evicted: max_entries 16 on one logical CPU gives target_free 8, so the first
 * acquisition moves 8 of the 16 nodes to the CPU's local free list. At most 4 keys are linked and at most
 * 2 nodes are in flight, and every freed node returns to that list, so it never runs dry; even a second
 * refill would find 8 nodes on the global free list and shrink nothing. {@link #evictions} counts them anyway and the subjects' {@code @Validate} insists
 * on 0, so a configuration mistake cannot pass silently. One CPU also makes every freed node the next one
 * taken (the local free list is LIFO): element reuse under a parked reader happens within a few operations.
 * A stored value is {@code key * 10 + v}.
 */
@Param(name = "key", gen = IntGen.class, conf = "1:4")
@Param(name = "v", gen = IntGen.class, conf = "1:3")
@Param(name = "flags", gen = IntGen.class, conf = "0:2")
public abstract class LruOperations {
    public static final int MAX_ENTRIES = 16;
    public static final int CPUS = 1;
    /** Keys 1 and 3 share a bucket, 2 and 4 share another (16 buckets). */
    public static final int SEED = SeedSearch.seedGrouping(MAX_ENTRIES, new long[] {1, 3}, new long[] {2, 4});

    protected final LruHashTable map;
    protected int evictions;

    protected LruOperations(LruHashTable map) {
        this.map = map;
        map.setEvictionListener((e, k) -> evictions++);
    }

    public static MapSpec spec(MapType type) {
        return MapSpec.builder(type).keySize(8).valueSize(8).maxEntries(MAX_ENTRIES).cpus(CPUS).hashSeed(SEED).build();
    }

    /** Program-style lookup (sets the ref bit): the value, or -1 when missing. */
    @Operation
    public long lookup(@Param(name = "key") int key) {
        return map.lookup(key, -1);
    }

    @Operation
    public int update(@Param(name = "key") int key, @Param(name = "v") int v, @Param(name = "flags") int flags) {
        return map.update(key, key * 10L + v, flags);
    }

    @Operation
    public int delete(@Param(name = "key") int key) {
        return map.delete(key);
    }

    /** The value (CPU 0's slot), or the negated errno. */
    @Operation
    public long lookupAndDelete(@Param(name = "key") int key) {
        long[] out = new long[CPUS];
        int r = map.lookupAndDelete(key, out);
        return r == 0 ? out[0] : r;
    }

    /** After each part of a scenario: the map's invariants, and no eviction in this configuration. */
    @Validate
    public void validate() {
        String s = map.checkInvariants();
        if (s != null) {
            throw new IllegalStateException("invariant broken: " + s);
        }
        if (evictions != 0) {
            throw new IllegalStateException(evictions + " evictions in a configuration that must never evict");
        }
    }
}
