package dev.maplab.hash.mutant;

import dev.maplab.api.MapSpec;
import dev.maplab.hash.HashTable;
import dev.maplab.hash.ReplaceProtocol;

/**
 * Mutant (b): the kernel replace protocol in the wrong order: the old element is unlinked before the
 * new one is linked, so for a moment the key is in no chain at all and any lookup misses it.
 */
public class UnlinkBeforeLinkHashTable extends HashTable {
    public UnlinkBeforeLinkHashTable(MapSpec spec) {
        super(spec, ReplaceProtocol.KERNEL);
    }

    @Override
    protected void replace(int b, int old, int fresh, int hash, long key0, long[] key, long v, byte[] bytes, int slot) {
        unlink(old); // DEFECT: unlink first ...
        publishNew(b, fresh, hash, key0, key, v, bytes, slot); // ... then link
    }
}
