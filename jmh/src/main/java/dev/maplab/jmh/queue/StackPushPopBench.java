package dev.maplab.jmh.queue;

import org.openjdk.jmh.annotations.Param;

/**
 * STACK (LIFO) push/pop throughput ({@link PushPopBench}): maplab's {@code StackMap} beside
 * {@code LinkedBlockingDeque} (LIFO end) and a locked {@code ArrayDeque} ({@link QueueBench}).
 */
public class StackPushPopBench extends PushPopBench {
    @Param({QueueBench.MAPLAB, QueueBench.LBD, QueueBench.DEQUE_LOCKED})
    public String impl;

    @Override
    String impl() {
        return impl;
    }

    @Override
    boolean lifo() {
        return true;
    }
}
