package dev.maplab.profile;

import dev.maplab.hash.JHash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The key sets of the chain study: 8-byte keys as {@code long}s, hashed by the table's
 * {@code htab_map_hash} ({@link JHash#htabHash64}).
 */
final class KeySets {
    /** Keys searched per parallel task by {@link #colliding}. */
    private static final long CHUNK = 1L << 22;
    private static final long GOLDEN = 0x9e37_79b9_7f4a_7c15L;

    private KeySets() {
    }

    /** {@code 0, 1, ..., count-1}. */
    static long[] sequential(int count) {
        long[] k = new long[count];
        for (int i = 0; i < count; i++) {
            k[i] = i;
        }
        return k;
    }

    /**
     * {@code count} distinct uniformly distributed 64-bit keys: the SplitMix64 finalizer of
     * {@code seed + i * golden}. Both steps are bijections of the 64-bit integers, so distinct {@code i}
     * give distinct keys; the sequence is a pure function of {@code seed}.
     */
    static long[] uniform(long seed, int count) {
        long[] k = new long[count];
        for (int i = 0; i < count; i++) {
            k[i] = mix64(seed + i * GOLDEN);
        }
        return k;
    }

    /** SplitMix64's finalizer (Stafford variant 13): a bijection with full avalanche. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58_476d_1ce4_e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d0_49bb_1331_11ebL;
        return z ^ (z >>> 31);
    }

    /**
     * The first {@code count} keys, in increasing order from 0, whose {@code htab_map_hash} under
     * {@code seed} has its low {@code log2Buckets} bits zero: they all land in bucket 0 of every map with
     * at most {@code 2^log2Buckets} buckets and that seed. This is what an attacker who knows the seed
     * (here: a zero seed, {@code BPF_F_ZERO_SEED}) does; it takes about {@code count * 2^log2Buckets} hash
     * evaluations, so the search runs in parallel chunks and stays deterministic (the result does not
     * depend on the thread count).
     */
    static long[] colliding(int log2Buckets, int count, int seed) {
        if (log2Buckets < 0 || log2Buckets > 30) {
            throw new IllegalArgumentException("log2Buckets = " + log2Buckets + ": must be in [0, 30]");
        }
        int mask = (int) ((1L << log2Buckets) - 1);
        long[] out = new long[count];
        int found = 0;
        int parallel = Math.max(1, Runtime.getRuntime().availableProcessors()) * 2;
        long nextChunk = 0;
        while (found < count) {
            final long first = nextChunk;
            List<long[]> batch = IntStream.range(0, parallel).parallel()
                    .mapToObj(i -> scan((first + i) * CHUNK, CHUNK, mask, seed))
                    .collect(ArrayList::new, ArrayList::add, ArrayList::addAll);
            nextChunk += parallel;
            for (long[] hits : batch) { // in chunk order, so keys stay ascending
                int take = Math.min(hits.length, count - found);
                System.arraycopy(hits, 0, out, found, take);
                found += take;
                if (found == count) {
                    break;
                }
            }
        }
        return out;
    }

    private static long[] scan(long from, long length, int mask, int seed) {
        long[] hits = new long[16];
        int n = 0;
        for (long k = from, end = from + length; k < end; k++) {
            if ((JHash.htabHash64(k, seed) & mask) == 0) {
                if (n == hits.length) {
                    hits = Arrays.copyOf(hits, n * 2);
                }
                hits[n++] = k;
            }
        }
        return Arrays.copyOf(hits, n);
    }
}
