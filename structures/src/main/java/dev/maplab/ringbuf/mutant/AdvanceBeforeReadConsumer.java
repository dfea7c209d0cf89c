package dev.maplab.ringbuf.mutant;

import dev.maplab.ringbuf.RingBuf;
import dev.maplab.ringbuf.RingBufConsumer;
import dev.maplab.ringbuf.SampleHandler;

/**
 * Mutant: the consumer stores {@code consumer_pos} past a record before its callback reads the sample,
 * so a producer may reserve the space and overwrite the sample while it is being read.
 */
public class AdvanceBeforeReadConsumer extends RingBufConsumer {
    public AdvanceBeforeReadConsumer(RingBuf rb, SampleHandler handler) {
        super(rb, handler);
    }

    @Override
    protected int deliver(int off, int lenWord, boolean deliver, long next) {
        storeConsumer(next); // DEFECT: the space is released first
        return deliver ? callback(off, lenWord) : 0;
    }
}
