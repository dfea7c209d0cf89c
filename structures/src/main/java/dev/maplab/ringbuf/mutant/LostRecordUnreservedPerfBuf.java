package dev.maplab.ringbuf.mutant;

import dev.maplab.ringbuf.PerfBuf;

/**
 * Mutant: the perf producer's space check counts the sample record only, not the LOST record it prepends
 * after a drop (the kernel enlarges the reservation for it). When the free space lies between the two
 * sizes, the LOST record and the sample are written anyway, past {@code data_tail}: they overwrite the
 * oldest records the consumer has not read, and {@code data_head} runs more than a ring ahead of it.
 */
public class LostRecordUnreservedPerfBuf extends PerfBuf {
    public LostRecordUnreservedPerfBuf(int cpus, int ringSize) {
        super(cpus, ringSize);
    }

    @Override
    protected boolean fits(long head, long tail, int total, int need) {
        return super.fits(head, tail, need, need); // DEFECT: the LOST record's 24 bytes are not reserved
    }
}
