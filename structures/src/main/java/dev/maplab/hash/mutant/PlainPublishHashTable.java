package dev.maplab.hash.mutant;

import dev.maplab.api.MapSpec;
import dev.maplab.hash.HashTable;
import dev.maplab.hash.NullsMarker;
import dev.maplab.hash.ReplaceProtocol;

/**
 * Mutant (c'): the new head is published with a plain store instead of a store-release, in the right
 * program order. Under the Java memory model (and on ARM or POWER) a reader may see the new head
 * before the element's odd version and contents, and read its previous key as current. On x86 (TSO)
 * stores are never reordered with stores, and Lincheck's model checking assumes sequential
 * consistency, so no check on this machine can observe the defect: it is recorded as
 * "unobservable-on-x86", never claimed as caught.
 */
public class PlainPublishHashTable extends HashTable {
    public PlainPublishHashTable(MapSpec spec) {
        super(spec, ReplaceProtocol.LINEARIZABLE);
    }

    @Override
    protected void publishNew(int b, int e, int hash, long key0, long[] key, long v, byte[] bytes, int slot) {
        arena.beginWrite(e);
        writeKeyValue(e, key0, key, v, bytes, slot, true);
        int first = lpHead(b);
        arena.spLink(e, first, hash);
        arena.setPrev(e, NullsMarker.of(b));
        if (!NullsMarker.isNulls(first)) {
            arena.setPrev(first, e);
        }
        buckets[2 * b] = e; // DEFECT: plain store, no release
        arena.endWrite(e);
    }
}
