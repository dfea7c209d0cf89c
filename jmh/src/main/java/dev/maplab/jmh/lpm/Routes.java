package dev.maplab.jmh.lpm;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A routing table for the LPM benchmarks: {@code count} distinct prefixes of one shape, as two big-endian
 * words ({@code hi} holds an IPv4 address in its top 32 bits), a length and a value, plus probe addresses.
 *
 * <p>Shapes ({@code @Param("shape")}):
 * <ul>
 *   <li>{@code ipv4-mixed}: lengths like a BGP table: /24 for 60%, /16../23 for 30%, /8../15 for 5%,
 *       /25../32 for 5%;</li>
 *   <li>{@code ipv4-32}: host routes, all /32 (the longest comparisons);</li>
 *   <li>{@code ipv6-mixed}: /48 for 50%, /32../47 for 30%, /56 and /64 for 15%, /20../31 for 5%;</li>
 *   <li>{@code ipv6-128}: host routes, all /128.</li>
 * </ul>
 * Probes are addresses inside a uniformly chosen route, random past its prefix (so every probe hits, and
 * may hit a more specific route than the one it was drawn from).
 */
public final class Routes {
    public final String shape;
    public final int bits;
    public final long[] hi;
    public final long[] lo;
    public final int[] len;
    public final long[] value;

    private Routes(String shape, int bits, int count) {
        this.shape = shape;
        this.bits = bits;
        this.hi = new long[count];
        this.lo = new long[count];
        this.len = new int[count];
        this.value = new long[count];
    }

    /** {@code count} distinct routes of {@code shape}, fixed by {@code seed}. */
    public static Routes generate(String shape, int count, long seed) {
        int bits;
        switch (shape) {
            case "ipv4-mixed":
            case "ipv4-32":
                bits = 32;
                break;
            case "ipv6-mixed":
            case "ipv6-128":
                bits = 128;
                break;
            default:
                throw new IllegalArgumentException("shape = " + shape + ": one of ipv4-mixed, ipv4-32, ipv6-mixed, ipv6-128");
        }
        Routes r = new Routes(shape, bits, count);
        SplittableRandom rnd = new SplittableRandom(seed);
        Set<Key> seen = new HashSet<>(count * 2);
        int n = 0;
        while (n < count) {
            int l = length(shape, rnd);
            long h = rnd.nextLong();
            long w = rnd.nextLong();
            if (bits == 32) {
                h &= 0xffff_ffff_0000_0000L;
                w = 0;
            }
            h = mask(h, l);
            w = mask(w, l - 64);
            if (seen.add(new Key(h, w, l))) {
                r.hi[n] = h;
                r.lo[n] = w;
                r.len[n] = l;
                r.value[n] = n + 1;
                n++;
            }
        }
        return r;
    }

    private record Key(long hi, long lo, int len) {
    }

    private static int length(String shape, SplittableRandom rnd) {
        int p = rnd.nextInt(100);
        switch (shape) {
            case "ipv4-mixed":
                return p < 60 ? 24 : p < 90 ? 16 + rnd.nextInt(8) : p < 95 ? 8 + rnd.nextInt(8) : 25 + rnd.nextInt(8);
            case "ipv4-32":
                return 32;
            case "ipv6-mixed":
                return p < 50 ? 48 : p < 80 ? 32 + rnd.nextInt(16) : p < 95 ? (rnd.nextBoolean() ? 56 : 64) : 20 + rnd.nextInt(12);
            default:
                return 128;
        }
    }

    /** {@code w} with only its first {@code len} bits kept (len <= 0: none, len >= 64: all). */
    public static long mask(long w, int len) {
        if (len <= 0) {
            return 0;
        }
        if (len >= 64) {
            return w;
        }
        return w & (-1L << (64 - len));
    }

    /** {@code n} probe addresses (hi, lo interleaved): inside a random route, random past its prefix. */
    public long[] probes(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] p = new long[2 * n];
        for (int i = 0; i < n; i++) {
            int r = rnd.nextInt(hi.length);
            long h = rnd.nextLong();
            long w = rnd.nextLong();
            if (bits == 32) {
                h &= 0xffff_ffff_0000_0000L;
                w = 0;
            }
            p[2 * i] = hi[r] | (h & ~mask(-1L, len[r]));
            p[2 * i + 1] = lo[r] | (w & ~mask(-1L, len[r] - 64));
        }
        return p;
    }

    public int size() {
        return hi.length;
    }
}
