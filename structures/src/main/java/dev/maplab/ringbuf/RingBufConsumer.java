package dev.maplab.ringbuf;

import static dev.maplab.ringbuf.RecordDescriptor.BUSY_BIT;
import static dev.maplab.ringbuf.RecordDescriptor.DISCARD_BIT;
import static dev.maplab.ringbuf.RecordDescriptor.HEADER_LENGTH;

import dev.maplab.api.Errors;
import java.lang.invoke.VarHandle;

/**
 * The consumer of one {@link RingBuf}: libbpf's {@code struct ring} and {@code ringbuf_process_ring}
 * ({@code tools/lib/bpf/ringbuf.c}). Exactly one thread may consume a ring at a time.
 *
 * <p><b>Algorithm</b> ({@link #process}): acquire-load {@code consumer_pos}; then, as long as the last
 * pass found a record: acquire-load {@code producer_pos} (maplab keeps the last one loaded and loads
 * again only once {@code cons} has reached it: the records below it were published by that load, so
 * the records delivered are libbpf's, and a consumer that is behind does not pull the line the producers
 * write on every reservation), and while {@code cons < prod} acquire-load the
 * header at {@code cons}; a BUSY header ends the drain (later records wait even if committed: delivery is
 * in reservation order); otherwise advance past the record, call the {@link SampleHandler} unless the
 * record is discarded, and store-release {@code consumer_pos} after every record (libbpf's deliberate,
 * pessimistic choice: space is returned to the producers one record at a time). A negative callback
 * result is returned at once, with the position already past that record; a batch limit ends the drain
 * after {@code n} delivered records.
 *
 * <p><b>Zero copy, no allocation.</b> The callback gets a {@link RecordView} on the ring's own data
 * array (records are contiguous, see {@link RingBuf}), reused for every record.
 *
 * <p><b>Waiting</b> ({@link #poll}; {@link #awaitReadable}, the wait alone; {@link RingBufPoller} for several
 * rings): the kernel's poll reports a ring readable when {@code producer_pos != consumer_pos}, and the
 * producers' commits notify when the consumer stands exactly at the committed record. Before parking the consumer registers
 * itself, issues a full fence and looks once more: the fence orders its last store of
 * {@code consumer_pos} before that look, and pairs with the commit's xchg, which orders the producer's
 * stores before its read of {@code consumer_pos}. Either the consumer sees the new record, or the
 * producer sees the consumer waiting at it and wakes it (the Dekker pattern; a release alone on either
 * side loses wakeups, even on x86). As with level-triggered epoll, a ring holding a reserved but not
 * yet committed record is readable, so {@code poll} returns 0 at once.
 *
 * <p>The protected steps {@link #committed}, {@link #skipped} and {@link #deliver} are what the
 * consumer mutants of {@code dev.maplab.ringbuf.mutant} override.
 */
public class RingBufConsumer {
    protected final RingBuf rb;
    protected final byte[] data;
    protected final int mask;
    protected final SampleHandler handler;
    protected final RecordView view = new RecordView();
    private final RingBufConsumer[] self = {this};
    /**
     * The last {@code producer_pos} this consumer loaded (consumer-private). Every position below it was
     * reserved, its header published before that load, so {@link #process} reads {@code producer_pos}
     * again only when it has caught up with this one.
     */
    private long producerSeen;

    public RingBufConsumer(RingBuf rb, SampleHandler handler) {
        if (rb == null) {
            throw Errors.badArgument("rb", "null", "a ring buffer");
        }
        if (handler == null) {
            throw Errors.badArgument("handler", "null", "a sample callback");
        }
        this.rb = rb;
        this.data = rb.data();
        this.mask = rb.mask();
        this.handler = handler;
    }

    /** {@code ring__consume}: drains everything committed, without waiting; the number delivered or a negative callback result. */
    public int consume() {
        return process(Long.MAX_VALUE);
    }

    /** {@code ring__consume_n}: at most {@code n} records. */
    public int consumeN(int n) {
        if (n < 0) {
            throw Errors.badArgument("n", n, "a record count of at least 0");
        }
        return process(n);
    }

    /**
     * {@code ring_buffer__poll} on this ring alone: drains; if nothing was delivered, waits up to
     * {@code timeoutMillis} (-1: forever, 0: not at all) for the ring to become readable or a producer's
     * notification, then drains once more. Returns the number delivered (possibly 0) or a negative callback
     * result.
     */
    public int poll(long timeoutMillis) {
        return RingBufPoller.poll(self, 1, timeoutMillis);
    }

