package dev.maplab.jmh.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The QUEUE and STACK push/pop benchmarks build their own kind of container, half full. */
class PushPopBenchTest {
    private static final int PUSHED = 77;

    /** The value a container of {@code impl} holds for {@code push(i)} (implementations encode it). */
    private static long stored(String impl, boolean lifo, int i) {
        QueueBench.Ops one = QueueBench.create(impl, lifo, 1);
        assertEquals(0, one.push(i));
        return one.pop();
    }

    private static long pushThenPop(PushPopBench b) {
        b.setUp();
        assertEquals(0, b.ops.push(PUSHED));
        return b.ops.pop();
    }

    @Test
    @DisplayName("the QUEUE benchmark pops the oldest value, for every implementation")
    void queueIsFifo() {
        for (String impl : new String[] {QueueBench.MAPLAB, QueueBench.ABQ, QueueBench.DEQUE_LOCKED}) {
            QueuePushPopBench b = new QueuePushPopBench();
            b.impl = impl;
            assertEquals(stored(impl, false, 0), pushThenPop(b), impl + ": the first value of the half-full fill");
        }
    }

    @Test
    @DisplayName("the STACK benchmark pops the newest value, for every implementation")
    void stackIsLifo() {
        for (String impl : new String[] {QueueBench.MAPLAB, QueueBench.LBD, QueueBench.DEQUE_LOCKED}) {
            StackPushPopBench b = new StackPushPopBench();
            b.impl = impl;
            assertEquals(stored(impl, true, PUSHED), pushThenPop(b), impl + ": the value just pushed");
        }
    }
}
