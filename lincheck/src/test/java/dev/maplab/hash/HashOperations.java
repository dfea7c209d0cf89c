package dev.maplab.hash;

import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * The operations Lincheck drives on a hash table under test: lookup, update (all flags), delete and
 * lookup_and_delete on 8-byte keys.
 *
 * <p>Configuration that makes reuse happen: keys 1..4, where 1 and 3 share one bucket and 2 and 4
 * another ({@link #SEED}), max_entries 8 (so the map is never full and {@code -E2BIG} never mixes
 * in), one logical CPU (every thread uses the same freelist stack, so an element freed by one thread
 * is the next one any thread's insert takes: reuse in another bucket within a few operations).
 * A stored value is {@code key * 10 + v}, so a value that belongs to another key is recognisable.
 *
 * <p>Each subject (the production variants and every mutant) is a subclass whose no-argument
 * constructor builds its map; all share these operations and {@link HashSequentialSpec}.
 */
@Param(name = "key", gen = IntGen.class, conf = "1:4")
@Param(name = "v", gen = IntGen.class, conf = "1:3")
@Param(name = "flags", gen = IntGen.class, conf = "0:2")
public abstract class HashOperations {
    public static final int MAX_ENTRIES = 8;
    public static final int CPUS = 1;
    /** Keys 1 and 3 share a bucket, 2 and 4 share another. */
    public static final int SEED = SeedSearch.seedGrouping(MAX_ENTRIES, new long[] {1, 3}, new long[] {2, 4});

    protected final HashTable map;

    protected HashOperations(HashTable map) {
        this.map = map;
    }

    public static MapSpec spec() {
        return MapSpec.builder(MapType.HASH).keySize(8).valueSize(8).maxEntries(MAX_ENTRIES).cpus(CPUS).hashSeed(SEED).build();
    }

    /** The stored value, or -1 when the key is missing. */
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

    /** The stored value, or the negated errno. */
    @Operation
    public long lookupAndDelete(@Param(name = "key") int key) {
        long[] out = new long[1];
        int r = map.lookupAndDelete(key, out);
        return r == 0 ? out[0] : r;
    }
}
