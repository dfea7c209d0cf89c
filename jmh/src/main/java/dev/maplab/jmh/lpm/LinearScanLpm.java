package dev.maplab.jmh.lpm;

/**
 * The naive anchor ({@code impl=linear-scan}): every route in flat arrays, every lookup compares the
 * address with all of them and keeps the longest match (the selftest's {@code tlpm} oracle, laid out
 * for speed: parallel primitive arrays, masks precomputed, no allocation).
 */
public final class LinearScanLpm {
    private final long[] hi;
    private final long[] lo;
    private final long[] maskHi;
    private final long[] maskLo;
    private final int[] len;
    private final long[] value;

    public LinearScanLpm(Routes routes) {
        int n = routes.size();
        hi = routes.hi.clone();
        lo = routes.lo.clone();
        len = routes.len.clone();
        value = routes.value.clone();
        maskHi = new long[n];
        maskLo = new long[n];
        for (int i = 0; i < n; i++) {
            maskHi[i] = Routes.mask(-1L, len[i]);
            maskLo[i] = Routes.mask(-1L, len[i] - 64);
        }
    }

    /** The value of the longest route covering ({@code a}, {@code b}), or {@code absent}. */
    public long lookup(long a, long b, long absent) {
        int best = -1;
        long v = absent;
        for (int i = 0; i < hi.length; i++) {
            if (((a & maskHi[i]) == hi[i]) & ((b & maskLo[i]) == lo[i]) & len[i] > best) {
                best = len[i];
                v = value[i];
            }
        }
        return v;
    }
}
