package dev.maplab.ringbuf;

import java.util.ArrayDeque;

/**
 * The sequential meaning of {@link RingBufOperations}: a FIFO of records in reservation order, each
 * BUSY, committed or discarded, with the kernel's byte accounting. A reservation fails ("full") when
 * the new end would be more than {@code size - 1} bytes past the consumer; the consumer delivers the
 * first record when it is committed, skips discarded ones, and delivers nothing while the first record
 * is BUSY (head-of-line: later committed records wait).
 */
public class RingBufSequentialSpec {
    private static final int BUSY = 0;
    private static final int COMMITTED = 1;
    private static final int DISCARDED = 2;

    private static final class Rec {
        final long value;
        final int len;
        final int fp;
        int state = BUSY;

        Rec(long value, int len) {
            this.value = value;
            this.len = len;
            this.fp = (int) RecordDescriptor.footprint(len);
        }
    }

    private final ArrayDeque<Rec> fifo = new ArrayDeque<>();
    private final Rec[] held = new Rec[2];
    private long cons;
    private long prod;

    private int reserve(int p, int v, int k) {
        if (held[p] != null) {
            return -2;
        }
        Rec r = new Rec(p * 10L + v, 8 * k);
        if (prod + r.fp - cons > RingBufOperations.SIZE - 1) {
            return 0;
        }
        prod += r.fp;
        fifo.addLast(r);
        held[p] = r;
        return 1;
    }

    private boolean commit(int p, boolean discard) {
        Rec r = held[p];
        if (r == null) {
            return false;
        }
        held[p] = null;
        r.state = discard ? DISCARDED : COMMITTED;
        return true;
    }

    public int reserve0(int v, int k) {
        return reserve(0, v, k);
    }

    public boolean submit0() {
        return commit(0, false);
    }

    public boolean discard0() {
        return commit(0, true);
    }

    public int reserve1(int v, int k) {
        return reserve(1, v, k);
    }

    public boolean submit1() {
        return commit(1, false);
    }

    public boolean discard1() {
        return commit(1, true);
    }

    public long consume() {
        for (;;) {
            Rec r = fifo.peekFirst();
            if (r == null || r.state == BUSY) {
                return -1;
            }
            fifo.removeFirst();
            cons += r.fp;
            if (r.state == COMMITTED) {
                return r.value * 100 + r.len;
            }
        }
    }
}
