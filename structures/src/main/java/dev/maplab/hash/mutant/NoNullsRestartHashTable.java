package dev.maplab.hash.mutant;

import dev.maplab.api.MapSpec;
import dev.maplab.hash.HashTable;
import dev.maplab.hash.ReplaceProtocol;

/**
 * Mutant (a): a walk that ends on another bucket's nulls marker reports "not found" instead of
 * restarting. A reader parked on an element that is deleted and reused in another bucket follows it
 * onto that bucket's chain and misses its key, which is further down its own chain.
 */
public class NoNullsRestartHashTable extends HashTable {
    public NoNullsRestartHashTable(MapSpec spec) {
        super(spec, ReplaceProtocol.LINEARIZABLE);
    }

    @Override
    protected boolean mustRestart(int terminator, int bucket) {
        return false; // DEFECT: the nulls value is never compared with the bucket
    }
}
