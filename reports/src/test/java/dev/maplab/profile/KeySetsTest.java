package dev.maplab.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.api.MapFlags;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.hash.HashTable;
import dev.maplab.hash.JHash;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeySetsTest {

    @Test
    void adversarialKeysAllLandInBucketZeroOfEveryZeroSeedMapUpToTheirSize() {
        long[] keys = KeySets.colliding(10, 300, 0);
        assertEquals(300, keys.length);
        for (int log2 = 0; log2 <= 10; log2++) {
            HashTable zero = HashTable.kernel(MapSpec.builder(MapType.HASH).maxEntries(1 << log2)
                    .flags(MapFlags.ZERO_SEED).build());
            assertEquals(0, zero.seed());
            for (long k : keys) {
                assertEquals(0, zero.bucketOf(k), "key " + k + " in a map of 2^" + log2 + " buckets");
            }
        }
        for (int i = 1; i < keys.length; i++) {
            assertTrue(keys[i] > keys[i - 1], "ascending, hence distinct");
        }
        // and the search skips nothing: every key below the last one found that is not in the set misses bucket 0
        Set<Long> found = new HashSet<>();
        for (long k : keys) {
            found.add(k);
        }
        for (long k = 0; k <= keys[keys.length - 1]; k++) {
            assertEquals(found.contains(k), (JHash.htabHash64(k, 0) & 1023) == 0, "key " + k);
        }
    }

    @Test
    void adversarialKeysSpreadUnderAnotherSeed() {
        long[] keys = KeySets.colliding(10, 1024, 0);
        HashTable seeded = HashTable.kernel(MapSpec.builder(MapType.HASH).maxEntries(1024).hashSeed(0x6d61706c).build());
        int[] perBucket = new int[1024];
        int max = 0;
        for (long k : keys) {
            max = Math.max(max, ++perBucket[seeded.bucketOf(k)]);
        }
        assertTrue(max < 12, "longest chain under a random seed: " + max);
    }

    @Test
    void theSearchIsDeterministic() {
        assertArrayEquals(KeySets.colliding(8, 100, 0), KeySets.colliding(8, 100, 0));
    }

    @Test
    void uniformKeysAreDistinctAndReproducible() {
        long[] a = KeySets.uniform(7, 100_000);
        assertArrayEquals(a, KeySets.uniform(7, 100_000));
        Set<Long> s = new HashSet<>();
        for (long k : a) {
            s.add(k);
        }
        assertEquals(a.length, s.size());
        assertArrayEquals(new long[] {0, 1, 2}, KeySets.sequential(3));
    }
}