    /**
     * {@code epoll_wait} on this ring alone: true as soon as it is readable or a producer notified it, false when
     * {@code timeoutMillis} passed first (-1: forever, 0: only look); consumes nothing (see
     * {@link RingBufPoller#awaitReadable}).
     */
    public boolean awaitReadable(long timeoutMillis) {
        return RingBufPoller.awaitReadable(self, 1, timeoutMillis);
    }

    /** The libbpf loop; returns the number of records delivered (capped at {@code Integer.MAX_VALUE}) or a negative callback result. */
    protected int process(long n) {
        // Acquire: only this thread stores it, but a user may have written it (the writable page).
        long cons = rb.lvConsumer();
        long count = 0;
        if (n == 0) {
            return 0;
        }
        long prod = producerSeen;
        boolean progress;
        do {
            progress = false;
            if (cons - prod >= 0) {
                if (rb.headersReadBusyUntilCommitted()) {
                    prod = cons + rb.size(); // every len word up to a lap ahead reads BUSY or committed (LockFreeRingBuf)
                } else {
                    // Acquire: pairs with the reserving producer's store-release; the headers behind it are visible.
                    prod = rb.lvProducer();
                }
                producerSeen = prod;
            }
            while (cons - prod < 0) {
                int off = (int) cons & mask;
                // Acquire: pairs with the commit's xchg; the sample is visible when BUSY is clear.
                int w = RecordDescriptor.lvLen(data, off);
                if (!committed(w)) {
                    return (int) Math.min(count, Integer.MAX_VALUE);
                }
                progress = true;
                long next = cons + RecordDescriptor.footprint(RecordDescriptor.length(w));
                boolean deliver = !skipped(w);
                int rc = deliver(off, w, deliver, next);
                cons = next;
                if (rc < 0) {
                    return rc;
                }
                if (deliver && ++count >= n) {
                    return (int) Math.min(count, Integer.MAX_VALUE);
                }
            }
        } while (progress);
        return (int) Math.min(count, Integer.MAX_VALUE);
    }

    /** True when the record may be consumed: BUSY is clear. */
    protected boolean committed(int lenWord) {
        return (lenWord & BUSY_BIT) == 0;
    }

    /** True when the record is skipped silently: DISCARD is set. */
    protected boolean skipped(int lenWord) {
        return (lenWord & DISCARD_BIT) != 0;
    }

    /**
     * Hands the record at {@code off} to the callback (when {@code deliver}), then store-releases
     * {@code consumer_pos = next}: only after the sample was read may producers reuse its space.
     */
    protected int deliver(int off, int lenWord, boolean deliver, long next) {
        int rc = deliver ? callback(off, lenWord) : 0;
        rb.consumed(off, RecordDescriptor.footprint32(lenWord));
        storeConsumer(next);
        return rc;
    }

    /** Calls the handler with a view of the sample of the record at {@code off}. */
    protected final int callback(int off, int lenWord) {
        view.set(data, off + HEADER_LENGTH, RecordDescriptor.length(lenWord));
        return handler.onSample(view);
    }

    /** {@code consumer_pos}, store-release: pairs with the producers' acquire of it before they reserve. */
    protected final void storeConsumer(long next) {
        rb.soConsumer(next);
    }

    // ---- waiting ------------------------------------------------------------------------------------

    /** Registers the calling thread as waiting, then (full fence) reports whether the ring is readable. */
    final boolean prepareToWait() {
        rb.setWaiter(Thread.currentThread());
        // Full fence: orders this thread's last store of consumer_pos before the look at producer_pos;
        // pairs with the full barrier of the producers' commit xchg.
        VarHandle.fullFence();
        return rb.readable();
    }

    final void finishWait() {
        rb.setWaiter(null);
    }

    /**
     * The last look before parking, as {@link #poll} makes it: true when the consumer would park now
     * (nothing readable). Used by the jcstress test of lost wakeups.
     */
    public final boolean wouldSleep() {
        boolean ready = prepareToWait();
        finishWait();
        return !ready;
    }

    // ---- ring__* accessors ------------------------------------------------------------------------

    /** {@code ring__avail_data_size}: {@code producer_pos - consumer_pos}. */
    public long availDataSize() {
        return rb.lvProducer() - rb.lvConsumer();
    }

    /** {@code ring__size}. */
    public long size() {
        return rb.size();
    }

    public long consumerPosition() {
        return rb.lvConsumer();
    }

    public long producerPosition() {
        return rb.lvProducer();
    }

    public RingBuf ring() {
        return rb;
    }
}
