package dev.maplab.ringbuf;

import static dev.maplab.ringbuf.RecordDescriptor.BUSY_BIT;
import static dev.maplab.ringbuf.RecordDescriptor.HEADER_LENGTH;

import java.lang.invoke.VarHandle;

/**
 * Research variant, not the kernel's algorithm: the ring buffer with a lock-free reservation, as
 * ebpf-for-windows and Agrona's {@code ManyToOneRingBuffer} claim space (the design axis table of
 * {@code java-anchors.md}). Record format, commit by xchg, wakeup rule and consumer are {@link RingBuf}'s;
 * what changes is how space is claimed and how the consumer learns that a header is not yet written.
 *
 * <p><b>Reservation.</b> {@code producer_pos} itself is advanced with a CAS loop after the space check
 * against {@code consumer_pos} ({@code new_prod - cons > mask} fails, counted in {@link #drops()}; the check
 * first uses the last {@code consumer_pos} any producer loaded, and loads it afresh only when that one says
 * "full", as Agrona's head cache does). The winner then writes its BUSY header and its sample and commits;
 * nobody waits for anybody.
 *
 * <p><b>Why the consumer needs no {@code producer_pos}.</b> Every header slot (the flag byte of each 8-byte
 * unit below the ring size, {@link RecordDescriptor}) that the consumer can reach reads BUSY until a record
 * starting there is committed: the ring starts with every slot BUSY, and when the consumer is done with a
 * record it stores BUSY into every slot the record covers ({@link #consumed}), before it store-releases
 * {@code consumer_pos}. Every slot, not only the header's: the record's sample bytes overwrote the slots
 * inside it, and a later lap's record may start at any of them (Agrona zeroes a consumed record whole, for
 * the same reason). A producer reaches that space only after loading a {@code consumer_pos} at least that far
 * (acquire, directly or through the kept position, which is stored with release), so its header comes after
 * the consumer's BUSY in the slot's order. A claimed record whose header is not yet written therefore reads
 * BUSY, and holds back the records behind it exactly as a reserved, uncommitted one does: delivery stays in
 * claim order. So the consumer walks the headers from {@code consumer_pos} and stops at the first BUSY one,
 * without loading {@code producer_pos} ({@link #headersReadBusyUntilCommitted}), and the producers' position
 * line is theirs alone. This is Agrona's scheme (its consumer zeroes what it read and polls the next header)
 * with the kernel's BUSY bit in the role of zero. A commit that wakes nobody ({@link #NO_WAKEUP}) is a
 * store-release, as in {@link RingBuf}.
 *
 * <p><b>What differs from the kernel.</b>
 * <ul>
 *   <li>No lock, and no {@code pending_pos} rule: a well-behaved consumer never passes a BUSY record, so the
 *       rule matters only against a user who moves {@code consumer_pos} adversarially, which this variant
 *       does not defend against (a record's stale header could then be read as committed).</li>
 *   <li>The consumer writes the ring's header slots (one byte store per 8 bytes of record), where the kernel's consumer only
 *       reads the data pages, and it reads {@code producer_pos} only for {@code poll}'s readiness.</li>
 *   <li>{@link #reserveNmi} is one CAS attempt: under contention it fails (counted in {@link
 *       #lockFailures()}), as the kernel's try-lock does.</li>
 * </ul>
 * An earlier version kept a separate claim position and published {@code producer_pos} in claim order
 * (ebpf-for-windows' in-order publication): on 2 cores with 2 producers and a consumer, a producer
 * descheduled between its claim and its publication stalled every later one, and 2 producers delivered
 * 0.5x Agrona's throughput. Polling the headers instead of {@code producer_pos} took one producer from
 * about 8.8 to about 12.5 records per microsecond in back-to-back runs on 2 cores. Moving the len word from a
 * separate array into the record's header (the kernel's layout) took the variant from 0.95x / 0.97x Agrona to
 * 1.35x / 1.40x at 1 / 2 producers ({@code RingBufPairedBench}, consumer re-polling at once).
 */
public class LockFreeRingBuf extends RingBuf {

    public static LockFreeRingBuf create(long maxEntries) {
        checkKernelSize(maxEntries);
        return new LockFreeRingBuf((int) maxEntries);
    }

    public static LockFreeRingBuf ofSize(int size) {
        return new LockFreeRingBuf(size);
    }

    protected LockFreeRingBuf(int size) {
        super(size);
        markBusy(0, size); // no record yet: every header slot reads "not committed"
        VarHandle.releaseFence(); // visible to threads that receive the ring racily
    }

    @Override
    protected int reserveRecord(int len, int fp, boolean nmi) {
        // Acquire: pairs with the store-release of the producer that kept it, after its acquire of
        // consumer_pos; never ahead of consumer_pos, so a check that passes against it passes against that.
        long cons = (long) LONG.getAcquire(words, CLAIM_CONS_SEEN);
        long prod;
        for (;;) {
            // Acquire: pairs with the winning CAS of the previous claimant.
            prod = lvProducer();
            long end = prod + fp;
            if (!hasSpace(end, cons, cons)) {
                // Acquire: pairs with the consumer's store-release of consumer_pos (after its BUSY stores).
                long fresh = lvConsumer();
                if (fresh != cons) {
                    cons = fresh;
                    LONG.setRelease(words, CLAIM_CONS_SEEN, fresh); // release: carries the consumer's stores on
                    continue;
                }
                LONG.getAndAdd(words, DROPS, 1L);
                return NULL;
            }
            if (LONG.compareAndSet(words, PROD, prod, end)) {
                break;
            }
            if (nmi) {
                LONG.getAndAdd(words, LOCK_FAILURES, 1L);
                return NULL;
            }
        }
        int off = (int) prod & mask;
        // Plain: the word reads BUSY already (see the class overview); this gives it the length.
        RecordDescriptor.spLen(data, off, len | BUSY_BIT);
        return off + HEADER_LENGTH;
    }

    /** A user wrote {@code consumer_pos}: the claimants check against it from now on (release: as the claimants' own). */
    @Override
    protected void consumerPositionWritten(long pos) {
        LONG.setRelease(words, CLAIM_CONS_SEEN, pos);
    }

    /** Every header slot reads BUSY until a record there is committed (see the class overview): the consumer walks headers only. */
    @Override
    protected boolean headersReadBusyUntilCommitted() {
        return true;
    }

    /**
     * The consumer is done with the record at {@code off}: every header slot it covers below the ring size reads
     * BUSY again (plain stores; published by the consumer's release of consumer_pos). Slots at or past the size
     * are the wrapped tail's, where no header ever lies.
     */
    @Override
    protected void consumed(int off, int footprint) {
        markBusy(off, Math.min(off + footprint, size));
    }

    /** Plain stores of BUSY into the flag byte of every 8-byte unit in {@code [from, to)}. */
    private void markBusy(int from, int to) {
        byte busy = (byte) (BUSY_BIT >>> 24);
        for (int i = from + RecordDescriptor.FLAGS_OFFSET; i < to; i += HEADER_LENGTH) {
            data[i] = busy;
        }
    }
}
