package dev.maplab.hash.mutant;

import dev.maplab.api.MapSpec;
import dev.maplab.hash.HashTable;
import dev.maplab.hash.NullsMarker;
import dev.maplab.hash.ReplaceProtocol;

/**
 * Mutant (f): a replace that puts the new element at the old one's position ({@code
 * hlist_nulls_replace_rcu}) instead of at the head. The nulls check only notices moves to another
 * bucket: the old element, reused further down the same chain, can carry a parked reader past the
 * new element, which then misses a key present throughout.
 */
public class ReplaceAtOldPositionHashTable extends HashTable {
    public ReplaceAtOldPositionHashTable(MapSpec spec) {
        super(spec, ReplaceProtocol.KERNEL);
    }

    @Override
    protected void replace(int b, int old, int fresh, int hash, long key0, long[] key, long v, byte[] bytes, int slot) {
        // DEFECT: the new element takes the old one's place in the chain.
        arena.beginWrite(fresh);
        writeKeyValue(fresh, key0, key, v, bytes, slot, true);
        int next = arena.lpNext(old);
        int p = arena.prev(old);
        arena.spLink(fresh, next, hash);
        arena.setPrev(fresh, p);
        if (!NullsMarker.isNulls(next)) {
            arena.setPrev(next, fresh);
        }
        if (p < 0) {
            soHead(NullsMarker.value(p), fresh);
        } else {
            arena.soNext(p, fresh);
        }
        arena.endWrite(fresh);
        arena.setPrev(old, Integer.MIN_VALUE);
    }
}
