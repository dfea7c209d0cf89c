package dev.maplab.jmh.ringbuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.jmh.ringbuf.RingBufPairedBench.Side;
import dev.maplab.jmh.ringbuf.RingBufThroughputBench.Channel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The paired benchmark's turn-taking, driven without JMH: while one ring's slice runs, no producer of the other
 * ring produces (the two sides never compete for the CPUs), and every slice delivers records. The check that
 * would see an overlap is shown to see one: a side that stops its producers without waiting for them
 * ({@link NoWaitSide}) is caught.
 */
class RingBufPairedBenchTest {
    private static final long SLICE = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int PAIRS = 150;

    /** Producer attempts in progress per side, and attempts seen while the other side had one in progress. */
    static final class OverlapProbe {
        final AtomicIntegerArray producing = new AtomicIntegerArray(2);
        final AtomicLong overlaps = new AtomicLong();

        Channel.Producer watch(int side, Channel.Producer op) {
            return () -> {
                producing.incrementAndGet(side);
                if (producing.get(1 - side) != 0) {
                    overlaps.incrementAndGet();
                }
                boolean accepted = op.produce();
                producing.decrementAndGet(side);
                return accepted;
            };
        }
    }

    /** A side whose deactivation does not wait for its producers: the defect the probe must catch. */
    static final class NoWaitSide extends Side {
        NoWaitSide(Channel channel, Channel.Producer[] ops, String name) {
            super(channel, ops, name);
        }

        @Override
        void deactivate() {
            requestIdle(); // DEFECT: returns while producers may still be in their batch
        }
    }

    private static Side side(int id, String impl, OverlapProbe probe,
            BiFunction<Channel, Channel.Producer[], Side> make) {
        Channel c = Channel.create(impl, 2, 64);
        Channel.Producer[] ops = new Channel.Producer[2];
        for (int p = 0; p < 2; p++) {
            ops[p] = probe.watch(id, c.producer(p));
        }
        Side s = make.apply(c, ops);
        s.startThreads();
        return s;
    }

    /** Runs {@link #PAIRS} slice pairs; returns the records delivered by each side. */
    private static long[] run(Side a, Side b) throws InterruptedException {
        long[] delivered = new long[2];
        try {
            for (int i = 0; i < PAIRS; i++) {
                long x = a.runSlice(SLICE);
                long y = b.runSlice(SLICE);
                assertTrue(x > 0 && y > 0, "pair " + i + ": a slice delivered nothing (" + x + ", " + y + ")");
                delivered[0] += x;
                delivered[1] += y;
            }
        } finally {
            a.stop();
            b.stop();
        }
        return delivered;
    }

    @Test
    void theTwoSidesNeverProduceAtTheSameTime() throws InterruptedException {
        OverlapProbe probe = new OverlapProbe();
        Side a = side(0, RingBufThroughputBench.MAPLAB, probe, (c, ops) -> new Side(c, ops, "a"));
        Side b = side(1, RingBufThroughputBench.MAPLAB_LOCKFREE, probe, (c, ops) -> new Side(c, ops, "b"));
        long[] delivered = run(a, b);
        assertEquals(0, probe.overlaps.get(), "producer attempts while the other side was producing");
        assertTrue(delivered[0] > PAIRS && delivered[1] > PAIRS);
    }

    @Test
    void theProbeCatchesASideThatDoesNotWaitForItsProducers() throws InterruptedException {
        OverlapProbe probe = new OverlapProbe();
        Side a = side(0, RingBufThroughputBench.MAPLAB, probe, (c, ops) -> new NoWaitSide(c, ops, "a"));
        Side b = side(1, RingBufThroughputBench.MAPLAB_LOCKFREE, probe, (c, ops) -> new NoWaitSide(c, ops, "b"));
        run(a, b);
        assertTrue(probe.overlaps.get() > 0, "no overlap seen although deactivation does not wait");
    }
}
