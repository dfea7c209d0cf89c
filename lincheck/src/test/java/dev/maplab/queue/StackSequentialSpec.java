package dev.maplab.queue;

import dev.maplab.api.Errno;

/**
 * The sequential meaning of {@link QueueOperations} for a stack, LIFO: pushes as {@link
 * QueueSequentialSpec} (a BPF_EXIST push into a full stack drops the <em>oldest</em>, bottom value), pop
 * and peek take the newest value.
 */
public class StackSequentialSpec extends QueueSequentialSpec {
    @Override
    public long pop() {
        Long v = values.pollLast();
        return v == null ? -Errno.ENOENT : v;
    }

    @Override
    public long peek() {
        Long v = values.peekLast();
        return v == null ? -Errno.ENOENT : v;
    }
}
