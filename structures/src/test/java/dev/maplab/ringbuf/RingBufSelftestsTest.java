package dev.maplab.ringbuf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.api.Errno;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.hash.HashTable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The ring buffer cases of the kernel's selftests ({@code kernel-selftests.md} §8: R-0 producer and
 * libbpf consumer semantics, {@code ringbuf_subtest}, {@code ringbuf_n_subtest},
 * {@code ringbuf_map_key_subtest}, {@code ringbuf_write_subtest}, {@code test_ringbuf_multi}) against
 * {@link RingBuf}, {@link RingBufConsumer} and {@link RingBufPoller}. R-05 (overwrite mode, 6.19) is not
 * modelled.
 */
class RingBufSelftestsTest {
    static final int PAGE = 4096;
    static final int EDONE = 7777;

    /** The selftests' sample: {int pid; int seq; long value; char comm[16]} = 32 bytes. */
    static final int SAMPLE = 32;

    /** The BPF side of {@code test_ringbuf.c}: the program run on each trigger, with its globals. */
    static final class Program {
        final RingBuf rb;
        long flags;
        long dropped;
        long total;
        long discarded;
        long avail;
        long ringSize;
        long consPos;
        long prodPos;

        Program(RingBuf rb) {
            this.rb = rb;
        }

        void trigger(long value) {
            int h = rb.reserve(SAMPLE, 0);
            if (h == RingBuf.NULL) {
                dropped++;
                return;
            }
            long seq = total++;
            rb.putInt(h, 0, 42); // pid
            rb.putInt(h, 4, (int) seq);
            rb.putLong(h, 8, value);
            rb.putBytes(h, 16, "test_ringbuf\0\0\0\0".getBytes(), 0, 16);
            if ((seq & 1) != 0) {
                byte[] copy = new byte[SAMPLE];
                for (int i = 0; i < SAMPLE; i++) {
                    copy[i] = rb.getByte(h, i);
                }
                assertEquals(0, rb.output(copy, 0, SAMPLE, flags));
                rb.discard(h, flags);
                discarded++;
            } else {
                rb.submit(h, flags);
            }
            avail = rb.query(RingBuf.AVAIL_DATA);
            ringSize = rb.query(RingBuf.RING_SIZE);
            consPos = rb.query(RingBuf.CONS_POS);
            prodPos = rb.query(RingBuf.PROD_POS);
        }
    }

    // ---- producer semantics ------------------------------------------------------------------

    @Test
    @DisplayName("R-0 create: a power of two and a multiple of the page size, else -EINVAL")
    void createNeedsPowerOfTwoPages() {
        assertEquals(PAGE, RingBuf.create(PAGE).size());
        assertEquals(1 << 20, RingBuf.create(1 << 20).size());
        for (long bad : new long[] {0, 2048, 3 * PAGE, PAGE + 8, -PAGE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RingBuf.create(bad));
            assertTrue(e.getMessage().contains("maxEntries = " + bad), e.getMessage());
        }
    }

    @Test
    @DisplayName("R-0 record format: 8-byte header, footprint round_up(len + 8, 8), a 32-byte sample takes 40 bytes")
    void recordFootprint() {
        assertEquals(40, RecordDescriptor.footprint(32));
        assertEquals(8, RecordDescriptor.footprint(0));
        assertEquals(16, RecordDescriptor.footprint(1));
        RingBuf rb = RingBuf.create(PAGE);
        int h = rb.reserve(32);
        assertEquals(8, h);
        assertEquals(40, rb.query(RingBuf.PROD_POS));
        assertEquals(32, rb.sampleLength(h));
        assertTrue(RecordDescriptor.isBusy(RecordDescriptor.lvLen(rb.data, 0)));
        rb.submit(h, 0);
        int w = RecordDescriptor.lvLen(rb.data, 0);
        assertEquals(32, w);
        int d = rb.reserve(5);
        rb.discard(d, 0);
        assertEquals(5 | RecordDescriptor.DISCARD_BIT, RecordDescriptor.lvLen(rb.data, 40));
    }

