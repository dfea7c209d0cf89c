package dev.maplab.jmh.ringbuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.cpu.LogicalCpu;
import dev.maplab.jmh.ringbuf.RingBufThroughputBench.Channel;
import dev.maplab.ringbuf.PerfBuf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Channel#fill()}, which {@link RingBufRegimeStudy} reports: the fraction of a ring's capacity that holds
 * records not yet consumed, counted in each ring's own record footprint (an 8-byte header and the 64-byte
 * record for the BPF ring and Agrona, a perf sample record for the perf buffer, one slot for JCTools).
 */
class ChannelFillTest {
    private static final int RECORDS = 1000;

    @ParameterizedTest(name = "{0}: {1} bytes per 64-byte record")
    @CsvSource({"maplab, 72", "maplab-lockfree, 72", "agrona, 72", "jctools, 64"})
    void fillIsTheShareOfCapacityHeldByUnconsumedRecords(String impl, int footprint) {
        assertFillFollowsProduceAndConsume(impl, footprint / (double) RingBufThroughputBench.RING_BYTES);
    }

    @ParameterizedTest(name = "maplab-perfbuf")
    @CsvSource({"maplab-perfbuf"})
    void perfBufFillCountsSampleRecordsOverEveryCpusRing(String impl) {
        try (LogicalCpu.Binding cpu = LogicalCpu.bind(0)) {
            assertFillFollowsProduceAndConsume(impl, PerfBuf.sampleRecordSize(64) / (double) RingBufThroughputBench.RING_BYTES);
        }
    }

    /** One producer (the test thread): the fill after RECORDS records, after consuming half, after draining. */
    private static void assertFillFollowsProduceAndConsume(String impl, double perRecord) {
        Channel c = Channel.create(impl, 1, 64);
        Channel.Producer p = c.producer(0);
        assertEquals(0.0, c.fill(), 0.0, "an empty ring");
        for (int i = 0; i < RECORDS; i++) {
            assertTrue(p.produce(), "record " + i + " accepted");
        }
        assertEquals(RECORDS * perRecord, c.fill(), 1e-12, "after " + RECORDS + " records");
        for (int i = 0; i < RECORDS / 2; i++) {
            c.receiveOne();
        }
        assertEquals(RECORDS / 2 * perRecord, c.fill(), 1e-12, "after consuming half");
        c.drain();
        assertEquals(0.0, c.fill(), 0.0, "after draining");
    }
}
