package dev.maplab.jmh.queue;

import org.openjdk.jmh.annotations.Param;

/**
 * QUEUE (FIFO) push/pop throughput ({@link PushPopBench}): maplab's {@code QueueMap} beside
 * {@code ArrayBlockingQueue} and a locked {@code ArrayDeque} ({@link QueueBench}).
 */
public class QueuePushPopBench extends PushPopBench {
    @Param({QueueBench.MAPLAB, QueueBench.ABQ, QueueBench.DEQUE_LOCKED})
    public String impl;

    @Override
    String impl() {
        return impl;
    }

    @Override
    boolean lifo() {
        return false;
    }
}
