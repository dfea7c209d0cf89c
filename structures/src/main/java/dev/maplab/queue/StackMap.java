package dev.maplab.queue;

import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;

/**
 * BPF_MAP_TYPE_STACK: LIFO. Pop and peek read the newest element, at {@code head - 1} (wrapping to
 * {@code size - 1}; {@code __stack_map_get}); pop then moves {@code head} back to it. A push with
 * {@code BPF_EXIST} into a full stack drops the <em>oldest</em> element (the bottom, at {@code tail}),
 * exactly as for the queue. See {@link QueueStackMap}.
 */
public class StackMap extends QueueStackMap {
    public StackMap(MapSpec spec) {
        super(spec, MapType.STACK);
    }

    /** A stack of {@code maxEntries} 8-byte values (the shape of the fast path and of replay). */
    public static StackMap ofLongs(long maxEntries) {
        return new StackMap(MapSpec.builder(MapType.STACK).keySize(0).valueSize(8).maxEntries(maxEntries).build());
    }

    @Override
    protected int readIndex() {
        int index = head - 1;
        return index < 0 ? size - 1 : index; // the kernel's u32 "index >= size" wrap
    }

    @Override
    protected void consume(int index) {
        head = index;
    }
}