    @Test
    @DisplayName("R-0 reserve: non-zero flags and records larger than the ring give NULL")
    void reserveRejectsFlagsAndOversize() {
        RingBuf rb = RingBuf.create(PAGE);
        assertEquals(RingBuf.NULL, rb.reserve(8, 1));
        assertEquals(RingBuf.NULL, rb.reserve(PAGE));
        assertEquals(RingBuf.NULL, rb.reserve(Integer.MAX_VALUE));
        assertEquals(2, rb.oversize());
        assertEquals(0, rb.drops());
        assertThrows(IllegalArgumentException.class, () -> rb.reserve(-1));
    }

    @Test
    @DisplayName("R-0 full: a one-page ring never holds a (page - 8)-byte sample; a (page - 16)-byte one only when empty")
    void fullRules() {
        RingBuf rb = RingBuf.create(PAGE);
        assertEquals(RingBuf.NULL, rb.reserve(PAGE - 8), "header + data = ring size > size - 1");
        assertEquals(1, rb.drops());
        int h = rb.reserve(PAGE - 16);
        assertNotEquals(RingBuf.NULL, h);
        rb.submit(h, 0);
        assertEquals(RingBuf.NULL, rb.reserve(0), "8 more bytes exceed size - 1");
        RingBufConsumer c = new RingBufConsumer(rb, s -> 0);
        assertEquals(1, c.consume());
        int again = rb.reserve(PAGE - 16);
        assertNotEquals(RingBuf.NULL, again, "fits again once the consumer caught up");
    }

    @Test
    @DisplayName("R-0 wrap: after the consumer catches up, a record that wraps is readable contiguously")
    void wrappedRecordIsContiguous() {
        RingBuf rb = RingBuf.create(PAGE);
        List<byte[]> got = new ArrayList<>();
        RingBufConsumer c = new RingBufConsumer(rb, s -> {
            got.add(s.toArray());
            return 0;
        });
        byte[] first = new byte[3000];
        assertEquals(0, rb.output(first, 0, first.length, 0));
        assertEquals(1, c.consume());
        byte[] wrapping = new byte[2000];
        for (int i = 0; i < wrapping.length; i++) {
            wrapping[i] = (byte) (i * 7 + 1);
        }
        assertEquals(0, rb.output(wrapping, 0, wrapping.length, 0));
        assertTrue(3008 + 8 + 2000 > PAGE, "the second record runs past the end of the data area");
        assertEquals(1, c.consume());
        assertArrayEquals(wrapping, got.get(1));
        assertEquals(3008 + 2008, rb.query(RingBuf.PROD_POS));
        assertEquals(rb.query(RingBuf.PROD_POS), rb.query(RingBuf.CONS_POS));
    }

    @Test
    @DisplayName("R-0 submit wakeups: FORCE always, NO_WAKEUP never, otherwise only when the consumer waits at this record")
    void wakeupRule() {
        RingBuf rb = RingBuf.create(PAGE);
        int a = rb.reserve(8);
        int b = rb.reserve(8);
        assertEquals(false, rb.submit(b, 0), "the consumer is at a, not at b");
        assertEquals(true, rb.submit(a, 0), "the consumer is at a");
        int c = rb.reserve(8);
        assertEquals(false, rb.submit(c, RingBuf.NO_WAKEUP));
        int d = rb.reserve(8);
        assertEquals(true, rb.submit(d, RingBuf.FORCE_WAKEUP));
        assertEquals(2, rb.wakeups());
        assertThrows(IllegalArgumentException.class, () -> rb.submit(d, 0), "already submitted");
        int e = rb.reserve(8);
        assertThrows(IllegalArgumentException.class, () -> rb.submit(e, 4));
        assertThrows(IllegalArgumentException.class, () -> rb.submit(3, 0));
    }

