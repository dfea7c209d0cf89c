package dev.maplab.ringbuf.mutant;

import dev.maplab.ringbuf.RingBuf;
import dev.maplab.ringbuf.RingBufConsumer;
import dev.maplab.ringbuf.SampleHandler;

/** Mutant: the consumer hands discarded records to the callback instead of skipping them. */
public class DeliverDiscardedConsumer extends RingBufConsumer {
    public DeliverDiscardedConsumer(RingBuf rb, SampleHandler handler) {
        super(rb, handler);
    }

    @Override
    protected boolean skipped(int lenWord) {
        return false; // DEFECT: DISCARD ignored
    }
}
