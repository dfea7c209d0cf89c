package dev.maplab.ringbuf;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The record format of the BPF ring buffer ({@code include/uapi/linux/bpf.h}, {@code struct
 * bpf_ringbuf_hdr}): an 8-byte header, then the sample, the whole rounded up to 8 bytes.
 *
 * <p>Layout of the record at data offset {@code off} (always 8-aligned, always below the ring size):
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-----------------------------------------------------------+
 *  |D|B|  len: sample length in bytes (30 bits)                    |  off+0  u32 len word
 *  |I|U|                                                           |         bit 31 BUSY: reserved,
 *  |S|S|                                                           |           not yet committed
 *  |C|Y|                                                           |         bit 30 DISCARD
 *  +-+-+-----------------------------------------------------------+
 *  |  pg_off: pages from the ring's start to this header           |  off+4  u32
 *  +---------------------------------------------------------------+
 *  |  sample: len bytes                                            |  off+8
 *  ~                                                               ~
 *  |                               | padding to a multiple of 8    |
 *  +---------------------------------------------------------------+
 *                                                   footprint = round_up(len + 8, 8)
 * </pre>
 * (The diagram draws bit 31 at the left; the words are little-endian, as on x86-64.)
 *
 * <p><b>Where the words live.</b> In the data area, as in the kernel: the len word is bytes {@code off..off+3}
 * of the data array, little-endian, so the header shares the sample's cache line. The one byte that two
 * threads race on is the top byte, {@code off + 3}, which holds BUSY and DISCARD (and length bits 24..29):
 * <ul>
 *   <li>the reserving producer writes all four bytes, BUSY set, with plain stores before the producer
 *       position is published (store-release);</li>
 *   <li>the commit changes the flag byte only (the kernel's {@code xchg} of the whole word changes no other
 *       bits: BUSY is cleared, DISCARD maybe set), so it is one atomic byte access: an exchange (a full
 *       barrier, {@link #xchgLen}) or a store-release ({@link #soLen});</li>
 *   <li>the consumer and the pending scan load the flag byte with acquire, then the three length bytes
 *       with plain loads: those were written before the flag byte's release (or before the producer
 *       position's), so they are the committed length.</li>
 * </ul>
 * A byte-element VarHandle is used rather than an int view of the byte array because Lincheck 3.7's model
 * checker rejects byte-array-view VarHandles ("Unsupported VarHandle type: VarHandleByteArrayAsInts") and
 * checks element VarHandles like any field. An earlier layout kept the len words in a separate
 * {@code int[]}; it cost a second cache line in flight between producer and consumer for every record, and
 * when the ring is full, where the producer writes right behind the consumer, that line bounced between
 * the CPUs once more per record. {@code pg_off} lets the kernel find the ring from a sample pointer alone;
 * maplab's handles are offsets into one ring, so bytes {@code off+4..off+7} are left as they are.
 *
 * <p>The flag byte is the only byte two threads race on. The sample itself is written by its owner only
 * and read by the consumer only after it saw the len word without BUSY. Samples are
 * read and written with plain little-endian byte accesses ({@link #getLong}, {@link #putLong}, ...), for
 * the same reason: model checking sees every one of them.
 *
 * <p>Orderings, named JCTools-style at each call: {@code lv} load-acquire, {@code lp} plain load,
 * {@code so} store-release, {@code sp} plain store, {@code xchg} atomic exchange (a full barrier).
 */
public final class RecordDescriptor {
    /** {@code BPF_RINGBUF_HDR_SZ}. */
    public static final int HEADER_LENGTH = 8;
    /** {@code BPF_RINGBUF_BUSY_BIT}: reserved, not yet committed. */
    public static final int BUSY_BIT = 1 << 31;
    /** {@code BPF_RINGBUF_DISCARD_BIT}: committed as discarded; the consumer skips it. */
    public static final int DISCARD_BIT = 1 << 30;
    /** The length bits of the len word. */
    public static final int LENGTH_MASK = ~(BUSY_BIT | DISCARD_BIT);
    /** The largest sample the kernel accepts ({@code UINT_MAX / 4}: the two top bits are flags). */
    public static final long MAX_RECORD_SIZE = 0xffff_ffffL / 4;
    /** {@code PAGE_SIZE} on x86-64. */
    public static final int PAGE_SIZE = 4096;
    /** Pages of {@code struct bpf_ringbuf} before its data (header page, consumer page, producer page). */
    public static final int META_PAGES = 3;

    /** The flag byte of a len word: the top byte, little-endian. */
    static final int FLAGS_OFFSET = 3;
    static final VarHandle BYTE = MethodHandles.arrayElementVarHandle(byte[].class);

    private RecordDescriptor() {
    }

    /** {@code round_up(len + 8, 8)}: the bytes a record of a {@code len}-byte sample occupies. */
    public static long footprint(long len) {
        return (len + HEADER_LENGTH + 7) & ~7L;
    }

    /** The footprint of the record a len word describes, as an int (records never exceed the ring, at most 2^30). */
    static int footprint32(int lenWord) {
        return (int) footprint(length(lenWord));
    }

    /** The sample length of a len word (flags removed). */
    public static int length(int lenWord) {
        return lenWord & LENGTH_MASK;
    }

    public static boolean isBusy(int lenWord) {
        return (lenWord & BUSY_BIT) != 0;
    }

    public static boolean isDiscarded(int lenWord) {
        return (lenWord & DISCARD_BIT) != 0;
    }

    // ---- the len word: bytes off..off+3 of the data array; the flag byte is off+3 ----------------------

    /** The len word, load-acquire of its flag byte: pairs with the committer's {@link #xchgLen} / {@link #soLen} and the reserver's release of the producer position. */
    static int lvLen(byte[] data, int off) {
        int flags = (byte) BYTE.getAcquire(data, off + FLAGS_OFFSET) & 0xff;
        // Plain: written before the flag byte's release (or the producer position's), seen after its acquire.
        return flags << 24 | (data[off + 2] & 0xff) << 16 | (data[off + 1] & 0xff) << 8 | (data[off] & 0xff);
    }

    /** The len word, plain: for the owner of the record. */
    static int lpLen(byte[] data, int off) {
        return getInt(data, off);
    }

    /** Writes a new header's len word (BUSY set), plain: published by the store-release of the producer position that follows. */
    static void spLen(byte[] data, int off, int lenWord) {
        putInt(data, off, lenWord);
    }

    /**
     * A commit without the full barrier: store-release of the flag byte (pairs with {@link #lvLen} of the
     * consumer). {@code lenWord}'s low three bytes must be those in memory already: a commit changes flags only.
     */
    static void soLen(byte[] data, int off, int lenWord) {
        BYTE.setRelease(data, off + FLAGS_OFFSET, (byte) (lenWord >>> 24));
    }

    /**
     * The commit: {@code xchg(&hdr->len, new_len)}, a full barrier, here an exchange of the flag byte (the
     * only byte the kernel's exchange changes); pairs with {@link #lvLen} of the consumer. Returns the old word.
     */
    static int xchgLen(byte[] data, int off, int lenWord) {
        int oldFlags = (byte) BYTE.getAndSet(data, off + FLAGS_OFFSET, (byte) (lenWord >>> 24)) & 0xff;
        return oldFlags << 24 | (lenWord & 0x00ff_ffff);
    }

    // ---- little-endian plain accesses to sample bytes ----------------------------------------------

    public static long getLong(byte[] a, int i) {
        return (a[i] & 0xffL) | (a[i + 1] & 0xffL) << 8 | (a[i + 2] & 0xffL) << 16 | (a[i + 3] & 0xffL) << 24
                | (a[i + 4] & 0xffL) << 32 | (a[i + 5] & 0xffL) << 40 | (a[i + 6] & 0xffL) << 48 | (a[i + 7] & 0xffL) << 56;
    }

    public static int getInt(byte[] a, int i) {
        return (a[i] & 0xff) | (a[i + 1] & 0xff) << 8 | (a[i + 2] & 0xff) << 16 | (a[i + 3] & 0xff) << 24;
    }

    public static int getUnsignedShort(byte[] a, int i) {
        return (a[i] & 0xff) | (a[i + 1] & 0xff) << 8;
    }

    public static void putLong(byte[] a, int i, long v) {
        a[i] = (byte) v;
        a[i + 1] = (byte) (v >>> 8);
        a[i + 2] = (byte) (v >>> 16);
        a[i + 3] = (byte) (v >>> 24);
        a[i + 4] = (byte) (v >>> 32);
        a[i + 5] = (byte) (v >>> 40);
        a[i + 6] = (byte) (v >>> 48);
        a[i + 7] = (byte) (v >>> 56);
    }

    public static void putInt(byte[] a, int i, int v) {
        a[i] = (byte) v;
        a[i + 1] = (byte) (v >>> 8);
        a[i + 2] = (byte) (v >>> 16);
        a[i + 3] = (byte) (v >>> 24);
    }

    public static void putShort(byte[] a, int i, int v) {
        a[i] = (byte) v;
        a[i + 1] = (byte) (v >>> 8);
    }
}