    @Test
    @DisplayName("R-0 output: -EINVAL for other flags, -EAGAIN without space; query keys, unknown keys give 0")
    void outputAndQuery() {
        RingBuf rb = RingBuf.create(PAGE);
        byte[] b = new byte[100];
        assertEquals(-Errno.EINVAL, rb.output(b, 0, 8, 4));
        assertEquals(0, rb.output(b, 0, 100, RingBuf.NO_WAKEUP));
        assertEquals(112, rb.query(RingBuf.AVAIL_DATA));
        assertEquals(PAGE, rb.query(RingBuf.RING_SIZE));
        assertEquals(0, rb.query(RingBuf.CONS_POS));
        assertEquals(112, rb.query(RingBuf.PROD_POS));
        assertEquals(0, rb.query(4));
        assertEquals(0, rb.query(99));
        byte[] big = new byte[PAGE];
        assertEquals(-Errno.EAGAIN, rb.output(big, 0, PAGE - 100, 0));
        assertEquals(-Errno.EAGAIN, rb.output(big, 0, PAGE, 0));
    }

    // ---- R-0b: the libbpf consumer ------------------------------------------------------------------

    @Test
    @DisplayName("R-0b consumer: stops at the first BUSY record; delivery is reservation order; discards are skipped")
    void consumerStopsAtBusy() {
        RingBuf rb = RingBuf.create(PAGE);
        List<Long> got = new ArrayList<>();
        RingBufConsumer c = new RingBufConsumer(rb, s -> {
            got.add(s.getLong(0));
            return 0;
        });
        int a = rb.reserve(8);
        int b = rb.reserve(8);
        int d = rb.reserve(8);
        int e = rb.reserve(8);
        rb.putLong(a, 0, 1);
        rb.putLong(b, 0, 2);
        rb.putLong(e, 0, 4);
        rb.submit(b, 0);
        rb.discard(d, 0);
        rb.submit(e, 0);
        assertEquals(0, c.consume(), "a is BUSY: nothing behind it is delivered");
        assertEquals(0, c.consumerPosition());
        rb.submit(a, 0);
        assertEquals(3, c.consume(), "a, b, e; d discarded and not counted");
        assertEquals(List.of(1L, 2L, 4L), got);
        assertEquals(64, c.consumerPosition());
        assertEquals(0, c.availDataSize());
    }

    @Test
    @DisplayName("R-0b consumer: a negative callback result is returned at once, the position already past that record")
    void callbackErrorStopsAfterAdvancing() {
        RingBuf rb = RingBuf.create(PAGE);
        AtomicInteger calls = new AtomicInteger();
        RingBufConsumer c = new RingBufConsumer(rb, s -> calls.incrementAndGet() == 2 ? -5 : 0);
        byte[] b = new byte[8];
        for (int i = 0; i < 3; i++) {
            rb.output(b, 0, 8, 0);
        }
        assertEquals(-5, c.consume());
        assertEquals(32, c.consumerPosition());
        assertEquals(1, c.consume());
        assertEquals(3, calls.get());
    }

    // ---- R-01 ringbuf_subtest -----------------------------------------------------------------------

