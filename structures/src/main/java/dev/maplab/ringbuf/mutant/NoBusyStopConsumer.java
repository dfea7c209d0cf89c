package dev.maplab.ringbuf.mutant;

import dev.maplab.ringbuf.RingBuf;
import dev.maplab.ringbuf.RingBufConsumer;
import dev.maplab.ringbuf.SampleHandler;

/**
 * Mutant: the consumer does not stop at a BUSY record; it delivers it (its length is in the header
 * already) before the producer committed it: a sample not yet written, and records of a late committer
 * no longer hold back later ones.
 */
public class NoBusyStopConsumer extends RingBufConsumer {
    public NoBusyStopConsumer(RingBuf rb, SampleHandler handler) {
        super(rb, handler);
    }

    @Override
    protected boolean committed(int lenWord) {
        return true; // DEFECT: BUSY ignored
    }
}
