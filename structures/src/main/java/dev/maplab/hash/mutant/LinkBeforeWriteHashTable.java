package dev.maplab.hash.mutant;

import dev.maplab.api.MapSpec;
import dev.maplab.hash.HashTable;
import dev.maplab.hash.ReplaceProtocol;

/**
 * Mutant (c): a reused element is linked at the head before its version is made odd and its hash,
 * key and value are written. A reader that reaches it through the new link sees a stable version and the
 * element's previous key, and reports a deleted key as present.
 */
public class LinkBeforeWriteHashTable extends HashTable {
    public LinkBeforeWriteHashTable(MapSpec spec) {
        super(spec, ReplaceProtocol.LINEARIZABLE);
    }

    @Override
    protected void publishNew(int b, int e, int hash, long key0, long[] key, long v, byte[] bytes, int slot) {
        linkAtHead(b, e, arena.lpHash(e)); // DEFECT: reachable before hash, key and value are written
        arena.beginWrite(e);
        writeKeyValue(e, key0, key, v, bytes, slot, true);
        arena.spLink(e, arena.lpNext(e), hash);
        arena.endWrite(e);
    }
}
