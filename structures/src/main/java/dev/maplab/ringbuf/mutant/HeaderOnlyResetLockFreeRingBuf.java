package dev.maplab.ringbuf.mutant;

import dev.maplab.ringbuf.LockFreeRingBuf;
import dev.maplab.ringbuf.RecordDescriptor;

/**
 * Mutant of the lock-free variant: the consumer marks BUSY only the header slot of a record it is done with,
 * not every slot the record covers. The record's sample bytes stay in the slots inside it; when a later lap's
 * record starts at one of them, the consumer, which walks headers without {@code producer_pos}, can read those
 * bytes as a committed header before the new record's producer has written its own, and delivers a record
 * nobody produced.
 */
public class HeaderOnlyResetLockFreeRingBuf extends LockFreeRingBuf {
    public HeaderOnlyResetLockFreeRingBuf(int size) {
        super(size);
    }

    @Override
    protected void consumed(int off, int footprint) {
        RecordDescriptor.putInt(data, off, RecordDescriptor.BUSY_BIT); // DEFECT: the header slot only
    }
}
