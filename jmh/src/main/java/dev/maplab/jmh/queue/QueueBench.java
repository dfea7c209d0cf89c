package dev.maplab.jmh.queue;

import dev.maplab.api.Errno;
import dev.maplab.api.UpdateFlags;
import dev.maplab.queue.QueueMap;
import dev.maplab.queue.QueueStackMap;
import dev.maplab.queue.StackMap;
import java.util.ArrayDeque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * What the queue and stack benchmarks share: the implementations behind {@code @Param("impl")}, each
 * wrapped as a bounded {@link Ops} with the kernel's answers (push into a full container: -E2BIG; pop
 * from an empty one: -ENOENT), and pre-boxed values for the anchors.
 *
 * <ul>
 *   <li>{@value #MAPLAB}: {@link QueueMap} / {@link StackMap}, the long fast path (one spin lock,
 *       a ring of max_entries + 1 slots, nothing allocated);</li>
 *   <li>{@value #ABQ}: {@code ArrayBlockingQueue<Long>} (one ReentrantLock, a ring), {@code offer} and
 *       {@code poll} (never blocking); FIFO only;</li>
 *   <li>{@value #DEQUE_LOCKED}: {@code ArrayDeque<Long>} with a capacity check, every operation in a
 *       {@code synchronized} block: what one writes by hand; FIFO or LIFO;</li>
 *   <li>{@value #LBD}: {@code LinkedBlockingDeque<Long>} (one ReentrantLock, a node per element:
 *       allocates on every push), {@code offerLast} / {@code pollLast}: the JDK's bounded concurrent LIFO.</li>
 * </ul>
 * Values are pre-boxed {@code Long}s, so that boxing is not measured; what the anchors allocate themselves
 * (LinkedBlockingDeque's nodes) is.
 */
public final class QueueBench {
    public static final String MAPLAB = "maplab";
    public static final String ABQ = "arrayblockingqueue";
    public static final String DEQUE_LOCKED = "arraydeque-locked";
    public static final String LBD = "linkedblockingdeque";
    /** Pre-boxed values (a power of two). */
    public static final int VALUES = 1 << 10;
    static final Long[] BOXED = new Long[VALUES];

    static {
        for (int i = 0; i < VALUES; i++) {
            BOXED[i] = Long.valueOf(1_000_000L + i); // outside the small-value cache
        }
    }

    private QueueBench() {
    }

    /** A bounded FIFO or LIFO with the kernel's result codes. */
    public interface Ops {
        /** 0, or -E2BIG when full. */
        int push(int i);

        /** The value, or -ENOENT when empty. */
        long pop();
    }

    /** The implementation {@code impl} of a {@code lifo} or FIFO container of {@code capacity}. */
    public static Ops create(String impl, boolean lifo, int capacity) {
        switch (impl) {
            case MAPLAB: {
                QueueStackMap m = lifo ? StackMap.ofLongs(capacity) : QueueMap.ofLongs(capacity);
                return new Ops() {
                    @Override
                    public int push(int i) {
                        return m.push(1_000_000L + (i & (VALUES - 1)), UpdateFlags.ANY);
                    }

                    @Override
                    public long pop() {
                        return m.pop(-Errno.ENOENT);
                    }
                };
            }
            case ABQ: {
                if (lifo) {
                    throw new IllegalArgumentException("impl = " + ABQ + " is FIFO only");
                }
                ArrayBlockingQueue<Long> q = new ArrayBlockingQueue<>(capacity);
                return new Ops() {
                    @Override
                    public int push(int i) {
                        return q.offer(BOXED[i & (VALUES - 1)]) ? 0 : -Errno.E2BIG;
                    }

                    @Override
                    public long pop() {
                        Long v = q.poll();
                        return v == null ? -Errno.ENOENT : v;
                    }
                };
            }
            case DEQUE_LOCKED: {
                ArrayDeque<Long> d = new ArrayDeque<>(capacity);
                return new Ops() {
                    @Override
                    public int push(int i) {
                        synchronized (d) {
                            if (d.size() == capacity) {
                                return -Errno.E2BIG;
                            }
                            d.addLast(BOXED[i & (VALUES - 1)]);
                            return 0;
                        }
                    }

                    @Override
                    public long pop() {
                        Long v;
                        synchronized (d) {
                            v = lifo ? d.pollLast() : d.pollFirst();
                        }
                        return v == null ? -Errno.ENOENT : v;
                    }
                };
            }
            case LBD: {
                LinkedBlockingDeque<Long> d = new LinkedBlockingDeque<>(capacity);
                return new Ops() {
                    @Override
                    public int push(int i) {
                        return d.offerLast(BOXED[i & (VALUES - 1)]) ? 0 : -Errno.E2BIG;
                    }

                    @Override
                    public long pop() {
                        Long v = lifo ? d.pollLast() : d.pollFirst();
                        return v == null ? -Errno.ENOENT : v;
                    }
                };
            }
            default:
                throw new IllegalArgumentException("impl = " + impl + ": one of " + MAPLAB + ", " + ABQ + ", " + DEQUE_LOCKED
                        + ", " + LBD);
        }
    }

    /** Pushes {@code n} values (setup). */
    public static void fill(Ops ops, int n) {
        for (int i = 0; i < n; i++) {
            if (ops.push(i) != 0) {
                throw new IllegalStateException("fill: push " + i + " of " + n + " failed");
            }
        }
    }
}
