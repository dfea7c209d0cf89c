package dev.maplab.queue;

import dev.maplab.api.MapType;
import dev.maplab.queue.mutant.FullOffByOneQueueMap;

/** One Lincheck test class per subject: the production queue and stack, and the mutant. */
public final class QueueSubjects {
    private QueueSubjects() {
    }

    public static class Queue extends QueueOperations {
        public Queue() {
            super(new QueueMap(spec(MapType.QUEUE)));
        }
    }

    public static class Stack extends QueueOperations {
        public Stack() {
            super(new StackMap(spec(MapType.STACK)));
        }
    }

    public static class FullOffByOne extends QueueOperations {
        public FullOffByOne() {
            super(new FullOffByOneQueueMap(spec(MapType.QUEUE)));
        }
    }
}
