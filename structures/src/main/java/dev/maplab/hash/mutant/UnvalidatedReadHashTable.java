package dev.maplab.hash.mutant;

import dev.maplab.api.MapSpec;
import dev.maplab.hash.HashTable;
import dev.maplab.hash.ReplaceProtocol;

/**
 * Mutant (e): a lookup copies the value of the element it matched without re-checking the element's
 * version. If the element is deleted and reused for another key between the match and the copy, the
 * lookup returns the other key's value.
 */
public class UnvalidatedReadHashTable extends HashTable {
    public UnvalidatedReadHashTable(MapSpec spec) {
        super(spec, ReplaceProtocol.LINEARIZABLE);
    }

    @Override
    protected boolean stillValid(int e, long found) {
        return true; // DEFECT: the copied value is trusted
    }
}
