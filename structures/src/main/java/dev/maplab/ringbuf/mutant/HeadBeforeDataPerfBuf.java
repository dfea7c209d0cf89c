package dev.maplab.ringbuf.mutant;

import dev.maplab.ringbuf.PerfBuf;

/**
 * Mutant: the perf producer publishes {@code data_head} before it writes the sample record (the missing
 * {@code smp_wmb} barrier B, and worse: the wrong program order). A consumer that reads the head in
 * between walks a record that is not there: a stale or zero header, a sample of another lap.
 */
public class HeadBeforeDataPerfBuf extends PerfBuf {
    public HeadBeforeDataPerfBuf(int cpus, int ringSize) {
        super(cpus, ringSize);
    }

    @Override
    protected void writeAndPublish(int base, byte[] ring, long at, byte[] src, int srcOff, int len, int need) {
        publishHead(base, at + need); // DEFECT: the head before the record
        writeSample(ring, at, src, srcOff, len, need);
    }
}
