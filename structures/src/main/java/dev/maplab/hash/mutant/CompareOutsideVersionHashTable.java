package dev.maplab.hash.mutant;

import dev.maplab.api.MapSpec;
import dev.maplab.hash.HashTable;
import dev.maplab.hash.ReplaceProtocol;

/**
 * Mutant (g): an element whose hash matches is compared outside its version window: the walk uses the
 * link word it read first and does not re-check the version after reading the key. When the element
 * is reused between the two reads, the walk sees the new key (no match) but follows the old version's
 * {@code next}, skipping the chain that the old version led to. With the kernel's replace order, the
 * old element of a replaced key is exactly the spare that the next replace reuses: a lookup of a key
 * present throughout misses it. (This defect was once in the production walk, as an optimisation; the
 * targeted scenario "reuse down the same chain" caught it on the kernel-order variant.)
 */
public class CompareOutsideVersionHashTable extends HashTable {
    public CompareOutsideVersionHashTable(MapSpec spec) {
        super(spec, ReplaceProtocol.KERNEL);
    }

    @Override
    protected boolean compareInsideVersion() {
        return false; // DEFECT: key compared against a link word of another version
    }
}
