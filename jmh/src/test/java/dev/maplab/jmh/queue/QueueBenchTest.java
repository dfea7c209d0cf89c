package dev.maplab.jmh.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.api.Errno;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The queue and stack benchmarks' containers without JMH: every implementation is FIFO (or LIFO), bounded
 * with -E2BIG and -ENOENT, and maplab's push-pop allocates nothing.
 */
class QueueBenchTest {
    @Test
    void everyImplementationIsBoundedFifoOrLifo() {
        for (boolean lifo : new boolean[] {false, true}) {
            for (String impl : lifo ? new String[] {QueueBench.MAPLAB, QueueBench.LBD, QueueBench.DEQUE_LOCKED}
                    : new String[] {QueueBench.MAPLAB, QueueBench.ABQ, QueueBench.DEQUE_LOCKED, QueueBench.LBD}) {
                QueueBench.Ops ops = QueueBench.create(impl, lifo, 3);
                assertEquals(-Errno.ENOENT, ops.pop(), impl);
                QueueBench.fill(ops, 3);
                assertEquals(-Errno.E2BIG, ops.push(3), impl + " full");
                for (int i = 0; i < 3; i++) {
                    assertEquals(1_000_000L + (lifo ? 2 - i : i), ops.pop(), impl + (lifo ? " LIFO" : " FIFO"));
                }
                assertEquals(-Errno.ENOENT, ops.pop(), impl);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> QueueBench.create(QueueBench.ABQ, true, 3));
    }

    @Test
    void maplabPushPopAllocatesNothing() {
        QueueBench.Ops ops = QueueBench.create(QueueBench.MAPLAB, false, 1024);
        QueueBench.fill(ops, 512);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int i = 0; i < 200_000; i++) {
            ops.push(i);
            sink += ops.pop();
        }
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200_000; i++) {
                ops.push(i);
                sink += ops.pop();
            }
            best = Math.min(best, mx.getCurrentThreadAllocatedBytes() - before);
        }
        assertTrue(sink != 42);
        assertTrue(best / 200_000.0 < 0.01, "allocates " + best / 200_000.0 + " B/op");
    }
}
