package dev.maplab.ringbuf.mutant;

import dev.maplab.ringbuf.LockFreeRingBuf;

/**
 * Mutant of the lock-free variant: the consumer's release of a record leaves its len word as it was (committed)
 * instead of marking it BUSY again. On the next lap a producer that has claimed that space but not yet written
 * its header leaves the old lap's committed header in place, and the consumer, which reads {@code producer_pos}
 * past the claim, delivers the stale record (its old length, whatever bytes are there now).
 */
public class NoBusyResetLockFreeRingBuf extends LockFreeRingBuf {
    public NoBusyResetLockFreeRingBuf(int size) {
        super(size);
    }

    @Override
    protected void consumed(int off) {
        // DEFECT: the len word keeps the consumed record's committed header
    }
}
