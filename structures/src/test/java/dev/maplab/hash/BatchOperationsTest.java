package dev.maplab.hash;

import static dev.maplab.hash.HashTestSupport.le32;
import static dev.maplab.hash.HashTestSupport.le64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.api.BatchResult;
import dev.maplab.api.Errno;
import dev.maplab.api.MapFlags;
import dev.maplab.api.MapOperation;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code BPF_MAP_LOOKUP_BATCH} and {@code BPF_MAP_LOOKUP_AND_DELETE_BATCH} on HASH and PERCPU_HASH
 * ({@code __htab_map_lookup_and_delete_batch}; kernel-selftests.md §6, B-0 and B-01): the cursor is a
 * bucket index, whole buckets are copied, ENOSPC when the first bucket does not fit, ENOENT at the end.
 *
 * <p>maplab's hash table offers no update_batch / delete_batch command; the kernel implements both for
 * hash maps with the generic per-key loops ({@code generic_map_update_batch}), so B-01 runs those loops
 * here with single updates and deletes.
 */
@DisplayName("Batch operations on hash maps (§6, B-0, B-01)")
class BatchOperationsTest {

    static byte[] token(int bucket) {
        return le32(bucket);
    }

    static int tokenValue(byte[] outBatch) {
        return HashTestSupport.le32(outBatch, 0);
    }

    @Nested
    @DisplayName("B-0 common rules, hash tables")
    class CommonRules {
        HashTable map(MapType type) {
            return HashTestSupport.longMap(type, ReplaceProtocol.KERNEL, 16, 2);
        }

        void fill(HashTable map, long... keys) {
            for (long k : keys) {
                assertEquals(0, map.update(k, k * 10, UpdateFlags.NOEXIST), "fill " + k);
            }
        }

        @Test
        @DisplayName("B-0: the cursor is a bucket index; n_buckets = roundup_pow_of_two(max_entries)")
        void nBucketsIsMaxEntriesRoundedUpToAPowerOfTwo() {
            int[][] cases = {{1, 1}, {2, 2}, {3, 4}, {10, 16}, {16, 16}, {17, 32}, {10_000, 16_384}};
            for (int[] c : cases) {
                HashTable map = HashTestSupport.longMap(MapType.HASH, ReplaceProtocol.KERNEL, c[0], 2);
                assertEquals(c[1], map.nBuckets(), "max_entries " + c[0]);
            }
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = MapType.class, names = {"HASH", "PERCPU_HASH"})
        @DisplayName("B-0: count = 0 returns 0 at once and deletes nothing")
        void countZeroReturnsZeroAndDoesNothing(MapType type) {
            HashTable map = map(type);
            fill(map, 1, 2, 3);
            BatchResult lookup = map.lookupBatch(null, 0);
            BatchResult delete = map.lookupAndDeleteBatch(null, 0);
            assertEquals(0, lookup.result());
            assertEquals(0, lookup.count());
            assertEquals(0, delete.result());
            assertEquals(0, delete.count());
            assertTrue(delete.keys().isEmpty());
            assertEquals(3, map.size());
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = MapType.class, names = {"HASH", "PERCPU_HASH"})
        @DisplayName("B-01 step 1: a batch on the empty map = -ENOENT with count 0")
        void emptyMapReturnsEnoent(MapType type) {
            HashTable map = map(type);
            BatchResult r = map.lookupAndDeleteBatch(null, 10);
            assertEquals(-Errno.ENOENT, r.result());
            assertEquals(0, r.count());
            assertEquals(-Errno.ENOENT, map.lookupBatch(null, 10).result());
        }

