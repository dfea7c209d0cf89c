package dev.maplab.ringbuf.mutant;

import dev.maplab.ringbuf.RecordDescriptor;
import dev.maplab.ringbuf.RingBuf;

/**
 * Mutant: {@code producer_pos} is published before the new record's BUSY header is written. A consumer
 * that reads the position in between finds the stale bytes of an earlier lap (zeros on the first: a
 * committed empty record) and delivers a record nobody produced, then steps by the wrong length.
 */
public class PublishBeforeHeaderRingBuf extends RingBuf {
    public PublishBeforeHeaderRingBuf(int size) {
        super(size);
    }

    @Override
    protected void publish(int off, int lenWord, long newProd) {
        soProducer(newProd); // DEFECT: the position before the header
        RecordDescriptor.putInt(data, off, lenWord);
    }
}
