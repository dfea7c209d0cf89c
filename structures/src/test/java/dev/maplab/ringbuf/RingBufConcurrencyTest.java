package dev.maplab.ringbuf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several producers and one consumer on real threads: every record either arrives whole, exactly once
 * and in each producer's order, or is counted as a drop; nothing is torn, duplicated or lost. For the
 * spin-lock design (production) and the lock-free research variant.
 */
class RingBufConcurrencyTest {
    static final int PRODUCERS = 3;
    static final int PER_PRODUCER = 30_000;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"spin-lock", "lock-free"})
    @DisplayName("RingBuf producers and a polling consumer: whole records, per-producer order, drops accounted")
    void recordsArriveWholeAndInOrder(String variant) throws Exception {
        IntFunction<RingBuf> make = variant.equals("spin-lock") ? RingBuf::ofSize : LockFreeRingBuf::ofSize;
        RingBuf rb = make.apply(1 << 12);
        long[] next = new long[PRODUCERS];
        long[] received = {0};
        String[] problem = {null};
        RingBufConsumer consumer = new RingBufConsumer(rb, s -> {
            int p = s.getInt(0);
            long seq = s.getLong(8);
            int len = s.length();
            for (int i = 16; i < len; i++) {
                if (s.getByte(i) != (byte) (seq + p)) {
                    problem[0] = "torn record " + p + "/" + seq;
                }
            }
            if (seq < next[p]) {
                problem[0] = "producer " + p + ": " + seq + " after " + next[p] + " (duplicate or reordered)";
            }
            next[p] = seq + 1;
            received[0]++;
            return 0;
        });
        AtomicBoolean done = new AtomicBoolean();
        long[] accepted = new long[PRODUCERS];
        long[] discardedBy = new long[PRODUCERS];
        Thread[] producers = new Thread[PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++) {
            final int id = p;
            producers[p] = new Thread(() -> {
                for (long seq = 0; seq < PER_PRODUCER; seq++) {
                    int len = 16 + (int) (seq % 50);
                    int h = rb.reserve(len);
                    if (h == RingBuf.NULL) {
                        continue;
                    }
                    rb.putInt(h, 0, id);
                    rb.putLong(h, 8, seq);
                    for (int i = 16; i < len; i++) {
                        rb.putByte(h, i, (byte) (seq + id));
                    }
                    if (seq % 7 == 3) {
                        rb.discard(h, 0);
                        discardedBy[id]++;
                    } else {
                        rb.submit(h, 0);
                        accepted[id]++;
                    }
                }
            });
        }
        Thread c = new Thread(() -> {
            while (!done.get()) {
                consumer.poll(1);
            }
            consumer.consume();
        });
        c.start();
        for (Thread t : producers) {
            t.start();
        }
        for (Thread t : producers) {
            t.join();
        }
        done.set(true);
        c.join();
        assertEquals(null, problem[0]);
        long sent = 0;
        for (long a : accepted) {
            sent += a;
        }
        assertEquals(sent, received[0], "every submitted record delivered once");
        long discarded = 0;
        for (long d : discardedBy) {
            discarded += d;
        }
        assertEquals(PRODUCERS * (long) PER_PRODUCER, sent + rb.drops() + discarded, "every attempt accounted");
        assertEquals(rb.query(RingBuf.PROD_POS), rb.query(RingBuf.CONS_POS));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"spin-lock", "lock-free"})
    @DisplayName("RingBuf NMI-mode reservations fail under contention although space is free; counted apart from drops")
    void nmiReservationsFailUnderContention(String variant) throws Exception {
        IntFunction<RingBuf> make = variant.equals("spin-lock") ? RingBuf::ofSize : LockFreeRingBuf::ofSize;
        RingBuf rb = make.apply(1 << 20);
        RingBufConsumer consumer = new RingBufConsumer(rb, s -> 0);
        AtomicBoolean stop = new AtomicBoolean();
        long[] ok = new long[2];
        Thread[] ts = new Thread[2];
        for (int p = 0; p < 2; p++) {
            final int id = p;
            ts[p] = new Thread(() -> {
                for (int i = 0; i < 200_000; i++) {
                    int h = rb.reserveNmi(8);
                    if (h != RingBuf.NULL) {
                        rb.submit(h, RingBuf.NO_WAKEUP);
                        ok[id]++;
                    }
                }
            });
        }
        Thread c = new Thread(() -> {
            while (!stop.get()) {
                consumer.consume();
            }
        });
        c.start();
        for (Thread t : ts) {
            t.start();
        }
        for (Thread t : ts) {
            t.join();
        }
        stop.set(true);
        c.join();
        assertEquals(400_000, ok[0] + ok[1] + rb.lockFailures() + rb.drops(), "every attempt accounted once");
    }
}
