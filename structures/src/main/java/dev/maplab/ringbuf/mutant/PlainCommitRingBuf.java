package dev.maplab.ringbuf.mutant;

import dev.maplab.ringbuf.RecordDescriptor;
import dev.maplab.ringbuf.RingBuf;

/**
 * Mutant: the commit clears BUSY with a plain store instead of the kernel's {@code xchg} (and instead of the
 * store-release of a {@link RingBuf#NO_WAKEUP} commit). Two defects in
 * one store: no release for the sample (unobservable on x86, whose stores stay in order, and under
 * Lincheck's sequentially consistent model checking), and no full barrier before the wakeup's read of
 * {@code consumer_pos}, which x86 does reorder: the read can be served before the producer's stores
 * (its {@code producer_pos} too) are visible, so a consumer that looked, saw nothing and is parking is
 * never woken.
 */
public class PlainCommitRingBuf extends RingBuf {
    public PlainCommitRingBuf(int size) {
        super(size);
    }

    @Override
    protected void commitLen(int off, int lenWord) {
        RecordDescriptor.putInt(data, off, lenWord); // DEFECT: plain stores, no xchg
    }

    @Override
    protected void commitQuietly(int off, int lenWord) {
        RecordDescriptor.putInt(data, off, lenWord); // DEFECT: plain stores, no release
    }
}