        @Test
        @DisplayName("B-0: a token >= n_buckets = -ENOENT with nothing returned")
        void tokenAtOrBeyondNBucketsReturnsEnoent() {
            HashTable map = map(MapType.HASH);
            fill(map, 1, 2, 3);
            for (int t : new int[] {map.nBuckets(), map.nBuckets() + 5, -1}) {
                BatchResult r = map.lookupBatch(token(t), 10);
                assertEquals(-Errno.ENOENT, r.result(), "token " + Integer.toUnsignedString(t));
                assertEquals(0, r.count());
                assertTrue(r.keys().isEmpty());
            }
            assertEquals(-Errno.ENOENT, map.lookupAndDeleteBatch(token(map.nBuckets()), 10).result());
            assertEquals(3, map.size());
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = MapType.class, names = {"HASH", "PERCPU_HASH"})
        @DisplayName("B-0: reaching the end = -ENOENT with count = entries copied, out_batch = n_buckets")
        void reachingTheEndReturnsEnoentWithTheCount(MapType type) {
            HashTable map = map(type);
            fill(map, 1, 2, 3, 4, 5);
            BatchResult r = map.lookupBatch(null, 16);
            assertEquals(-Errno.ENOENT, r.result());
            assertEquals(5, r.count());
            assertEquals(Set.of(1L, 2L, 3L, 4L, 5L), keysOf(r));
            assertEquals(map.nBuckets(), tokenValue(r.outBatch()));
            assertEquals(5, map.size(), "lookup_batch deletes nothing");
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = MapType.class, names = {"HASH", "PERCPU_HASH"})
        @DisplayName("B-0: keys come back in bucket order, as get_next_key walks them")
        void keysComeInBucketOrder(MapType type) {
            HashTable map = map(type);
            fill(map, 11, 12, 13, 14, 15, 16, 17);
            BatchResult r = map.lookupBatch(null, 16);
            List<Long> keys = new ArrayList<>();
            for (byte[] k : r.keys()) {
                keys.add(le64(k));
            }
            assertEquals(HashTestSupport.iterationOrder(map), keys);
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = MapType.class, names = {"HASH", "PERCPU_HASH"})
        @DisplayName("B-0: when the first bucket is larger than count = -ENOSPC, count 0, the cursor stays on that bucket")
        void firstBucketLargerThanCountReturnsEnospc(MapType type) {
            HashTable map = map(type);
            long[] three = HashTestSupport.sameBucketKeys(map, 3, 1000);
            fill(map, three);
            int bucket = map.bucketOf(three[0]);
            BatchResult r = map.lookupAndDeleteBatch(null, 2);
            assertEquals(-Errno.ENOSPC, r.result());
            assertEquals(0, r.count());
            assertTrue(r.keys().isEmpty());
            assertEquals(bucket, tokenValue(r.outBatch()));
            assertEquals(3, map.size(), "nothing was deleted");
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = MapType.class, names = {"HASH", "PERCPU_HASH"})
        @DisplayName("B-0: a later bucket that does not fit ends the call with 0 and the partial count; the next call resumes there")
        void laterBucketThatDoesNotFitEndsTheCallWithPartialCount(MapType type) {
            HashTable map = map(type);
            long single = 2000;
            while (map.bucketOf(single) >= map.nBuckets() - 1) {
                single++;
            }
            int first = map.bucketOf(single);
            long probe = 3000;
            while (map.bucketOf(probe) <= first) {
                probe++;
            }
            long[] three = HashTestSupport.sameBucketKeys(map, 3, probe);
            int second = map.bucketOf(probe);
            fill(map, single);
            fill(map, three);

            BatchResult r = map.lookupAndDeleteBatch(null, 2);
            assertEquals(0, r.result());
            assertEquals(1, r.count());
            assertEquals(Set.of(single), keysOf(r));
            assertEquals(second, tokenValue(r.outBatch()));

            BatchResult rest = map.lookupAndDeleteBatch(r.outBatch(), 3);
            assertEquals(-Errno.ENOENT, rest.result());
            assertEquals(3, rest.count());
            assertEquals(Set.of(three[0], three[1], three[2]), keysOf(rest));
            assertEquals(0, map.size());
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = MapType.class, names = {"HASH", "PERCPU_HASH"})
        @DisplayName("B-0: lookup_and_delete_batch deletes exactly what it returns")
        void lookupAndDeleteBatchDeletesWhatItReturns(MapType type) {
            HashTable map = map(type);
            fill(map, 1, 2, 3, 4, 5, 6, 7, 8);
            BatchResult r = map.lookupAndDeleteBatch(null, 4);
            assertTrue(r.count() > 0 && r.count() <= 4, "count " + r.count());
            Set<Long> returned = keysOf(r);
            for (long k = 1; k <= 8; k++) {
                assertEquals(!returned.contains(k), map.containsKey(k), "key " + k);
            }
            HashTestSupport.assertAccounting(map);
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = MapType.class, names = {"HASH", "PERCPU_HASH"})
        @DisplayName("B-0: lookup_and_delete_batch returning the final entries still reports -ENOENT")
        void lookupAndDeleteBatchOfTheFinalEntriesReportsEnoent(MapType type) {
            HashTable map = map(type);
            fill(map, 1, 2, 3);
            BatchResult r = map.lookupAndDeleteBatch(null, 16);
            assertEquals(-Errno.ENOENT, r.result());
            assertEquals(3, r.count());
            assertEquals(0, map.size());
        }

