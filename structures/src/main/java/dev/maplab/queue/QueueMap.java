package dev.maplab.queue;

import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;

/**
 * BPF_MAP_TYPE_QUEUE: FIFO. Pop and peek read the oldest element, at {@code tail}
 * ({@code __queue_map_get}); pop then advances {@code tail}. See {@link QueueStackMap}.
 */
public class QueueMap extends QueueStackMap {
    public QueueMap(MapSpec spec) {
        super(spec, MapType.QUEUE);
    }

    /** A queue of {@code maxEntries} 8-byte values (the shape of the fast path and of replay). */
    public static QueueMap ofLongs(long maxEntries) {
        return new QueueMap(MapSpec.builder(MapType.QUEUE).keySize(0).valueSize(8).maxEntries(maxEntries).build());
    }

    @Override
    protected int readIndex() {
        return tail;
    }

    @Override
    protected void consume(int index) {
        if (++tail >= size) {
            tail = 0;
        }
    }
}
