package dev.maplab.queue;

import dev.maplab.api.Errno;
import dev.maplab.api.UpdateFlags;
import java.util.ArrayDeque;

/**
 * The sequential meaning of {@link QueueOperations}, FIFO: a bounded deque of max_entries values. A push
 * into a full map gives -E2BIG, unless its flags are BPF_EXIST: then the oldest value is dropped first.
 * NOEXIST (or anything above EXIST) gives -EINVAL. Pop and peek take the oldest value; empty: -ENOENT.
 */
public class QueueSequentialSpec {
    protected final ArrayDeque<Long> values = new ArrayDeque<>();

    public int push(int v, int flags) {
        if ((flags & UpdateFlags.NOEXIST) != 0 || flags > UpdateFlags.EXIST) {
            return -Errno.EINVAL;
        }
        if (values.size() == QueueOperations.MAX_ENTRIES) {
            if (flags != UpdateFlags.EXIST) {
                return -Errno.E2BIG;
            }
            values.pollFirst(); // the oldest, for the queue and the stack alike
        }
        values.addLast((long) v);
        return 0;
    }

    public long pop() {
        Long v = values.pollFirst();
        return v == null ? -Errno.ENOENT : v;
    }

    public long peek() {
        Long v = values.peekFirst();
        return v == null ? -Errno.ENOENT : v;
    }
}
