package dev.maplab.jmh.lpm;

import java.util.Arrays;

/**
 * The hash anchor ({@code impl=hash-per-length}): one hash table per prefix length present, probed from
 * the longest length down until one holds the address's prefix (the scheme of many software routers
 * before tries and of the kernel's own {@code fib6} in parts). Each table is open-addressing over the
 * masked (hi, lo) words, linear probing, load at most 1/2, allocation-free lookups; a length that holds no
 * route is never probed.
 */
public final class HashPerLengthLpm {
    /** Prefix lengths present, longest first. */
    private final int[] lengths;
    private final long[] maskHi;
    private final long[] maskLo;
    /** Per length: keys (hi, lo interleaved), values, a used flag folded into the value (0 = empty). */
    private final long[][] keys;
    private final long[][] values;
    private final int[] masks;

    public HashPerLengthLpm(Routes routes) {
        int maxLen = routes.bits;
        int[] count = new int[maxLen + 1];
        for (int l : routes.len) {
            count[l]++;
        }
        int distinct = 0;
        for (int c : count) {
            if (c > 0) {
                distinct++;
            }
        }
        lengths = new int[distinct];
        keys = new long[distinct][];
        values = new long[distinct][];
        masks = new int[distinct];
        maskHi = new long[distinct];
        maskLo = new long[distinct];
        int[] slotOf = new int[maxLen + 1];
        int t = 0;
        for (int l = maxLen; l >= 0; l--) {
            if (count[l] == 0) {
                continue;
            }
            int cap = Integer.highestOneBit(Math.max(2, count[l] * 2 - 1)) << 1;
            lengths[t] = l;
            keys[t] = new long[2 * cap];
            values[t] = new long[cap];
            masks[t] = cap - 1;
            maskHi[t] = Routes.mask(-1L, l);
            maskLo[t] = Routes.mask(-1L, l - 64);
            slotOf[l] = t;
            t++;
        }
        for (int i = 0; i < routes.size(); i++) {
            put(slotOf[routes.len[i]], routes.hi[i], routes.lo[i], routes.value[i]);
        }
    }

    private static int hash(long a, long b) {
        long h = a * 0x9e37_79b9_7f4a_7c15L + b * 0xc2b2_ae3d_27d4_eb4fL;
        return (int) (h ^ (h >>> 29) ^ (h >>> 47));
    }

    private void put(int t, long a, long b, long v) {
        long[] k = keys[t];
        long[] vals = values[t];
        int m = masks[t];
        for (int s = hash(a, b) & m; ; s = (s + 1) & m) {
            if (vals[s] == 0 || (k[2 * s] == a && k[2 * s + 1] == b)) {
                k[2 * s] = a;
                k[2 * s + 1] = b;
                vals[s] = v; // values are route numbers + 1, never 0
                return;
            }
        }
    }

    /** The value of the longest route covering ({@code a}, {@code b}), or {@code absent}. */
    public long lookup(long a, long b, long absent) {
        for (int t = 0; t < lengths.length; t++) {
            long x = a & maskHi[t];
            long y = b & maskLo[t];
            long[] k = keys[t];
            long[] vals = values[t];
            int m = masks[t];
            for (int s = hash(x, y) & m; ; s = (s + 1) & m) {
                long v = vals[s];
                if (v == 0) {
                    break;
                }
                if (k[2 * s] == x && k[2 * s + 1] == y) {
                    return v;
                }
            }
        }
        return absent;
    }

    /** The lengths probed, longest first (for tests). */
    public int[] lengths() {
        return Arrays.copyOf(lengths, lengths.length);
    }
}