        @Test
        @DisplayName("B-0: per-CPU values come back as N slots of round_up(value_size, 8) bytes")
        void perCpuValuesComeBackWithEveryCpusSlot() {
            int n = 3;
            HashTable map = HashTable.kernel(MapSpec.builder(MapType.PERCPU_HASH).keySize(4).valueSize(4).maxEntries(4).cpus(n).build());
            byte[] value = HashTestSupport.perCpu(n, c -> 0xab00_0000_0000_0000L | (c + 1));
            assertEquals(0, map.update(le32(9), value, UpdateFlags.ANY));
            BatchResult r = map.lookupAndDeleteBatch(null, 4);
            assertEquals(1, r.count());
            assertEquals(8 * n, r.values().get(0).length);
            assertArrayEquals(value, r.values().get(0));
        }

        @Test
        @DisplayName("B-0: on a read-only map lookup_batch works and lookup_and_delete_batch = -EPERM")
        void readOnlyMapAllowsLookupBatchButNotLookupAndDeleteBatch() {
            HashTable map = HashTable.kernel(MapSpec.builder(MapType.HASH).maxEntries(4).flags(MapFlags.RDONLY).build());
            map.update(1L, 1L, UpdateFlags.ANY);
            assertEquals(1, map.lookupBatch(null, 4).count());
            assertEquals(-Errno.EPERM, map.lookupAndDeleteBatch(null, 4).result());
            assertEquals(1, map.size());
        }

