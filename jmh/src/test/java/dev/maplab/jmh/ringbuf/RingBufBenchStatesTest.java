package dev.maplab.jmh.ringbuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.cpu.LogicalCpu;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ring buffer benchmark's channels, driven without JMH from one thread: every impl of the table
 * delivers exactly the record a producer wrote, a full ring refuses records (which then do not count),
 * and producing plus receiving a record allocates nothing (reserve/submit, output, the consumers; the
 * target of {@code -prof gc}: 0 B/op).
 */
class RingBufBenchStatesTest {
    /**
     * The impls to drive: all of the table's, but Agrona only where {@code jdk.internal.misc} is exported to
     * it (the benchmark's forks add the export; the module's test JVM does not have it).
     */
    static final List<String> IMPLS = Object.class.getModule().isExported("jdk.internal.misc",
            RingBufBenchStatesTest.class.getModule())
            ? List.of(RingBufThroughputBench.MAPLAB, RingBufThroughputBench.MAPLAB_LOCKFREE,
                    RingBufThroughputBench.MAPLAB_PERFBUF, RingBufThroughputBench.AGRONA, RingBufThroughputBench.JCTOOLS)
            : List.of(RingBufThroughputBench.MAPLAB, RingBufThroughputBench.MAPLAB_LOCKFREE,
                    RingBufThroughputBench.MAPLAB_PERFBUF, RingBufThroughputBench.JCTOOLS);

    @AfterEach
    void unbind() {
        LogicalCpu.unbind();
    }

    /** What receiveOne returns for a record of producer {@code id}. */
    static long expected(String impl, int id, int size) {
        byte[] t = RingBufThroughputBench.Channel.template(id, size);
        if (impl.equals(RingBufThroughputBench.JCTOOLS)) {
            return t[0] | (long) t[size - 1] << 8;
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (t[i] & 0xff);
        }
        return v;
    }

    @Test
    void everyImplDeliversWhatWasProduced() {
        for (String impl : IMPLS) {
            for (int id : new int[] {0, 1}) {
                RingBufThroughputBench.Channel c = RingBufThroughputBench.Channel.create(impl, 2, 64);
                LogicalCpu.set(id);
                RingBufThroughputBench.Channel.Producer p = c.producer(id);
                for (int i = 0; i < 20_000; i++) {
                    assertTrue(p.produce(), impl + ": record " + i + " refused by an empty ring");
                    assertEquals(expected(impl, id, 64), c.receiveOne(), impl + ", producer " + id);
                }
            }
        }
    }

    @Test
    void aFullRingRefusesRecordsAndDrainEmptiesIt() {
        for (String impl : IMPLS) {
            RingBufThroughputBench.Channel c = RingBufThroughputBench.Channel.create(impl, 1, 64);
            LogicalCpu.set(0);
            RingBufThroughputBench.Channel.Producer p = c.producer(0);
            int accepted = 0;
            while (p.produce()) {
                accepted++;
                assertTrue(accepted <= RingBufThroughputBench.RING_BYTES / 64, impl + ": more records than the ring holds");
            }
            assertTrue(accepted >= RingBufThroughputBench.RING_BYTES / 128, impl + ": only " + accepted + " records fit");
            assertFalse(p.produce(), impl);
            c.drain();
            assertTrue(p.produce(), impl + ": still full after drain");
        }
    }

    @Test
    void produceAndReceiveAllocateNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (String impl : IMPLS) {
            RingBufThroughputBench.Channel c = RingBufThroughputBench.Channel.create(impl, 1, 64);
            LogicalCpu.set(0);
            RingBufThroughputBench.Channel.Producer p = c.producer(0);
            int n = 200_000;
            long sink = 0;
            long best = Long.MAX_VALUE;
            for (int round = 0; round < 4; round++) { // round 0 warms up
                long before = mx.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < n; i++) {
                    p.produce();
                    sink += c.receiveOne();
                }
                long bytes = mx.getCurrentThreadAllocatedBytes() - before;
                if (round > 0) {
                    best = Math.min(best, bytes);
                }
            }
            assertTrue(sink != 42);
            double perOp = (double) best / n;
            assertTrue(perOp < 0.01, impl + " allocates " + perOp + " B per record");
        }
    }
}
