package dev.maplab.ringbuf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.api.Errno;
import dev.maplab.cpu.LogicalCpu;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Semantics of the perf buffer: per-CPU rings, the helper's errors, drops and LOST records, wrapped records. */
class PerfBufTest {
    @AfterEach
    void unbind() {
        LogicalCpu.unbind();
    }

    static final class Recorder implements PerfHandler {
        final List<String> events = new ArrayList<>();
        final List<byte[]> samples = new ArrayList<>();

        @Override
        public void onSample(int cpu, RecordView sample) {
            events.add(cpu + ":" + (sample.length() >= 8 ? sample.getLong(0) : -1));
            samples.add(sample.toArray());
        }

        @Override
        public void onLost(int cpu, long lost) {
            events.add(cpu + ":lost " + lost);
        }
    }

    static byte[] sample(long v, int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (i < 8 ? v >>> (8 * i) : v + i);
        }
        return b;
    }

    @Test
    @DisplayName("PerfBuf helper: CURRENT_CPU or the own index; -EOPNOTSUPP for another CPU, -E2BIG beyond, -EINVAL for flags")
    void helperErrors() {
        PerfBuf pb = new PerfBuf(2, 4096);
        LogicalCpu.set(1);
        byte[] b = sample(1, 8);
        assertEquals(0, pb.output(b, 0, 8, PerfBuf.CURRENT_CPU));
        assertEquals(0, pb.output(b, 0, 8, 1));
        assertEquals(-PerfBuf.EOPNOTSUPP, pb.output(b, 0, 8, 0));
        assertEquals(-Errno.E2BIG, pb.output(b, 0, 8, 2));
        assertEquals(-Errno.EINVAL, pb.output(b, 0, 8, 1L << 32));
        assertEquals(-Errno.E2BIG, pb.output(new byte[70_000], 0, 70_000, PerfBuf.CURRENT_CPU));
        assertEquals(2, pb.samples());
        assertEquals(0, pb.used(0));
        assertEquals(2 * PerfBuf.sampleRecordSize(8), pb.used(1));
        assertEquals(24, PerfBuf.sampleRecordSize(8), "an 8-byte payload costs 24 bytes (16 in the BPF ring buffer)");
        assertThrows(IllegalArgumentException.class, () -> new PerfBuf(2, 1000));
    }

    @Test
    @DisplayName("PerfBuf full ring: the new sample is dropped and counted; a LOST record precedes the next sample that fits")
    void dropsAndLostRecord() {
        PerfBuf pb = new PerfBuf(1, 128);
        LogicalCpu.set(0);
        Recorder r = new Recorder();
        PerfBufConsumer c = new PerfBufConsumer(pb, r);
        // 32-byte records: CIRC_SPACE leaves room for 3 (96 of 127 usable bytes)
        for (int i = 0; i < 5; i++) {
            int rc = pb.output(sample(i, 16), 0, 16, PerfBuf.CURRENT_CPU);
            assertEquals(i < 3 ? 0 : -Errno.ENOSPC, rc, "sample " + i);
        }
        assertEquals(2, pb.lost(0));
        assertEquals(3, c.consume());
        assertEquals(0, pb.output(sample(5, 16), 0, 16, PerfBuf.CURRENT_CPU));
        assertEquals(0, pb.output(sample(6, 16), 0, 16, PerfBuf.CURRENT_CPU));
        assertEquals(3, c.consume());
        assertEquals(List.of("0:0", "0:1", "0:2", "0:lost 2", "0:5", "0:6"), r.events);
    }

    @Test
    @DisplayName("PerfBuf after a drop, a sample that fits only without its LOST record is dropped too; the next that fits carries the count")
    void lostRecordIsReservedWithTheSample() {
        PerfBuf pb = new PerfBuf(1, 64);
        LogicalCpu.set(0);
        Recorder r = new Recorder();
        PerfBufConsumer c = new PerfBufConsumer(pb, r);
        assertEquals(0, pb.output(sample(1, 16), 0, 16, PerfBuf.CURRENT_CPU)); // 32 bytes; 31 free
        assertEquals(-Errno.ENOSPC, pb.output(sample(2, 16), 0, 16, PerfBuf.CURRENT_CPU)); // 32 > 31: lost 1
        // 24 bytes would fit, but not with the 24-byte LOST record in front of it
        assertEquals(-Errno.ENOSPC, pb.output(sample(3, 8), 0, 8, PerfBuf.CURRENT_CPU));
        assertEquals(32, pb.used(0), "nothing written past the first sample");
        assertEquals(1, c.consumeCpu(0, 1));
        assertEquals(0, pb.output(sample(4, 8), 0, 8, PerfBuf.CURRENT_CPU)); // LOST(24) + 24
        assertEquals(48, pb.used(0));
        assertEquals(2, c.consume());
        assertEquals(List.of("0:1", "0:lost 2", "0:4"), r.events);
        assertEquals(2, pb.lost(0));
    }

    @Test
    @DisplayName("PerfBuf records crossing the end of the ring are split by the producer and rejoined by the consumer")
    void wrappedRecords() {
        PerfBuf pb = new PerfBuf(1, 256);
        LogicalCpu.set(0);
        Recorder r = new Recorder();
        PerfBufConsumer c = new PerfBufConsumer(pb, r);
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] s = sample(i, 8 + (i * 13) % 90);
            assertEquals(0, pb.output(s, 0, s.length, PerfBuf.CURRENT_CPU), "sample " + i);
            sent.add(s);
            c.consume();
        }
        assertEquals(40, r.samples.size());
        for (int i = 0; i < 40; i++) {
            assertArrayEquals(sent.get(i), r.samples.get(i), "sample " + i);
        }
    }

    @Test
    @DisplayName("PerfBuf order: FIFO per CPU, CPUs in drain order, so no global order across CPUs")
    void orderPerCpuOnly() {
        PerfBuf pb = new PerfBuf(2, 4096);
        Recorder r = new Recorder();
        PerfBufConsumer c = new PerfBufConsumer(pb, r);
        LogicalCpu.set(1);
        pb.output(sample(1, 8), 0, 8, PerfBuf.CURRENT_CPU);
        LogicalCpu.set(0);
        pb.output(sample(2, 8), 0, 8, PerfBuf.CURRENT_CPU);
        LogicalCpu.set(1);
        pb.output(sample(3, 8), 0, 8, PerfBuf.CURRENT_CPU);
        assertEquals(3, c.consume());
        assertEquals(List.of("0:2", "1:1", "1:3"), r.events, "written 1, 2, 3; consumed 2, 1, 3");
        assertEquals(2 * 4096, pb.totalBytes());
    }

    @Test
    @DisplayName("PerfBuf poll: a sample wakes a waiting consumer (wakeup_events = 1)")
    void pollWakes() throws Exception {
        PerfBuf pb = new PerfBuf(2, 4096);
        Recorder r = new Recorder();
        PerfBufConsumer c = new PerfBufConsumer(pb, r);
        int[] got = {0};
        Thread t = new Thread(() -> got[0] = c.poll(10_000));
        t.start();
        RingBufSelftestsTest.awaitParked(t);
        LogicalCpu.set(0);
        pb.output(sample(9, 8), 0, 8, PerfBuf.CURRENT_CPU);
        t.join(5_000);
        assertEquals(1, got[0]);
        assertTrue(pb.wakeups() >= 1);
        assertEquals(0, c.poll(0));
    }
}
