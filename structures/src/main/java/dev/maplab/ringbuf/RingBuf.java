package dev.maplab.ringbuf;

import static dev.maplab.ringbuf.RecordDescriptor.BUSY_BIT;
import static dev.maplab.ringbuf.RecordDescriptor.DISCARD_BIT;
import static dev.maplab.ringbuf.RecordDescriptor.HEADER_LENGTH;

import dev.maplab.api.Errno;
import dev.maplab.api.Errors;
import dev.maplab.cpu.SpinLock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The BPF ring buffer ({@code kernel/bpf/ringbuf.c}, BPF_MAP_TYPE_RINGBUF): one multi-producer,
 * single-consumer ring of variable-length records shared by all CPUs.
 *
 * <h2>Overview</h2>
 * A data area of {@code size} bytes ({@code size} a power of two, {@code mask = size - 1}) and three
 * free-running byte positions: {@code consumer_pos} (written by the consumer), {@code producer_pos}
 * (the end of the last reservation) and {@code pending_pos} (the oldest record that may still be
 * BUSY); a record starts at data offset {@code pos & mask}. A record is an 8-byte header and the
 * sample, rounded up to 8 bytes ({@link RecordDescriptor}). Producers:
 * <ol>
 *   <li>{@link #reserve}: take the reservation spin lock, advance {@code pending_pos} over committed
 *       records, read {@code consumer_pos} (see "Mapping to the kernel"), fail if
 *       {@code new_prod - cons > mask} or
 *       {@code new_prod - pending > mask} (returns {@link #NULL}, counted in {@link #drops()}), else
 *       write the header with BUSY set, store-release {@code producer_pos}, unlock. The handle is the
 *       sample's offset in the data area (the kernel returns {@code hdr + 8}); nothing is allocated.</li>
 *   <li>The producer writes the sample in place through {@link #putLong}, {@link #putBytes}, ...</li>
 *   <li>{@link #submit} clears BUSY with an atomic exchange (the kernel's {@code xchg}: a full barrier,
 *       so the sample is visible before the header says so), {@link #discard} also sets DISCARD. No lock:
 *       commits happen in any order, but the consumer sees records strictly in reservation order, so
 *       an early reservation committed late holds back every later record (head-of-line).</li>
 *   <li>Wakeup: after the commit, read {@code consumer_pos}; notify the consumer when it stands exactly
 *       at this record (it has consumed everything before and waits for this one), never with
 *       {@link #NO_WAKEUP}, always with {@link #FORCE_WAKEUP}. A consumer that is behind gets no
 *       extra wakeups: the kernel's self-pacing rule.</li>
 * </ol>
 * {@link #output} is reserve + copy + submit ({@code bpf_ringbuf_output}); {@link #query} answers
 * {@code bpf_ringbuf_query}. The consumer is libbpf's algorithm, in {@link RingBufConsumer}.
 *
 * <h2>Records are never split</h2>
 * The kernel maps the data pages twice, back to back, so a record that runs past the end of the data
 * area continues into the second mapping and is contiguous in virtual memory. Java cannot alias
 * memory, so maplab's data array is {@code 2 x size} bytes and a record that starts at offset
 * {@code off} occupies {@code [off, off + footprint)} of the array, past {@code size} if it wraps. The
 * bytes at {@code [0, k)} that the kernel's second mapping would alias are left unused for that lap:
 * nobody reads them, because producers and consumer reach a sample only through its start offset, and
 * a header always lies below {@code size} (positions and footprints are multiples of 8). So there is
 * no mirroring copy and no split copy, and the space accounting is exactly the kernel's. The two
 * alternatives were rejected: a mirrored {@code 2 x size} area doubles every wrapped write, and
 * padding to the end (Agrona's way) changes the accounting (a record that does not fit before the
 * end wastes the rest of the lap, so the same ring drops at other moments than the kernel's), which
 * would bias the drop experiments (claims C9, C12). What is lost: the physical memory is twice the
 * logical size (the kernel pays the double mapping in address space only); the studies report the
 * logical size, which is what the kernel allocates.
 *
 * <h2>Memory ordering</h2>
 * <ul>
 *   <li>header (plain) then {@code producer_pos} store-release: pairs with the consumer's acquire of
 *       {@code producer_pos}, so a consumer that sees a position sees the BUSY header behind it;</li>
 *   <li>commit {@code xchg} of the len word: release for the sample bytes (pairs with the consumer's
 *       acquire of the len word; a store-release under {@link #NO_WAKEUP}, see below), and a full barrier
 *       before the wakeup's read of {@code consumer_pos}:
 *       with only a release the read could be satisfied before the store (store-load reordering, allowed
 *       on x86 too) and a consumer going to sleep could be missed; {@link RingBufConsumer} pairs it with
 *       a full fence between its store of {@code consumer_pos} and its last look before parking;</li>
 *   <li>consumer {@code consumer_pos} store-release after each record: pairs with the producers'
 *       acquire of {@code consumer_pos}; the space of a record is reused only after its sample was read.</li>
 * </ul>
 *
 * <h2>Mapping to the kernel, and what is lost</h2>
 * <ul>
 *   <li>Lock: the kernel's raw spinlock (rqspinlock in some releases) with interrupts off is
 *       {@link SpinLock} on a {@code long} slot of {@link #words}. "NMI context" is {@link #reserveNmi}: one
 *       {@code tryLock}, so under contention a reservation fails although space is free (claim C15);
 *       such failures are counted in {@link #lockFailures()}, apart from {@link #drops()}.</li>
 *   <li>The kernel loads {@code consumer_pos} before taking the lock, on every reservation, and fails on
 *       that snapshot. maplab checks first against the last {@code consumer_pos} a reservation loaded
 *       (kept under the lock beside {@code pending_pos}), and loads it afresh, under the lock, only when
 *       that one says "full". The decisions are the kernel's: a well-behaved consumer only moves
 *       {@code consumer_pos} forward, so a check that passes against an older position passes against
 *       the current one, and a failure is always confirmed with a fresh load (which also makes it
 *       linearizable against "full means fail": the kernel's early snapshot can fail a reservation when
 *       at no instant the ring was that full). {@link #writeConsumerPosition}, which may move the
 *       position backwards, resets the kept position. What it saves: the consumer stores
 *       {@code consumer_pos} after every record, so a load per reservation moves that cache line from
 *       the consumer to the producer on every record; measured on 2 cores, one producer went from a
 *       bimodal 2-8 records/us to a steady 8-10. The commit's load of {@code consumer_pos} is likewise
 *       skipped when {@link #NO_WAKEUP} or {@link #FORCE_WAKEUP} makes its value irrelevant.</li>
 *   <li>The reservation line. The kernel keeps {@code pending_pos} beside {@code producer_pos}, on the page a
 *       consumer polls, and reads {@code producer_pos} there under the lock. maplab puts the lock, the lock
 *       holder's copy of {@code producer_pos}, {@code pending_pos} and the kept {@code consumer_pos} on one cache
 *       line of their own, and stores {@code producer_pos} without reading it. Only lock holders read these words,
 *       so nobody can tell; what it saves: a consumer that keeps up loads {@code producer_pos} on every record,
 *       and a reservation that first reads the line and then stores to it fetches it twice (a shared copy, then
 *       ownership), where one store fetches it once; with two producers the lock's line carries the rest of the
 *       reservation state to the next holder. Measured on 2 cores against the earlier layout (lock alone,
 *       {@code pending_pos} and the kept position on the producer-position line), the two rings and Agrona in
 *       rotating 10 ms slices of one JVM: 1 producer 15.7 against 10.8 records/us (Agrona 15.3) while cache
 *       lines moved fast, 4.5 against 3.4 (Agrona 8.0) while they moved slowly; 2 producers 6.2 against 5.6
 *       (Agrona 7.5).</li>
 *   <li>A commit with {@link #NO_WAKEUP} is a store-release of the len word, not the kernel's {@code xchg}
 *       ({@link #commitQuietly}): the full barrier exists for the wakeup's load of {@code consumer_pos},
 *       which {@link #NO_WAKEUP} ignores, so no reader can tell the two apart; the release still orders
 *       the sample before the header. This saves the second atomic instruction of each record (the lock
 *       is the first), as Agrona's commit does.</li>
 *   <li>The consumer page is writable by user space: {@link #writeConsumerPosition} lets a test move
 *       {@code consumer_pos} adversarially (selftest {@code ringbuf_write_subtest}); {@code pending_pos}
 *       keeps a reservation from overlapping a record still BUSY even then.</li>
 *   <li>The verifier checks in the kernel that a program writes inside its reservation and submits or
 *       discards it exactly once; here the sample accessors check only the array bounds, and
 *       {@link #submit} / {@link #discard} reject a handle whose header is not BUSY.</li>
 *   <li>Not modelled: overwrite mode ({@code BPF_F_RB_OVERWRITE}, 6.19), user ring buffers, the
 *       {@code bpf_map_ops} syscall operations (the kernel answers them with {@code -ENOTSUPP}), and
 *       dynptr reservations (a runtime size is what {@link #reserve} takes anyway).</li>
 * </ul>
 *
 * <h2>Reading guide</h2>
 * {@link #reserveRecord} (lock, pending scan, space check, publication), {@link #commit} (xchg and the
 * wakeup rule), then the sample accessors. The protected steps {@link #hasSpace}, {@link #publish} and
 * {@link #commitLen} are what the mutants in {@code dev.maplab.ringbuf.mutant} override;
 * {@link LockFreeRingBuf} replaces the lock by a CAS on {@code producer_pos} (research variant).
 */
public class RingBuf {
    /** The failed reservation ({@code NULL}). */
    public static final int NULL = -1;
    /** {@code BPF_RB_NO_WAKEUP}. */
    public static final long NO_WAKEUP = 1;
    /** {@code BPF_RB_FORCE_WAKEUP}. */
    public static final long FORCE_WAKEUP = 2;
    /** {@code bpf_ringbuf_query} keys. */
    public static final int AVAIL_DATA = 0;
    public static final int RING_SIZE = 1;
    public static final int CONS_POS = 2;
    public static final int PROD_POS = 3;
    /** The smallest ring maplab builds (the kernel's smallest is one page). */
    public static final int MIN_SIZE = 16;
    /** The largest ring maplab builds: its data array is {@code 2 x size} bytes. */
    public static final int MAX_SIZE = 1 << 30;

    static final VarHandle LONG = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle WAITER;

    static {
        try {
            WAITER = MethodHandles.lookup().findVarHandle(RingBuf.class, "waiter", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // Word indices in {@link #words}, on cache lines of their own (16 longs, 128 bytes apart: adjacent-line
    // prefetch too): the consumer's word; producer_pos, which a keeping-up consumer polls; the reservation line;
    // the failure counters (a producer that fails against a full ring writes them at its own pace, and the
    // consumer must not pay for it); the wakeup counter.
    static final int CONS = 16;
    static final int PROD = 32;
    /** {@link LockFreeRingBuf}: the last {@code consumer_pos} a claimant loaded, beside the position it CASes. */
    static final int CLAIM_CONS_SEEN = 34;
    /**
     * The reservation line: the spin lock and every word only its holder reads, so that a reservation reads nothing
     * on the producer-position line and takes that line from a polling consumer with one store (see "Mapping to the
     * kernel").
     */
    static final int RESERVE_LOCK = 48;
    /** {@code producer_pos} as the lock holder knows it: the lock holder is its only writer. */
    static final int RESERVED = 49;
    static final int PEND = 50;
    /** The last {@code consumer_pos} a reservation loaded (maplab's, under the lock; see "Mapping to the kernel"). */
    static final int CONS_SEEN = 51;
    static final int LOCK_FAILURES = 64;
    static final int DROPS = 65;
    static final int OVERSIZE = 66;
    static final int WAKEUPS = 80;
    private static final int WORDS = 112;

    protected final int size;
    protected final int mask;
    /** The data area, {@code 2 x size} bytes (see "Records are never split"). */
    protected final byte[] data;
    /** Positions, the reservation lock and counters (indices {@link #CONS}, {@link #PROD}, {@link #RESERVE_LOCK}, ...). */
    protected final long[] words = new long[WORDS];
    /** The consumer thread parked in {@link RingBufConsumer#poll}, or null. */
    @SuppressWarnings("unused")
    private volatile Thread waiter;

    /**
     * A ring of {@code size} data bytes under the kernel's creation rule: a power of two and a multiple
     * of the page size (4096); maplab's limit is 2^30.
     */
    public static RingBuf create(long maxEntries) {
        checkKernelSize(maxEntries);
        return new RingBuf((int) maxEntries);
    }

    /** A ring of any power-of-two size from {@link #MIN_SIZE}: small rings make the full paths reachable in model checking. */
    public static RingBuf ofSize(int size) {
        return new RingBuf(size);
    }

    static void checkKernelSize(long maxEntries) {
        if (maxEntries <= 0 || Long.bitCount(maxEntries) != 1 || maxEntries % RecordDescriptor.PAGE_SIZE != 0) {
            throw Errors.badArgument("maxEntries", maxEntries, "a power of two and a multiple of the page size "
                    + RecordDescriptor.PAGE_SIZE + " (kernel: -EINVAL)");
        }
        if (maxEntries > MAX_SIZE) {
            throw Errors.badArgument("maxEntries", maxEntries, "at most 2^30 (maplab's limit: its data array is twice the size)");
        }
    }

    protected RingBuf(int size) {
        if (size < MIN_SIZE || size > MAX_SIZE || Integer.bitCount(size) != 1) {
            throw Errors.badArgument("size", size, "a power of two between " + MIN_SIZE + " and 2^30");
        }
        this.size = size;
        this.mask = size - 1;
        this.data = new byte[2 * size];
    }

    // =============================================================================================
    // Producer side
    // =============================================================================================

    /** {@code bpf_ringbuf_reserve(map, size, 0)}: the sample's handle, or {@link #NULL}. */
    public final int reserve(int size) {
        return reserve(size, 0);
    }

    /**
     * {@code bpf_ringbuf_reserve(map, size, flags)}: non-zero flags or a record larger than the ring give
     * {@link #NULL}; so does a full ring (counted in {@link #drops()}).
     *
     * @param size the sample length in bytes, at least 0
     */
    public final int reserve(int size, long flags) {
        int fp = footprintOrNull(size);
        if (flags != 0 || fp < 0) {
            return NULL;
        }
        return reserveRecord(size, fp, false);
    }

    /**
     * A reservation in "NMI context": the lock is only tried once, so under contention this fails
     * although space may be free; such a failure counts in {@link #lockFailures()}, not in {@link #drops()}.
     */
    public final int reserveNmi(int size) {
        int fp = footprintOrNull(size);
        if (fp < 0) {
            return NULL;
        }
        return reserveRecord(size, fp, true);
    }

    /** The record footprint, or -1 (counted as oversize) when the kernel would refuse the size. */
    private int footprintOrNull(int len) {
        if (len < 0) {
            throw Errors.badArgument("size", len, "a sample length of at least 0 bytes");
        }
        long fp = RecordDescriptor.footprint(len);
        if (len > RecordDescriptor.MAX_RECORD_SIZE || fp > size) {
            LONG.getAndAdd(words, OVERSIZE, 1L);
            return -1;
        }
        return (int) fp;
    }

    /**
     * {@code __bpf_ringbuf_reserve}: the sample offset of a new BUSY record of {@code len} bytes, or
     * {@link #NULL}.
     */
    protected int reserveRecord(int len, int fp, boolean nmi) {
        if (nmi) {
            if (!SpinLock.tryLock(words, RESERVE_LOCK)) {
                LONG.getAndAdd(words, LOCK_FAILURES, 1L);
                return NULL;
            }
        } else {
            SpinLock.lock(words, RESERVE_LOCK);
        }
        long prod = words[RESERVED]; // plain: under the lock; not producer_pos, whose line the consumer polls
        long newProd = prod + fp;
        long pend = advancePending(prod);
        long cons = words[CONS_SEEN]; // plain: written under this lock only; never ahead of consumer_pos
        if (!hasSpace(newProd, cons, pend)) {
            // Acquire: pairs with the consumer's store-release; the space it frees was read already.
            cons = lvConsumer();
            words[CONS_SEEN] = cons;
            if (!hasSpace(newProd, cons, pend)) {
                words[PEND] = pend; // plain: under the lock
                LONG.setOpaque(words, DROPS, words[DROPS] + 1); // under the lock; opaque for readers
                SpinLock.unlock(words, RESERVE_LOCK);
                return NULL;
            }
        }
        int off = (int) prod & mask;
        publish(off, len | BUSY_BIT, newProd);
        words[RESERVED] = newProd; // plain: under the lock
        words[PEND] = pend;
        SpinLock.unlock(words, RESERVE_LOCK);
        return off + HEADER_LENGTH;
    }

    /**
     * {@code pending_pos} advanced over committed records up to the first BUSY one (or {@code prod}); under the
     * lock. The caller stores it back before it unlocks.
     */
    protected final long advancePending(long prod) {
        long pend = words[PEND]; // plain: under the lock
        while (pend - prod < 0) {
            // Acquire: pairs with the committer's xchg (a committed header is seen with its final length).
            int w = RecordDescriptor.lvLen(data, (int) pend & mask);
            if ((w & BUSY_BIT) != 0) {
                break;
            }
            pend += RecordDescriptor.footprint(RecordDescriptor.length(w));
        }
        return pend;
    }

    /** The space check: the new end may be at most {@code mask} bytes past the consumer and past the oldest BUSY record (unsigned, as in C). */
    protected boolean hasSpace(long newProd, long cons, long pend) {
        return Long.compareUnsigned(newProd - cons, mask) <= 0 && Long.compareUnsigned(newProd - pend, mask) <= 0;
    }

    /** Writes the BUSY header, then publishes the new producer position (store-release). */
    protected void publish(int off, int lenWord, long newProd) {
        RecordDescriptor.spLen(data, off, lenWord);
        soProducer(newProd);
    }

    /** {@code bpf_ringbuf_submit(sample, flags)}; returns true when this commit notified the consumer. */
    public final boolean submit(int sample, long flags) {
        return commit(sample, flags, false);
    }

    /** {@code bpf_ringbuf_discard(sample, flags)}: the consumer skips the record; returns true when it notified the consumer. */
    public final boolean discard(int sample, long flags) {
        return commit(sample, flags, true);
    }

    /** {@code bpf_ringbuf_commit}: clears BUSY (sets DISCARD for a discard), then applies the wakeup rule. */
    protected boolean commit(int sample, long flags, boolean discard) {
        if ((flags & ~(NO_WAKEUP | FORCE_WAKEUP)) != 0) {
            throw Errors.badArgument("flags", flags, "0, NO_WAKEUP (1) or FORCE_WAKEUP (2)");
        }
        int off = sample - HEADER_LENGTH;
        if (off < 0 || off >= size || (off & 7) != 0) {
            throw Errors.badArgument("sample", sample, "a handle returned by reserve (8 + a multiple of 8 below " + size + ")");
        }
        int w = RecordDescriptor.lpLen(data, off); // plain: the owner's own header
        if ((w & BUSY_BIT) == 0) {
            throw Errors.badArgument("sample", sample, "a reservation not yet submitted or discarded");
        }
        int committed = (w ^ BUSY_BIT) | (discard ? DISCARD_BIT : 0);
        if ((flags & NO_WAKEUP) != 0 && (flags & FORCE_WAKEUP) == 0) {
            commitQuietly(off, committed);
            return false; // the kernel loads consumer_pos here too, and ignores it
        }
        commitLen(off, committed);
        if ((flags & FORCE_WAKEUP) != 0) {
            notifyConsumer();
            return true;
        }
        // Acquire: pairs with the consumer's store-release; ordered after the commit by its full barrier.
        if ((lvConsumer() & mask) == off) {
            notifyConsumer();
            return true;
        }
        return false;
    }

    /**
     * True when every len word the consumer can reach reads BUSY until its record is committed, so the consumer
     * may walk the headers without loading {@code producer_pos}. Not in the kernel's ring (a len word there holds
     * an old lap's header until a reservation overwrites it), so libbpf's consumer loads {@code producer_pos};
     * {@link LockFreeRingBuf} says true.
     */
    protected boolean headersReadBusyUntilCommitted() {
        return false;
    }

    /**
     * The consumer is done with the record at data offset {@code off}, {@code footprint} bytes, and is about to
     * release its space: the kernel's ring does nothing here (its consumer only reads); {@link LockFreeRingBuf}
     * marks every header slot of the record BUSY.
     */
    protected void consumed(int off, int footprint) {
    }

    /**
     * The commit store of a commit that notifies nobody ({@link #NO_WAKEUP}): a store-release of the len word
     * (pairs with the consumer's acquire of it). The kernel's xchg is a full barrier only so that the wakeup's
     * load of {@code consumer_pos} cannot pass the commit; under {@link #NO_WAKEUP} that load decides nothing
     * (the kernel makes it and ignores it), so the release is all the consumer can tell apart.
     */
    protected void commitQuietly(int off, int lenWord) {
        RecordDescriptor.soLen(data, off, lenWord);
    }

    /** The commit store: xchg of the len word (a full barrier; release for the sample). */
    protected void commitLen(int off, int lenWord) {
        RecordDescriptor.xchgLen(data, off, lenWord);
    }

    /** The kernel's irq_work that wakes the wait queue: counts the wakeup and unparks a waiting consumer. */
    protected final void notifyConsumer() {
        LONG.getAndAdd(words, WAKEUPS, 1L);
        Thread w = (Thread) WAITER.getAcquire(this);
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /**
     * {@code bpf_ringbuf_output(map, data, size, flags)}: reserve, copy {@code len} bytes of {@code src}
     * from {@code srcOff}, submit. {@code -EINVAL} for flags other than the wakeup bits, {@code -EAGAIN}
     * when the reservation fails.
     */
    public final int output(byte[] src, int srcOff, int len, long flags) {
        if ((flags & ~(NO_WAKEUP | FORCE_WAKEUP)) != 0) {
            return -Errno.EINVAL;
        }
        int fp = footprintOrNull(len);
        if (fp < 0) {
            return -Errno.EAGAIN;
        }
        int h = reserveRecord(len, fp, false);
        if (h == NULL) {
            return -Errno.EAGAIN;
        }
        System.arraycopy(src, srcOff, data, h, len);
        commit(h, flags, false);
        return 0;
    }

    /** {@code bpf_ringbuf_query(map, key)}: available bytes, size, consumer or producer position; 0 for other keys. */
    public final long query(int key) {
        switch (key) {
            case AVAIL_DATA: return lvProducer() - lvConsumer();
            case RING_SIZE: return size;
            case CONS_POS: return lvConsumer();
            case PROD_POS: return lvProducer();
            default: return 0;
        }
    }

    // ---- the sample: written in place by its owner (plain; published by the commit) -----------

    public final void putByte(int sample, int index, byte v) {
        data[sample + index] = v;
    }

    public final void putInt(int sample, int index, int v) {
        RecordDescriptor.putInt(data, sample + index, v);
    }

    public final void putLong(int sample, int index, long v) {
        RecordDescriptor.putLong(data, sample + index, v);
    }

    public final void putBytes(int sample, int index, byte[] src, int srcOff, int len) {
        System.arraycopy(src, srcOff, data, sample + index, len);
    }

    public final byte getByte(int sample, int index) {
        return data[sample + index];
    }

    public final int getInt(int sample, int index) {
        return RecordDescriptor.getInt(data, sample + index);
    }

    public final long getLong(int sample, int index) {
        return RecordDescriptor.getLong(data, sample + index);
    }

    /** The sample length recorded in the header of a reservation. */
    public final int sampleLength(int sample) {
        return RecordDescriptor.length(RecordDescriptor.lpLen(data, sample - HEADER_LENGTH));
    }

    // ---- positions ------------------------------------------------------------------------------

    /** {@code consumer_pos}, load-acquire: pairs with the consumer's {@link #soConsumer}. */
    protected final long lvConsumer() {
        return (long) LONG.getAcquire(words, CONS);
    }

    /** {@code consumer_pos}, store-release: pairs with the producers' {@link #lvConsumer}. */
    final void soConsumer(long pos) {
        LONG.setRelease(words, CONS, pos);
    }

    /** {@code producer_pos}, load-acquire: pairs with {@link #soProducer}. */
    protected final long lvProducer() {
        return (long) LONG.getAcquire(words, PROD);
    }

    /** {@code producer_pos}, store-release: pairs with the consumer's {@link #lvProducer}; publishes the header behind it. */
    protected final void soProducer(long pos) {
        LONG.setRelease(words, PROD, pos);
    }

    /**
     * What user space can do through its writable consumer page: store any {@code consumer_pos}
     * (store-release). A well-behaved consumer never calls this; the overrun selftest does.
     */
    public final void writeConsumerPosition(long pos) {
        SpinLock.lock(words, RESERVE_LOCK);
        soConsumer(pos);
        consumerPositionWritten(pos);
        SpinLock.unlock(words, RESERVE_LOCK);
    }

    /**
     * Under the reservation lock, after a user wrote {@code consumer_pos}: the next reservation checks against the
     * written position, as the kernel's would (the kept position may now be ahead of it).
     */
    protected void consumerPositionWritten(long pos) {
        words[CONS_SEEN] = pos; // plain: under the lock
    }

    // ---- the waiting consumer -------------------------------------------------------------------

    /** Registers the thread that parks waiting for a notification (a volatile store). */
    final void setWaiter(Thread t) {
        WAITER.setVolatile(this, t);
    }

    /** True when the kernel's poll would report the ring readable: {@code producer_pos != consumer_pos}. */
    final boolean readable() {
        return lvProducer() != lvConsumer();
    }

    // ---- figures ----------------------------------------------------------------------------------

    /** The data size in bytes ({@code max_entries}). */
    public final int size() {
        return size;
    }

    /** Reservations that failed for lack of space. */
    public final long drops() {
        return (long) LONG.getOpaque(words, DROPS);
    }

    /** NMI-mode reservations that failed because the lock was taken. */
    public final long lockFailures() {
        return (long) LONG.getOpaque(words, LOCK_FAILURES);
    }

    /** Reservations refused because the record is larger than the ring (or than the kernel's maximum). */
    public final long oversize() {
        return (long) LONG.getOpaque(words, OVERSIZE);
    }

    /** Notifications sent to the consumer. */
    public final long wakeups() {
        return (long) LONG.getOpaque(words, WAKEUPS);
    }

    /** The oldest position that may still hold a BUSY record, as of the last reservation. */
    public final long pendingPosition() {
        return (long) LONG.getOpaque(words, PEND);
    }

    /** The data array (for the consumer's zero-copy views). */
    final byte[] data() {
        return data;
    }

    final int mask() {
        return mask;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{size=" + size + ", cons=" + lvConsumer() + ", prod=" + lvProducer()
                + ", pending=" + pendingPosition() + ", drops=" + drops() + ", lockFailures=" + lockFailures() + "}";
    }
}
