package dev.maplab.lru.mutant;

import dev.maplab.api.Errno;
import dev.maplab.api.MapSpec;
import dev.maplab.api.UpdateFlags;
import dev.maplab.hash.ReplaceProtocol;
import dev.maplab.lru.LruHashTable;

/**
 * Mutant: the update checks the flags before acquiring a node, the "obvious" order the kernel does not use.
 * It looks the key up (lock-free), answers {@code -EEXIST} / {@code -ENOENT} at once without acquiring (so
 * without evicting), and otherwise acquires a node and links it without checking again. The kernel's
 * selftest L-03 catches both halves: {@code update(1, BPF_EXIST)} on a full LRU_HASH must fail because
 * the acquisition evicts key 1 (this mutant answers 0 and re-inserts it), and on LRU_PERCPU_HASH
 * {@code update(1, BPF_NOEXIST)} must succeed for the same reason (this mutant answers {@code -EEXIST}).
 */
public class FlagsBeforeAcquireLruHashTable extends LruHashTable {
    public FlagsBeforeAcquireLruHashTable(MapSpec spec) {
        super(spec, ReplaceProtocol.KERNEL);
    }

    @Override
    protected int updateElement(int hash, long key0, long[] key, long v, byte[] bytes, int slot, long flags) {
        if (Long.compareUnsigned(flags, UpdateFlags.EXIST) > 0) {
            return -Errno.EINVAL;
        }
        // DEFECT: the flags are decided before the node is acquired, and not again after it.
        boolean present = findElement(hash & mask, hash, key0, key) != NOT_FOUND;
        int early = checkFlags(present ? 0 : NONE, flags);
        if (early != 0) {
            return early;
        }
        int fresh = NONE;
        if (!percpu || flags != UpdateFlags.EXIST) {
            fresh = acquire(hash);
            if (fresh == NONE) {
                return -Errno.ENOMEM;
            }
        }
        int b = hash & mask;
        int toFree;
        lockBucket(b);
        try {
            int old = findLocked(b, hash, key0, key);
            if (old == NONE && fresh == NONE) {
                toFree = NONE; // per-CPU EXIST of a key that vanished: nothing to write
            } else {
                toFree = linkLocked(b, old, fresh, hash, key0, key, v, bytes, slot);
            }
        } finally {
            unlockBucket(b);
        }
        if (toFree != NONE) {
            release(toFree);
        }
        return 0;
    }
}
