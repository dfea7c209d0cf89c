package dev.maplab.ringbuf;

import dev.maplab.api.Errors;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * libbpf's {@code struct ring_buffer}: several rings drained by one thread, each with its own callback
 * ({@code ring_buffer__new}, {@code ring_buffer__add}, {@code ring_buffer__poll},
 * {@code ring_buffer__consume}, {@code ring_buffer__consume_n}, {@code ring_buffer__ring}).
 *
 * <p>Waiting stands in for {@code epoll_wait}: the thread registers with every ring, fences, and parks
 * unless one is readable ({@code producer_pos != consumer_pos}); a producer's notification unparks it.
 * Then every ring is drained once, in the order they were added, and the total is returned, even 0 (a
 * woken poll that found only a discarded record, or a ring readable because of a record still BUSY,
 * returns 0 as libbpf does). A spurious return from {@code park} waits again. {@link #awaitReadable} is that
 * wait alone, for a caller that drains in its own steps (libbpf's {@code ring_buffer__epoll_fd}).
 */
public final class RingBufPoller {
    private RingBufConsumer[] rings = new RingBufConsumer[0];
    private int count;

    /** {@code ring_buffer__new} with the first ring. */
    public RingBufPoller(RingBuf rb, SampleHandler handler) {
        add(rb, handler);
    }

    /** {@code ring_buffer__add}. */
    public RingBufPoller add(RingBuf rb, SampleHandler handler) {
        return add(new RingBufConsumer(rb, handler));
    }

    /** Adds a consumer built elsewhere (a mutant consumer in the checks). */
    public RingBufPoller add(RingBufConsumer consumer) {
        rings = Arrays.copyOf(rings, count + 1);
        rings[count++] = consumer;
        return this;
    }

    /** {@code ring_buffer__ring(idx)}: the ring's consumer, or null when {@code idx} is out of range (libbpf: NULL, errno ERANGE). */
    public RingBufConsumer ring(int idx) {
        return idx >= 0 && idx < count ? rings[idx] : null;
    }

    /** The number of rings. */
    public int rings() {
        return count;
    }

    /** {@code ring_buffer__poll(timeout_ms)}: -1 waits forever, 0 not at all. */
    public int poll(long timeoutMillis) {
        return poll(rings, count, timeoutMillis);
    }

    /** {@code ring_buffer__consume}: every ring, no waiting. */
    public int consume() {
        return drain(rings, count, Long.MAX_VALUE);
    }

    /** {@code ring_buffer__consume_n(n)}: at most {@code n} records in total, rings in order. */
    public int consumeN(int n) {
        if (n < 0) {
            throw Errors.badArgument("n", n, "a record count of at least 0");
        }
        return drain(rings, count, n);
    }

    static int drain(RingBufConsumer[] rings, int count, long n) {
        long total = 0;
        for (int i = 0; i < count && total < n; i++) {
            int r = rings[i].process(n - total);
            if (r < 0) {
                return r;
            }
            total += r;
        }
        return (int) Math.min(total, Integer.MAX_VALUE);
    }

    /**
     * The wait of {@code ring_buffer__poll} alone, as a caller of {@code ring_buffer__epoll_fd()} makes it with
     * {@code epoll_wait}: returns true as soon as a ring is readable ({@code producer_pos != consumer_pos}) or a
     * producer notified this poller, false when {@code timeoutMillis} passed first (-1: forever, 0: only look).
     * Consumes nothing: the caller drains with {@link #consume} or {@link #consumeN}.
     */
    public boolean awaitReadable(long timeoutMillis) {
        return awaitReadable(rings, count, timeoutMillis);
    }

    static int poll(RingBufConsumer[] rings, int count, long timeoutMillis) {
        checkTimeout(timeoutMillis);
        int first = drain(rings, count, Long.MAX_VALUE);
        if (first != 0 || timeoutMillis == 0) {
            return first;
        }
        awaitReadable(rings, count, timeoutMillis);
        return drain(rings, count, Long.MAX_VALUE);
    }

    static boolean awaitReadable(RingBufConsumer[] rings, int count, long timeoutMillis) {
        checkTimeout(timeoutMillis);
        boolean forever = timeoutMillis < 0;
        long deadline = forever ? 0 : System.nanoTime() + timeoutMillis * 1_000_000L;
        for (;;) {
            long notified = wakeups(rings, count);
            boolean ready = false;
            for (int i = 0; i < count; i++) {
                ready |= rings[i].prepareToWait();
            }
            if (!ready) {
                if (forever) {
                    LockSupport.park(rings);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left > 0) {
                        LockSupport.parkNanos(rings, left);
                    }
                }
            }
            for (int i = 0; i < count; i++) {
                rings[i].finishWait();
            }
            if (ready || wakeups(rings, count) != notified) {
                return true;
            }
            if (!forever && System.nanoTime() - deadline >= 0) {
                return false;
            }
            // woken by nothing (a spurious return from park): look again, then wait again
        }
    }

    private static void checkTimeout(long timeoutMillis) {
        if (timeoutMillis < -1) {
            throw Errors.badArgument("timeoutMillis", timeoutMillis, "-1 (forever), 0 (no wait) or a positive timeout");
        }
    }

    private static long wakeups(RingBufConsumer[] rings, int count) {
        long w = 0;
        for (int i = 0; i < count; i++) {
            w += rings[i].rb.wakeups();
        }
        return w;
    }
}
