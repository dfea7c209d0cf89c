package dev.maplab.ringbuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link RingBufConsumer#awaitReadable} and {@link RingBufPoller#awaitReadable}: the wait of
 * {@code ring_buffer__poll} alone ({@code epoll_wait} on {@code ring_buffer__epoll_fd()}), which consumes nothing.
 */
class RingBufAwaitReadableTest {
    private final RingBuf rb = RingBuf.create(4096);
    private final AtomicInteger samples = new AtomicInteger();
    private final RingBufConsumer consumer = new RingBufConsumer(rb, s -> {
        samples.incrementAndGet();
        return 0;
    });

    private void produce(long flags) {
        int h = rb.reserve(8);
        rb.putLong(h, 0, 42);
        rb.submit(h, flags);
    }

    @Test
    @DisplayName("awaitReadable on an empty ring returns false once the timeout has passed")
    void emptyRingTimesOut() {
        long t0 = System.nanoTime();
        assertFalse(consumer.awaitReadable(20));
        assertTrue(System.nanoTime() - t0 >= 20_000_000L, "returned before the timeout");
    }

    @Test
    @DisplayName("awaitReadable returns true at once when a record is there, and consumes nothing")
    void readableRingReturnsAtOnceAndConsumesNothing() {
        produce(RingBuf.NO_WAKEUP);
        long t0 = System.nanoTime();
        assertTrue(consumer.awaitReadable(3_000));
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "waited with a record in the ring");
        assertEquals(0, samples.get());
        assertEquals(0, rb.query(RingBuf.CONS_POS));
        assertEquals(1, consumer.consume());
    }

    @Test
    @DisplayName("a waiting awaitReadable sleeps through NO_WAKEUP commits and wakes on FORCE_WAKEUP")
    void waiterWakesOnNotificationOnly() throws InterruptedException {
        int[] result = {-1};
        Thread waiter = new Thread(() -> result[0] = consumer.awaitReadable(10_000) ? 1 : 0);
        waiter.start();
        RingBufSelftestsTest.awaitParked(waiter);
        produce(RingBuf.NO_WAKEUP);
        Thread.sleep(50);
        assertTrue(waiter.isAlive(), "NO_WAKEUP woke the waiter");
        produce(RingBuf.FORCE_WAKEUP);
        waiter.join(5_000);
        assertFalse(waiter.isAlive(), "FORCE_WAKEUP did not wake the waiter");
        assertEquals(1, result[0]);
        assertEquals(0, samples.get(), "the wait consumed records");
    }

    @Test
    @DisplayName("a poller's awaitReadable returns true when any of its rings is readable")
    void pollerReturnsWhenAnyRingIsReadable() {
        RingBuf other = RingBuf.create(4096);
        RingBufPoller poller = new RingBufPoller(other, s -> 0).add(rb, s -> 0);
        assertFalse(poller.awaitReadable(0));
        produce(RingBuf.NO_WAKEUP);
        assertTrue(poller.awaitReadable(0));
    }

    @Test
    @DisplayName("awaitReadable refuses a timeout below -1, naming the parameter and the value")
    void badTimeoutIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> consumer.awaitReadable(-2));
        assertTrue(e.getMessage().contains("timeoutMillis") && e.getMessage().contains("-2"), e.getMessage());
    }
}