        @Test
        @DisplayName("a negative count or a cursor that is not 4 bytes is misuse")
        void negativeCountOrMalformedCursorThrows() {
            HashTable map = map(MapType.HASH);
            assertThrows(IllegalArgumentException.class, () -> map.lookupBatch(null, -1));
            assertThrows(IllegalArgumentException.class, () -> map.lookupBatch(new byte[8], 1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MapType.class, names = {"HASH", "PERCPU_HASH"})
    @DisplayName("B-0: hash maps supply lookup_batch and lookup_and_delete_batch")
    void hashMapsSupplyTheLookupBatchCommands(MapType type) {
        HashTable map = HashTestSupport.longMap(type, ReplaceProtocol.KERNEL, 4, 2);
        assertTrue(map.operations().containsAll(Set.of(MapOperation.LOOKUP_BATCH, MapOperation.LOOKUP_AND_DELETE_BATCH)),
                map.operations().toString());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MapType.class, names = {"HASH", "PERCPU_HASH"})
    @DisplayName("B-0 / B-01: hash maps supply update_batch and delete_batch (the generic per-key loops)")
    void hashMapsSupplyUpdateAndDeleteBatch(MapType type) {
        HashTable map = HashTestSupport.longMap(type, ReplaceProtocol.KERNEL, 4, 2);
        assertTrue(map.operations().containsAll(Set.of(MapOperation.UPDATE_BATCH, MapOperation.DELETE_BATCH)),
                map.operations().toString());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MapType.class, names = {"HASH", "PERCPU_HASH"})
    @DisplayName("B-0: delete_batch of absent keys on a hash map answers -ENOENT with count 0")
    void deleteBatchOfAbsentKeysAnswersEnoentWithCountZero(MapType type) {
        HashTable map = HashTestSupport.longMap(type, ReplaceProtocol.KERNEL, 4, 2);
        var r = map.deleteBatch(java.util.List.of(HashTestSupport.le64(1), HashTestSupport.le64(2)));
        assertEquals(-dev.maplab.api.Errno.ENOENT, r.result());
        assertEquals(0, r.count());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MapType.class, names = {"HASH", "PERCPU_HASH"})
    @DisplayName("B-0: update_batch stops at the first error and counts the updates done")
    void updateBatchStopsAtTheFirstErrorAndCountsTheUpdatesDone(MapType type) {
        HashTable map = HashTestSupport.longMap(type, ReplaceProtocol.KERNEL, 2, 2);
        int vs = map.spec().syscallValueSize();
        var keys = java.util.List.of(HashTestSupport.le64(1), HashTestSupport.le64(2), HashTestSupport.le64(3), HashTestSupport.le64(4));
        var values = java.util.List.of(new byte[vs], new byte[vs], new byte[vs], new byte[vs]);
        var r = map.updateBatch(keys, values, 0);
        assertEquals(-dev.maplab.api.Errno.E2BIG, r.result());
        assertEquals(2, r.count());
        assertEquals(-dev.maplab.api.Errno.EINVAL, map.updateBatch(keys, values, dev.maplab.api.UpdateFlags.EXIST).result());
    }

    static Stream<Arguments> b01() {
        return Stream.of(MapType.HASH, MapType.PERCPU_HASH)
                .flatMap(t -> Stream.of(HashTestSupport.SEED, 0, 7, -99).map(s -> Arguments.of(t, s)));
    }

    /** B-01 {@code htab_map_batch_ops} / {@code htab_percpu_map_batch_ops}: int keys and values, max_entries 10. */
    @Nested
    @DisplayName("B-01 htab_map_batch_ops / htab_percpu_map_batch_ops: int key, int value, max_entries 10")
    class HtabMapBatchOps {
        static final int MAX = 10;
        static final int N = 2;

        HashTable map(MapType type, int seed) {
            return HashTable.kernel(MapSpec.builder(type).keySize(4).valueSize(4).maxEntries(MAX).cpus(N).hashSeed(seed).build());
        }

        /** CPU j of key k holds k + 1 + j (per-CPU); k + 1 otherwise. */
        byte[] value(MapType type, int key) {
            if (type == MapType.PERCPU_HASH) {
                return HashTestSupport.perCpu(N, j -> key + 1 + j);
            }
            return le32(key + 1);
        }

        /** update_batch as the kernel does it for hash maps: the per-key loop. */
        void updateBatch(HashTable map, MapType type) {
            for (int k = 1; k <= MAX; k++) {
                assertEquals(0, map.update(le32(k), value(type, k), UpdateFlags.ANY), "update_batch key " + k);
            }
        }

        void verify(MapType type, List<byte[]> keys, List<byte[]> values) {
            assertEquals(MAX, keys.size());
            Set<Integer> visited = new HashSet<>();
            for (int i = 0; i < keys.size(); i++) {
                int k = HashTestSupport.le32(keys.get(i), 0);
                assertTrue(k >= 1 && k <= MAX, "key " + k);
                assertTrue(visited.add(k), "key " + k + " returned twice");
                assertArrayEquals(value(type, k), values.get(i), "value of key " + k);
            }
        }

        boolean empty(HashTable map) {
            return map.getNextKey(null, new byte[4]) == -Errno.ENOENT;
        }

        /** Runs a batch command with {@code step} entries per call until -ENOENT; null on -ENOSPC. */
        List<BatchResult> inSteps(HashTable map, int step, boolean delete) {
            List<BatchResult> calls = new ArrayList<>();
            byte[] cursor = null;
            for (;;) {
                BatchResult r = delete ? map.lookupAndDeleteBatch(cursor, step) : map.lookupBatch(cursor, step);
                if (r.result() == -Errno.ENOSPC) {
                    return null;
                }
                assertTrue(r.result() == 0 || r.result() == -Errno.ENOENT, "unexpected " + Errno.describe(r.result()));
                assertTrue(r.count() <= step, "count " + r.count() + " over the capacity " + step);
                calls.add(r);
                if (r.result() == -Errno.ENOENT) {
                    return calls;
                }
                cursor = r.outBatch();
            }
        }

        @ParameterizedTest(name = "{0} seed {1}")
        @MethodSource("dev.maplab.hash.BatchOperationsTest#b01")
        @DisplayName("B-01 steps 2-4: lookup_and_delete_batch with count 10 returns all 10 pairs and empties the map")
        void lookupAndDeleteBatchOfTenReturnsEveryPairAndEmptiesTheMap(MapType type, int seed) {
            HashTable map = map(type, seed);
            updateBatch(map, type);
            BatchResult zero = map.lookupAndDeleteBatch(null, 0);
            assertEquals(0, zero.result());
            assertEquals(0, zero.count());
            BatchResult all = map.lookupAndDeleteBatch(null, MAX);
            assertTrue(all.result() == 0 || all.result() == -Errno.ENOENT, Errno.describe(all.result()));
            assertEquals(MAX, all.count());
            verify(type, all.keys(), all.values());
            assertTrue(empty(map));
        }

        @ParameterizedTest(name = "{0} seed {1}")
        @MethodSource("dev.maplab.hash.BatchOperationsTest#b01")
        @DisplayName("B-01 step 5: for step 1..9, lookup_batch, delete_batch and lookup_and_delete_batch in steps each cover all 10")
        void batchesInStepsCoverEveryEntry(MapType type, int seed) {
            HashTable map = map(type, seed);
            int succeeded = 0;
            for (int step = 1; step < MAX; step++) {
                updateBatch(map, type);
                List<BatchResult> lookups = inSteps(map, step, false);
                if (lookups == null) {
                    assertEquals(MAX, map.size(), "an -ENOSPC lookup_batch changes nothing");
                    for (int k = 1; k <= MAX; k++) {
                        map.delete(le32(k));
                    }
                    continue;
                }
                List<byte[]> keys = new ArrayList<>();
                List<byte[]> values = new ArrayList<>();
                for (BatchResult r : lookups) {
                    keys.addAll(r.keys());
                    values.addAll(r.values());
                }
                verify(type, keys, values);
                assertEquals(MAX, map.size(), "lookup_batch deletes nothing");

                // delete_batch of the returned keys, `step` at a time (the generic per-key loop)
                int deleted = 0;
                for (int from = 0; from < keys.size(); from += step) {
                    for (int i = from; i < Math.min(from + step, keys.size()); i++) {
                        assertEquals(0, map.delete(keys.get(i)), "delete_batch step " + step);
                        deleted++;
                    }
                }
                assertEquals(MAX, deleted);
                assertTrue(empty(map), "step " + step + ": empty after delete_batch");

                updateBatch(map, type);
                List<BatchResult> deletes = inSteps(map, step, true);
                assertTrue(deletes != null, "step " + step + ": lookup_batch fitted, so lookup_and_delete_batch on the same layout fits");
                keys.clear();
                values.clear();
                for (BatchResult r : deletes) {
                    keys.addAll(r.keys());
                    values.addAll(r.values());
                }
                verify(type, keys, values);
                assertTrue(empty(map), "step " + step + ": empty after lookup_and_delete_batch");
                HashTestSupport.assertAccounting(map);
                succeeded++;
            }
            assertTrue(succeeded > 0, "at least one step must fully succeed");
        }

        @Test
        @DisplayName("B-01: with step 1, a bucket holding two keys makes the batch -ENOSPC (the step is skipped)")
        void stepOneHitsEnospcWhenABucketHoldsTwoKeys() {
            HashTable map = map(MapType.HASH, HashTestSupport.SEED);
            updateBatch(map, MapType.HASH);
            boolean collision = false;
            for (int b = 0; b < map.nBuckets(); b++) {
                collision |= map.chainLength(b) > 1;
            }
            // 10 keys in 16 buckets: a collision is almost certain; the seed is fixed, so this is deterministic
            assertTrue(collision, "the fixed seed should give a bucket with two keys");
            assertNull(inSteps(map, 1, false), "step 1 must hit -ENOSPC");
            assertFalse(empty(map));
        }
    }

    static Set<Long> keysOf(BatchResult r) {
        Set<Long> keys = new HashSet<>();
        for (byte[] k : r.keys()) {
            keys.add(le64(k));
        }
        assertEquals(r.count(), keys.size(), "count = keys returned, no duplicates");
        return keys;
    }
}