    @Test
    @DisplayName("R-01 ringbuf_subtest: avail 120 after two triggers, two deliveries, discard skipped, wakeup rounds")
    void ringbufSubtest() throws Exception {
        RingBuf rb = RingBuf.create(PAGE);
        Program prog = new Program(rb);
        AtomicInteger samples = new AtomicInteger();
        List<Long> values = new ArrayList<>();
        RingBufPoller poller = new RingBufPoller(rb, s -> {
            int seq = s.getInt(4);
            long value = s.getLong(8);
            synchronized (values) {
                values.add(value);
            }
            samples.incrementAndGet();
            if (seq == 0) {
                assertEquals(333, value);
                return 0;
            }
            if (seq == 1) {
                assertEquals(777, value);
                return -EDONE;
            }
            return 0;
        });
        prog.trigger(333);
        prog.trigger(777);
        RingBufConsumer ring = poller.ring(0);
        assertEquals(3 * 40, ring.availDataSize());
        assertEquals(120, prog.avail);
        assertEquals(PAGE, prog.ringSize);
        assertEquals(PAGE, ring.size());
        assertEquals(0, prog.consPos);
        assertEquals(0, ring.consumerPosition());
        assertEquals(120, prog.prodPos);
        assertEquals(120, ring.producerPosition());
        assertEquals(-EDONE, poller.poll(-1));
        assertEquals(2, samples.get());
        assertEquals(0, poller.poll(0));
        assertEquals(2, samples.get());
        assertEquals(0, prog.dropped);
        assertEquals(2, prog.total);
        assertEquals(1, prog.discarded);

        prog.trigger(333);
        prog.trigger(777);
        assertEquals(120, prog.consPos, "the consumer advanced past all three records");
        assertTrue(poller.poll(-1) > 0);
        assertEquals(4, samples.get());

        // Background poll: NO_WAKEUP, then adaptive while behind, then FORCE_WAKEUP.
        samples.set(0);
        AtomicLong result = new AtomicLong(Long.MIN_VALUE);
        Thread bg = new Thread(() -> result.set(poller.poll(10_000)));
        bg.start();
        awaitParked(bg);
        prog.flags = RingBuf.NO_WAKEUP;
        prog.trigger(333);
        prog.trigger(777);
        Thread.sleep(50);
        assertTrue(bg.isAlive(), "NO_WAKEUP: the poller stays blocked");
        assertEquals(0, samples.get());
        assertEquals(6, prog.total);
        assertEquals(3, prog.discarded);
        prog.flags = 0;
        prog.trigger(333);
        prog.trigger(777);
        Thread.sleep(50);
        assertTrue(bg.isAlive(), "adaptive wakeup while the consumer is behind: still blocked");
        assertEquals(0, samples.get());
        prog.trigger(333);
        prog.flags = RingBuf.FORCE_WAKEUP;
        prog.trigger(777);
        bg.join(5_000);
        assertTrue(!bg.isAlive() && result.get() > 0, "FORCE_WAKEUP woke the poller: " + result.get());
        poller.consume();
        ring.consume();
        assertEquals(6, samples.get(), "six samples over the three rounds");
        assertEquals(0, prog.dropped);
    }

