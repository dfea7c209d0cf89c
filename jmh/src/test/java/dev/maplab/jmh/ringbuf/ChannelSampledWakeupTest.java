package dev.maplab.jmh.ringbuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.jmh.ringbuf.RingBufThroughputBench.Channel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sampled notification in the ring benchmarks ({@link Channel#sampleWakeups}), the kernel benchmark's
 * {@code --rb-sampled}: a consumer asleep after an empty poll is woken by the commit that leaves at least
 * {@code rate} records' worth of bytes unconsumed, and by no commit before it.
 */
class ChannelSampledWakeupTest {
    private static final int RATE = 4;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"maplab", "maplab-lockfree", "agrona"})
    void sleepingConsumerWakesAtTheCommitThatReachesTheSampleSize(String impl) throws InterruptedException {
        Channel c = Channel.create(impl, 1, 64);
        c.sampleWakeups(RATE);
        c.notificationTimeoutMillis = 20_000; // a wakeup must come from a producer, not from the timeout
        Channel.Producer p = c.producer(0);
        Thread consumer = new Thread(c::sleepUntilNotified, "consumer");
        consumer.start();
        awaitParked(consumer);
        for (int i = 1; i < RATE; i++) {
            assertTrue(p.produce());
        }
        consumer.join(100);
        assertTrue(consumer.isAlive(), "woken before " + RATE + " records were unconsumed");
        assertTrue(p.produce());
        consumer.join(5_000);
        assertFalse(consumer.isAlive(), "not woken by the commit that left " + RATE + " records unconsumed");
        for (int i = 0; i < RATE; i++) {
            c.receiveOne();
        }
        assertEquals(0.0, c.fill(), 0.0, "the wait consumed nothing: all " + RATE + " records were delivered after it");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"maplab", "agrona"})
    void consumerWithRecordsToReadDoesNotSleep(String impl) {
        Channel c = Channel.create(impl, 1, 64);
        c.sampleWakeups(RATE);
        c.notificationTimeoutMillis = 20_000;
        assertTrue(c.producer(0).produce());
        long t0 = System.nanoTime();
        c.sleepUntilNotified();
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "slept with a record in the ring");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"jctools, 500", "maplab-perfbuf, 500", "maplab, -1"})
    void rateARingCannotHonourIsRefusedNamingParameterAndValue(String impl, int rate) {
        Channel c = Channel.create(impl, 1, 64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.sampleWakeups(rate));
        assertTrue(e.getMessage().contains("wakeupSampleRate = " + rate), e.getMessage());
        assertEquals(0, c.wakeupDataSize, "a refused rate changed the channel");
    }

    static void awaitParked(Thread t) throws InterruptedException {
        for (int i = 0; i < 2500; i++) {
            Thread.State s = t.getState();
            if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
                return;
            }
            Thread.sleep(2);
        }
        throw new AssertionError("thread did not park: " + t.getState());
    }
}
