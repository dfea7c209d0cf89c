package dev.maplab.ringbuf;

import static dev.maplab.ringbuf.RecordDescriptor.BUSY_BIT;
import static dev.maplab.ringbuf.RecordDescriptor.HEADER_LENGTH;

/**
 * Research variant, not the kernel's algorithm: the ring buffer with a lock-free reservation, as
 * ebpf-for-windows and Agrona's {@code ManyToOneRingBuffer} claim space (the design axis table of
 * {@code java-anchors.md}). Everything but the reservation is {@link RingBuf}'s: record format,
 * commit by xchg, wakeup rule, consumer.
 *
 * <p><b>Reservation.</b> A separate claim position is advanced with a CAS loop after the space check
 * against {@code consumer_pos} ({@code new_claim - cons > mask} fails, counted in {@link #drops()}; the
 * check first uses the last {@code consumer_pos} any producer loaded, and loads it afresh only when that
 * one says "full", as Agrona's head cache does);
 * the winner writes its BUSY header, then waits until {@code producer_pos} equals its own start (every
 * earlier claimant has written its header and published) and store-releases {@code producer_pos} to
 * its end: ebpf-for-windows' in-order publication. So the consumer still sees a header behind every
 * position it reads, and records in claim order.
 *
 * <p><b>What differs from the kernel.</b>
 * <ul>
 *   <li>No {@code pending_pos} rule: a well-behaved consumer never passes a BUSY record, so the rule
 *       matters only against a user who moves {@code consumer_pos} adversarially, which this variant
 *       does not defend against.</li>
 *   <li>The in-order publication waits for the predecessor's few stores (header, position); if that
 *       producer is descheduled between its CAS and its publication, its successors spin: lock-free
 *       claiming, not a lock-free publication. In a kernel this wait would deadlock an NMI that
 *       interrupted its own CPU's predecessor; {@link #reserveNmi} is therefore one CAS attempt that
 *       fails under contention (counted in {@link #lockFailures()}), and it also spins on
 *       publication.</li>
 * </ul>
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
    }

    @Override
    protected int reserveRecord(int len, int fp, boolean nmi) {
        // Opaque: a consumer_pos some producer loaded; racing producers may store an older one, never a
        // newer one than consumer_pos, so a check that passes against it passes against consumer_pos.
        long cons = (long) LONG.getOpaque(words, CONS_SEEN);
        long claim;
        for (;;) {
            // Acquire: pairs with the winning CAS of the previous claimant.
            claim = (long) LONG.getAcquire(words, CLAIM);
            long end = claim + fp;
            if (!hasSpace(end, cons, cons)) {
                // Acquire: pairs with the consumer's store-release of consumer_pos.
                long fresh = lvConsumer();
                if (fresh != cons) {
                    cons = fresh;
                    LONG.setOpaque(words, CONS_SEEN, fresh);
                    continue;
                }
                LONG.getAndAdd(words, DROPS, 1L);
                return NULL;
            }
            if (LONG.compareAndSet(words, CLAIM, claim, end)) {
                break;
            }
            if (nmi) {
                LONG.getAndAdd(words, LOCK_FAILURES, 1L);
                return NULL;
            }
        }
        int off = (int) claim & mask;
        RecordDescriptor.spLen(lens, off, len | BUSY_BIT);
        // In-order publication: acquire of producer_pos pairs with the predecessor's store-release.
        for (int spins = 0; lvProducer() != claim; spins++) {
            if (spins < 64) {
                Thread.onSpinWait();
            } else {
                spins = 0;
                Thread.yield(); // the predecessor may be descheduled (Java cannot disable preemption)
            }
        }
        soProducer(claim + fp);
        return off + HEADER_LENGTH;
    }
}