    static void awaitParked(Thread t) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            Thread.State s = t.getState();
            if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
                return;
            }
            Thread.sleep(2);
        }
        throw new AssertionError("thread did not park: " + t.getState());
    }

    // ---- R-02 ringbuf_n_subtest ---------------------------------------------------------------------

    @Test
    @DisplayName("R-02 ringbuf_n_subtest: 32 samples, consume_n(4) eight times returns 4 each time")
    void consumeN() {
        RingBuf rb = RingBuf.create(PAGE);
        RingBufPoller poller = new RingBufPoller(rb, s -> {
            assertEquals(42, s.getLong(8));
            return 0;
        });
        byte[] sample = new byte[SAMPLE];
        sample[8] = 42;
        for (int i = 0; i < 32; i++) {
            assertEquals(0, rb.output(sample, 0, SAMPLE, 0));
        }
        for (int i = 0; i < 8; i++) {
            assertEquals(4, poller.consumeN(4));
        }
        assertEquals(0, poller.consumeN(4));
    }

    // ---- R-03 ringbuf_map_key_subtest ---------------------------------------------------------------

    @Test
    @DisplayName("R-03 ringbuf_map_key_subtest: reserved ring memory used as a hash key")
    void ringMemoryAsHashKey() {
        RingBuf rb = RingBuf.create(PAGE);
        HashTable hash = HashTable.linearizable(MapSpec.builder(MapType.HASH).keySize(SAMPLE).valueSize(4)
                .maxEntries(1000).cpus(1).build());
        int h = rb.reserve(SAMPLE);
        rb.putInt(h, 0, 1234);
        rb.putInt(h, 4, 1);
        rb.putLong(h, 8, 42);
        byte[] key = new byte[SAMPLE];
        for (int i = 0; i < SAMPLE; i++) {
            key[i] = rb.getByte(h, i);
        }
        byte[] out = new byte[4];
        assertEquals(-Errno.ENOENT, hash.lookup(key, out));
        assertEquals(0, hash.update(key.clone(), new byte[] {1, 0, 0, 0}, 0));
        rb.submit(h, 0);
        RingBufPoller poller = new RingBufPoller(rb, s -> {
            assertEquals(42, s.getLong(8));
            byte[] v = new byte[4];
            assertEquals(0, hash.lookup(s.toArray(), v));
            assertEquals(1, v[0]);
            return -EDONE;
        });
        assertEquals(-EDONE, poller.poll(-1));
    }

    // ---- R-04 ringbuf_write_subtest -----------------------------------------------------------------

    @Test
    @DisplayName("R-04 ringbuf_write_subtest: consumer_pos written ahead; the second 0x30000 reservation fails (pending_pos)")
    void overrunProtection() {
        assertEquals(0L, overrun(RingBuf.create(0x40000))[0], "passed");
        assertEquals(2L, overrun(RingBuf.create(0x40000))[1], "discarded");
    }

    /** Two triggers of the selftest program; {passed, discarded}. */
    static long[] overrun(RingBuf rb) {
        rb.writeConsumerPosition(0x30000);
        long passed = 0;
        long discarded = 0;
        for (int t = 0; t < 2; t++) {
            int s1 = rb.reserve(0x30000);
            if (s1 == RingBuf.NULL) {
                continue;
            }
            int s2 = rb.reserve(0x30000);
            if (s2 == RingBuf.NULL) {
                rb.discard(s1, 0);
                discarded++;
                continue;
            }
            rb.submit(s1, 0);
            rb.submit(s2, 0);
            passed++;
        }
        return new long[] {passed, discarded};
    }

    @Test
    @DisplayName("R-04 without the pending_pos rule (mutant) the overlapping reservation succeeds")
    void overrunWithoutPendingRule() {
        long[] r = overrun(new dev.maplab.ringbuf.mutant.NoPendingCheckRingBuf(0x40000));
        assertTrue(r[0] > 0, "the mutant lets a reservation overlap a BUSY record");
    }

    // ---- R-06 test_ringbuf_multi --------------------------------------------------------------------

    @Test
    @DisplayName("R-06 test_ringbuf_multi: two rings in one poller, an empty map-in-map slot skipped")
    void multipleRings() {
        RingBuf rb1 = RingBuf.create(PAGE);
        RingBuf rb2 = RingBuf.create(PAGE);
        RingBuf[] arrayOfMaps = {rb1, null, rb2, null};
        long[] counters = new long[3]; // skipped, total, dropped
        List<String> seen = new ArrayList<>();
        RingBufPoller poller = new RingBufPoller(rb1, s -> {
            seen.add("1:" + s.getInt(4) + ":" + s.getLong(8));
            return 0;
        }).add(rb2, s -> {
            seen.add("2:" + s.getInt(4) + ":" + s.getLong(8));
            return 0;
        });
        int[] targets = {0, 1, 2};
        long[] values = {333, 555, 777};
        for (int i = 0; i < 3; i++) {
            RingBuf target = arrayOfMaps[targets[i]];
            if (target == null) {
                counters[0]++;
                continue;
            }
            int h = target.reserve(SAMPLE);
            if (h == RingBuf.NULL) {
                counters[2]++;
                continue;
            }
            target.putInt(h, 4, (int) counters[1]++);
            target.putLong(h, 8, values[i]);
            target.submit(h, 0);
        }
        assertEquals(2, poller.poll(-1));
        assertEquals(List.of("1:0:333", "2:1:777"), seen);
        assertTrue(poller.poll(0) >= 0);
        assertEquals(1, counters[0]);
        assertEquals(2, counters[1]);
        assertEquals(0, counters[2]);
        assertNull(poller.ring(2), "ring_buffer__ring beyond the count: NULL (ERANGE)");
        assertEquals(2, poller.rings());
    }
}
