package dev.maplab.hash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The preallocated elements of a hash table: one flat {@code long[]}, elements named by int index.
 *
 * <p>Layout of element {@code e} (the kit's {@code struct htab_elem}), {@code stride} longs at
 * {@code base = e * stride}:
 * <pre>
 *   0                   1                   2                   3                   4
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 ...
 *  +---------------------------------------------------------------+
 *  |  base+0  seq: element version (seqlock). Even: stable.          |
 *  |          Odd: a writer holding the bucket lock is rewriting it. |
 *  +-------------------------------+-------------------------------+
 *  |  base+1  hash (low 32 bits)   |  next (high 32 bits): element  |
 *  |                               |  index, or a nulls marker      |
 *  +-------------------------------+-------------------------------+
 *  |  base+2  key: keyWords longs, the key's bytes little-endian,    |
 *  |          zero padded to 8                                       |
 *  +---------------------------------------------------------------+
 *  |  base+2+keyWords  value: slots x valueWords longs (slots = CPU  |
 *  |          count for per-CPU maps, else 1), round_up(value, 8)    |
 *  +---------------------------------------------------------------+
 * </pre>
 * Beside it, {@code int[] prev}: the {@code pprev} of {@code hlist_nulls_node} (the predecessor's index,
 * or {@code ~bucket} for the bucket head), used by writers only. As in the kernel, where {@code
 * fnode.next} overlays {@code hash_node.pprev}, the per-CPU freelist threads freed elements through
 * {@code prev}, never through {@code next}: a reader parked on a freed element can still step on.
 *
 * <p>Hash and next share one word so that a reader gets both with one acquire load, and a whole
 * element of an 8-byte-key map (seq, link, key, value) is 32 bytes: one cache line at most two.
 *
 * <p>Orderings, named JCTools-style at each call: {@code lv} load-acquire, {@code lp} plain load,
 * {@code so} store-release, {@code sp} plain/opaque store.
 */
public final class ElementArena {
    static final VarHandle LONG = MethodHandles.arrayElementVarHandle(long[].class);

    public final int elements;
    public final int keyWords;
    public final int valueWords;
    public final int slots;
    public final int stride;
    final long[] words;
    final int[] prev;

    public ElementArena(int elements, int keySize, int valueSize, int slots) {
        this.elements = elements;
        this.keyWords = (keySize + 7) >>> 3;
        this.valueWords = (valueSize + 7) >>> 3;
        this.slots = slots;
        long s = 2L + keyWords + (long) slots * valueWords;
        long total = s * elements;
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("map size = " + elements + " elements x " + (s * 8)
                    + " bytes: more than one Java array holds (at most " + ((Integer.MAX_VALUE - 16) / s) + " elements of this size)");
        }
        this.stride = (int) s;
        this.words = new long[(int) total];
        this.prev = new int[elements];
    }

    public int base(int e) {
        return e * stride;
    }

    public int keyOffset(int e) {
        return e * stride + 2;
    }

    public int valueOffset(int e, int slot) {
        return e * stride + 2 + keyWords + slot * valueWords;
    }

    // ---- seqlock -------------------------------------------------------------------------------

    /** Version, load-acquire: pairs with the store-release in {@link #endWrite}. */
    public long lvSeq(int e) {
        return (long) LONG.getAcquire(words, e * stride);
    }

    /** Version, plain: the re-check after {@link VarHandle#loadLoadFence()}. */
    public long lpSeq(int e) {
        return words[e * stride];
    }

    /** Makes the version odd. The store-store fence keeps the writes that follow after it. */
    public void beginWrite(int e) {
        int i = e * stride;
        LONG.setOpaque(words, i, words[i] + 1);
        VarHandle.storeStoreFence();
    }

    /** Makes the version even again, store-release: pairs with the reader's {@link #lvSeq}. */
    public void endWrite(int e) {
        int i = e * stride;
        LONG.setRelease(words, i, words[i] + 1);
    }

    // ---- link word: next and hash --------------------------------------------------------------

    /** The link word, load-acquire ({@code rcu_dereference}): pairs with {@link #soNext} and the head's store-release. */
    public long lvLink(int e) {
        return (long) LONG.getAcquire(words, e * stride + 1);
    }

    public static int next(long link) {
        return (int) (link >> 32);
    }

    public static int hash(long link) {
        return (int) link;
    }

    static long link(int next, int hash) {
        return ((long) next << 32) | (hash & 0xffff_ffffL);
    }

    /**
     * Writes next and hash of an element that is not yet reachable (or inside its odd window), store-release:
     * a reader's {@link #lvLink} that sees it also sees the successor's initialisation, which this writer saw.
     */
    public void spLink(int e, int next, int hash) {
        LONG.setRelease(words, e * stride + 1, link(next, hash));
    }

    /** {@code WRITE_ONCE(n->next, next)} on a linked element, store-release: pairs with {@link #lvLink}. */
    public void soNext(int e, int next) {
        int i = e * stride + 1;
        LONG.setRelease(words, i, link(next, (int) words[i]));
    }

    /** Next, plain: for writers holding the bucket lock. */
    public int lpNext(int e) {
        return (int) (words[e * stride + 1] >> 32);
    }

    /** Hash, plain: for writers holding the bucket lock. */
    public int lpHash(int e) {
        return (int) words[e * stride + 1];
    }

    // ---- prev / freelist link (writers only, under a lock) -------------------------------------

    public int prev(int e) {
        return prev[e];
    }

    public void setPrev(int e, int p) {
        prev[e] = p;
    }

    // ---- key and value words (plain: validated by the seqlock or written under the bucket lock) --

    public long word(int index) {
        return words[index];
    }

    public void setWord(int index, long v) {
        words[index] = v;
    }

    /** True when the key words of {@code e} equal {@code key} (plain reads; the caller validates). */
    public boolean keyEquals(int e, long[] key) {
        int k = e * stride + 2;
        for (int i = 0; i < keyWords; i++) {
            if (words[k + i] != key[i]) {
                return false;
            }
        }
        return true;
    }

    // ---- byte <-> word conversion ------------------------------------------------------------

    /** Packs {@code len} bytes of {@code src} little-endian into {@code dst} words, zero padded. */
    public static void toWords(byte[] src, int off, int len, long[] dst, int dstOff) {
        int words = (len + 7) >>> 3;
        for (int w = 0; w < words; w++) {
            long v = 0;
            int start = off + w * 8;
            int n = Math.min(8, len - w * 8);
            for (int b = n - 1; b >= 0; b--) {
                v = (v << 8) | (src[start + b] & 0xffL);
            }
            dst[dstOff + w] = v;
        }
    }

    /** Unpacks {@code len} bytes from word array {@code src} into {@code dst}. */
    public static void toBytes(long[] src, int srcOff, byte[] dst, int off, int len) {
        for (int i = 0; i < len; i++) {
            dst[off + i] = (byte) (src[srcOff + (i >>> 3)] >>> ((i & 7) << 3));
        }
    }
}
