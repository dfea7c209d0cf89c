package dev.maplab.ringbuf.mutant;

import dev.maplab.ringbuf.LockFreeRingBuf;

/**
 * Mutant of the lock-free variant: the consumer's release of a record leaves its header slots as they were (the
 * committed header, sample bytes) instead of marking them BUSY again. On the next lap a producer that has claimed
 * that space but not yet written its header leaves the old lap's committed header in place, and the consumer,
 * which walks headers without {@code producer_pos}, delivers the stale record (its old length, whatever bytes are
 * there now).
 */
public class NoBusyResetLockFreeRingBuf extends LockFreeRingBuf {
    public NoBusyResetLockFreeRingBuf(int size) {
        super(size);
    }

    @Override
    protected void consumed(int off, int footprint) {
        // DEFECT: the header slots keep what the consumed record left there (its committed header, sample bytes)
    }
}
