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
 * <p><b>Where the words live.</b> The record's 8 header bytes are part of its footprint in the data area,
 * so the space accounting is the kernel's byte for byte; but the len word itself is kept beside the data,
 * in {@code int[] lens} at index {@code off / 8} (one slot per 8-byte unit of the data area's first
 * lap; a header is always 8-aligned and below the ring size). The reason is the checks: the len word is
 * the one word two threads race on, and Lincheck 3.7's model checker rejects byte-array-view VarHandles
 * ("Unsupported VarHandle type: VarHandleByteArrayAsInts"), so an atomic word inside a {@code byte[]}
 * would keep the production code out of model checking. An {@code int[]} element VarHandle is checked
 * like any field. The cost is one more cache line per 16 data units touched by producers and consumer
 * (the kernel's header shares the sample's line). {@code pg_off} lets the kernel find the ring from a
 * sample pointer alone; maplab's handles are offsets into one ring, so it is not stored.
 *
 * <p>The len word is the only word two threads touch: the reserving producer writes it (BUSY set) before
 * the producer position is published, the committing producer flips it with an atomic exchange, the
 * consumer and the reserving producers' pending scan read it with acquire. The sample itself is written
 * by its owner only and read by the consumer only after it saw the len word without BUSY. Samples are
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

    static final VarHandle LEN = MethodHandles.arrayElementVarHandle(int[].class);

    private RecordDescriptor() {
    }

    /** {@code round_up(len + 8, 8)}: the bytes a record of a {@code len}-byte sample occupies. */
    public static long footprint(long len) {
        return (len + HEADER_LENGTH + 7) & ~7L;
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

    // ---- the len word: lens[off >>> 3] --------------------------------------------------------------

    /** The len word, load-acquire: pairs with the committer's {@link #xchgLen} and the reserver's release of the producer position. */
    static int lvLen(int[] lens, int off) {
        return (int) LEN.getAcquire(lens, off >>> 3);
    }

    /** The len word, plain: for the owner of the record. */
    static int lpLen(int[] lens, int off) {
        return lens[off >>> 3];
    }

    /** Writes a new header's len word (BUSY set), plain: published by the store-release of the producer position that follows. */
    static void spLen(int[] lens, int off, int lenWord) {
        lens[off >>> 3] = lenWord;
    }

    /** A len word, store-release: a commit without the full barrier (pairs with {@link #lvLen} of the consumer). */
    static void soLen(int[] lens, int off, int lenWord) {
        LEN.setRelease(lens, off >>> 3, lenWord);
    }

    /** The commit: {@code xchg(&hdr->len, new_len)}, a full barrier; pairs with {@link #lvLen} of the consumer. */
    static int xchgLen(int[] lens, int off, int lenWord) {
        return (int) LEN.getAndSet(lens, off >>> 3, lenWord);
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
