package dev.maplab.hash;

/**
 * Finds hash seeds that place given 8-byte keys in chosen bucket groups: the targeted concurrency
 * scenarios need keys that share a bucket (and others that do not), and the chain study needs keys
 * that collide under a known seed.
 */
public final class SeedSearch {
    private SeedSearch() {
    }

    /**
     * The smallest seed {@code >= 0} under which the keys of each group share one bucket of a table of
     * {@code nBuckets}, and different groups use different buckets.
     */
    public static int seedGrouping(int nBuckets, long[]... groups) {
        int mask = nBuckets - 1;
        for (int seed = 0; seed < Integer.MAX_VALUE; seed++) {
            if (groupsHold(seed, mask, groups)) {
                return seed;
            }
        }
        throw new IllegalArgumentException("no seed places groups " + java.util.Arrays.deepToString(groups)
                + " in " + nBuckets + " buckets");
    }

    private static boolean groupsHold(int seed, int mask, long[][] groups) {
        int[] used = new int[groups.length];
        for (int g = 0; g < groups.length; g++) {
            int b = JHash.htabHash64(groups[g][0], seed) & mask;
            for (long k : groups[g]) {
                if ((JHash.htabHash64(k, seed) & mask) != b) {
                    return false;
                }
            }
            for (int h = 0; h < g; h++) {
                if (used[h] == b) {
                    return false;
                }
            }
            used[g] = b;
        }
        return true;
    }
}
