package dev.maplab.hash;

import static dev.maplab.hash.HashTestSupport.delete;
import static dev.maplab.hash.HashTestSupport.iterationOrder;
import static dev.maplab.hash.HashTestSupport.le64;
import static dev.maplab.hash.HashTestSupport.lookupCode;
import static dev.maplab.hash.HashTestSupport.lookupValue;
import static dev.maplab.hash.HashTestSupport.nextKey;
import static dev.maplab.hash.HashTestSupport.perCpu;
import static dev.maplab.hash.HashTestSupport.putLe64;
import static dev.maplab.hash.HashTestSupport.slots;
import static dev.maplab.hash.HashTestSupport.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.api.Errno;
import dev.maplab.api.MapFlags;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import dev.maplab.cpu.LogicalCpu;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hash-map cases of the kernel's selftests ({@code test_maps.c}, {@code prog_tests/lookup_and_delete.c}),
 * as restated in {@code research/kernel-selftests.md} §2, H-01 .. H-10. Every HASH case runs on both
 * {@link ReplaceProtocol}s: they may differ only in iteration order, never in results.
 *
 * <p>{@code test_maps.c} runs every case a second time with {@code BPF_F_NO_PREALLOC}; maplab does not
 * model that configuration and rejects it at creation ({@link NoPreallocPass}).
 */
@DisplayName("Kernel selftests, hash maps (§2, H-01..H-10)")
class HashMapSelftestsTest {

    static HashTable hash(ReplaceProtocol protocol, int maxEntries) {
        return new HashTable(MapSpec.longs(MapType.HASH, maxEntries, 2), protocol);
    }

    @Nested
    @DisplayName("NO_PREALLOC pass of test_maps.c")
    class NoPreallocPass {
        @ParameterizedTest(name = "{0}")
        @EnumSource(value = MapType.class, names = {"HASH", "PERCPU_HASH"})
        @DisplayName("H-01..H-08 with BPF_F_NO_PREALLOC: creation is rejected with IllegalArgumentException")
        void creatingAMapWithNoPreallocThrowsIllegalArgumentException(MapType type) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MapSpec.builder(type).maxEntries(2).flags(MapFlags.NO_PREALLOC).build());
            assertTrue(e.getMessage().contains("mapFlags"), e.getMessage());
            assertTrue(e.getMessage().contains("NO_PREALLOC"), e.getMessage());
        }
    }

    @Nested
    @DisplayName("H-01 test_hashmap: HASH, 8-byte keys and values, max_entries 2")
    class TestHashmap {

        @ParameterizedTest(name = "{0}")
        @EnumSource(ReplaceProtocol.class)
        @DisplayName("H-01 step 1, 4: update(1, 1234, ANY) = 0, lookup(1) = 1234")
        void updateWithAnyOfNewKeyInsertsItAndLookupReadsItsValue(ReplaceProtocol p) {
            HashTable map = hash(p, 2);
            assertEquals(0, update(map, 1, 1234, UpdateFlags.ANY));
            assertEquals(1234, lookupValue(map, 1));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ReplaceProtocol.class)
        @DisplayName("H-01 step 2: update(1, NOEXIST) of a present key = -EEXIST, value unchanged")
        void updateWithNoexistOfPresentKeyReturnsEexist(ReplaceProtocol p) {
            HashTable map = hash(p, 2);
            update(map, 1, 1234, UpdateFlags.ANY);
            assertEquals(-Errno.EEXIST, update(map, 1, 5678, UpdateFlags.NOEXIST));
            assertEquals(1234, lookupValue(map, 1));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ReplaceProtocol.class)
        @DisplayName("H-01 step 3: update(1, flags = -1) = -EINVAL, value unchanged")
        void updateWithFlagsMinusOneReturnsEinval(ReplaceProtocol p) {
            HashTable map = hash(p, 2);
            update(map, 1, 1234, UpdateFlags.ANY);
            assertEquals(-Errno.EINVAL, update(map, 1, 5678, -1));
            assertEquals(1234, lookupValue(map, 1));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ReplaceProtocol.class)
        @DisplayName("H-01 step 6: lookup_and_delete(2) = 0 with value 1234, then lookup(2) = -ENOENT")
        void lookupAndDeleteReturnsTheValueAndRemovesTheKey(ReplaceProtocol p) {
            HashTable map = hash(p, 2);
            update(map, 1, 1234, UpdateFlags.ANY);
            update(map, 2, 1234, UpdateFlags.ANY);
            byte[] out = new byte[8];
            assertEquals(0, map.lookupAndDelete(le64(2), out));
            assertEquals(1234, HashTestSupport.le64(out));
            assertEquals(-Errno.ENOENT, lookupCode(map, 2));
            assertEquals(1234, lookupValue(map, 1), "the other key is untouched");
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ReplaceProtocol.class)
        @DisplayName("H-01 step 7: update(2, EXIST) of a missing key = -ENOENT and inserts nothing")
        void updateWithExistOfMissingKeyReturnsEnoent(ReplaceProtocol p) {
            HashTable map = hash(p, 2);
            update(map, 1, 1234, UpdateFlags.ANY);
            assertEquals(-Errno.ENOENT, update(map, 2, 1234, UpdateFlags.EXIST));
            assertEquals(-Errno.ENOENT, lookupCode(map, 2));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ReplaceProtocol.class)
        @DisplayName("H-01 step 8: update(2, NOEXIST) of a missing key = 0 and inserts it")
        void updateWithNoexistOfMissingKeyInsertsIt(ReplaceProtocol p) {
            HashTable map = hash(p, 2);
            update(map, 1, 1234, UpdateFlags.ANY);
            assertEquals(0, update(map, 2, 4321, UpdateFlags.NOEXIST));
            assertEquals(4321, lookupValue(map, 2));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ReplaceProtocol.class)
        @DisplayName("H-01 steps 9, 11: a new key in a full map = -E2BIG with NOEXIST and with ANY")
        void updateOfNewKeyInFullMapReturnsE2big(ReplaceProtocol p) {
            HashTable map = hash(p, 2);
            update(map, 1, 1234, UpdateFlags.ANY);
            update(map, 2, 1234, UpdateFlags.NOEXIST);
            assertEquals(-Errno.E2BIG, update(map, 0, 1, UpdateFlags.NOEXIST));
            assertEquals(-Errno.E2BIG, update(map, 3, 1, UpdateFlags.NOEXIST));
            assertEquals(-Errno.E2BIG, update(map, 3, 1, UpdateFlags.ANY));
            assertEquals(-Errno.ENOENT, lookupCode(map, 0));
            assertEquals(-Errno.ENOENT, lookupCode(map, 3));
            assertEquals(List.of(1L, 2L), sorted(iterationOrder(map)));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ReplaceProtocol.class)
        @DisplayName("H-01 step 10: present keys of a full map are updated with EXIST and ANY")
        void updateOfPresentKeyInFullMapSucceeds(ReplaceProtocol p) {
            HashTable map = hash(p, 2);
            update(map, 1, 1234, UpdateFlags.ANY);
            update(map, 2, 1234, UpdateFlags.NOEXIST);
            assertEquals(0, update(map, 1, 11, UpdateFlags.EXIST));
            assertEquals(0, update(map, 2, 22, UpdateFlags.ANY));
            assertEquals(11, lookupValue(map, 1));
            assertEquals(22, lookupValue(map, 2));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ReplaceProtocol.class)
        @DisplayName("H-01 background: in a full map the flags are decided before capacity (EXIST of a missing key = -ENOENT, not -E2BIG)")
        void flagsAreDecidedBeforeCapacity(ReplaceProtocol p) {
            HashTable map = hash(p, 2);
            update(map, 1, 1234, UpdateFlags.ANY);
            update(map, 2, 1234, UpdateFlags.ANY);
            assertEquals(-Errno.ENOENT, update(map, 3, 1, UpdateFlags.EXIST));
            assertEquals(-Errno.EEXIST, update(map, 1, 1, UpdateFlags.NOEXIST));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ReplaceProtocol.class)
        @DisplayName("H-01 step 12: delete(0) of a missing key = -ENOENT")
        void deleteOfMissingKeyReturnsEnoent(ReplaceProtocol p) {
            HashTable map = hash(p, 2);
            update(map, 1, 1234, UpdateFlags.ANY);
            assertEquals(-Errno.ENOENT, delete(map, 0));
            assertEquals(1234, lookupValue(map, 1));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ReplaceProtocol.class)
        @DisplayName("H-01 step 13: get_next_key walks NULL -> first -> second -> -ENOENT")
        void getNextKeyWalksBothKeysOnceThenReturnsEnoent(ReplaceProtocol p) {
            HashTable map = hash(p, 2);
            update(map, 1, 1234, UpdateFlags.ANY);
            update(map, 2, 1234, UpdateFlags.ANY);
            long[] first = new long[1];
            long[] second = new long[1];
            long[] end = new long[1];
            assertEquals(0, nextKey(map, null, first));
            assertTrue(first[0] == 1 || first[0] == 2, "first key " + first[0]);
            assertEquals(0, nextKey(map, first[0], second));
            assertEquals(3 - first[0], second[0], "the second key is the other one");
            assertEquals(-Errno.ENOENT, nextKey(map, second[0], end));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ReplaceProtocol.class)
        @DisplayName("H-01 step 13: get_next_key(absent key 0) restarts at the first key")
        void getNextKeyOfAbsentKeyReturnsTheFirstKey(ReplaceProtocol p) {
            HashTable map = hash(p, 2);
            update(map, 1, 1234, UpdateFlags.ANY);
            update(map, 2, 1234, UpdateFlags.ANY);
            long[] fromNull = new long[1];
            long[] fromAbsent = new long[1];
            assertEquals(0, nextKey(map, null, fromNull));
            assertEquals(0, nextKey(map, 0L, fromAbsent));
            assertEquals(fromNull[0], fromAbsent[0]);
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ReplaceProtocol.class)
        @DisplayName("H-01 step 14: delete of present keys = 0, a second delete = -ENOENT")
        void deleteRemovesPresentKeysAndASecondDeleteReturnsEnoent(ReplaceProtocol p) {
            HashTable map = hash(p, 2);
            update(map, 1, 1234, UpdateFlags.ANY);
            update(map, 2, 1234, UpdateFlags.ANY);
            assertEquals(0, delete(map, 1));
            assertEquals(0, delete(map, 2));
            assertEquals(-Errno.ENOENT, delete(map, 2));
            assertEquals(-Errno.ENOENT, lookupCode(map, 1));
            assertEquals(-Errno.ENOENT, lookupCode(map, 2));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ReplaceProtocol.class)
        @DisplayName("H-01 step 15: on an emptied map get_next_key(NULL) and get_next_key(0) = -ENOENT")
        void getNextKeyOnEmptiedMapReturnsEnoent(ReplaceProtocol p) {
            HashTable map = hash(p, 2);
            update(map, 1, 1234, UpdateFlags.ANY);
            update(map, 2, 1234, UpdateFlags.ANY);
            delete(map, 1);
            delete(map, 2);
            long[] out = new long[1];
            assertEquals(-Errno.ENOENT, nextKey(map, null, out));
            assertEquals(-Errno.ENOENT, nextKey(map, 0L, out));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ReplaceProtocol.class)
        @DisplayName("H-01 extra: get_next_key(a key just deleted) restarts at the first remaining key")
        void getNextKeyOfJustDeletedKeyRestartsAtTheFirstRemainingKey(ReplaceProtocol p) {
            HashTable map = HashTestSupport.longMap(MapType.HASH, p, 8, 2);
            for (long k = 10; k < 18; k++) {
                assertEquals(0, update(map, k, k, UpdateFlags.NOEXIST));
            }
            List<Long> before = iterationOrder(map);
            long victim = before.get(2);
            long successor = before.get(3);
            assertEquals(0, delete(map, victim));
            long[] out = new long[1];
            assertEquals(0, nextKey(map, victim, out));
            assertEquals(before.get(0), out[0], "restart from the first key");
            assertNotEquals(successor, out[0], "not the deleted key's former successor");
        }
    }

    @Nested
    @DisplayName("H-02 test_hashmap_sizes: HASH, max_entries 2")
    class TestHashmapSizes {
        @ParameterizedTest(name = "key size {0}")
        @ValueSource(ints = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512})
        @DisplayName("H-02: every value size 1 .. 2^18 creates a map that stores and returns a value")
        void everyValueSizeUpTo2Pow18CreatesAWorkingMap(int keySize) {
            for (int valueSize = 1; valueSize <= 1 << 18; valueSize <<= 1) {
                MapSpec spec = MapSpec.builder(MapType.HASH).keySize(keySize).valueSize(valueSize).maxEntries(2).build();
                HashTable map = HashTable.kernel(spec);
                byte[] key = pattern(keySize, 3);
                byte[] value = pattern(valueSize, 7);
                assertEquals(0, map.update(key, value, UpdateFlags.NOEXIST), "update at value size " + valueSize);
                byte[] out = new byte[valueSize];
                assertEquals(0, map.lookup(key, out));
                assertArrayEquals(value, out, "value size " + valueSize);
            }
        }
    }

    @Nested
    @DisplayName("H-03 test_hashmap_percpu: PERCPU_HASH, 8-byte keys, long values, max_entries 2, N = 4")
    class TestHashmapPercpu {
        static final int N = 4;

        HashTable map() {
            return HashTable.kernel(MapSpec.longs(MapType.PERCPU_HASH, 2, N));
        }

        byte[] values() {
            return perCpu(N, c -> c + 100);
        }

        @Test
        @DisplayName("H-03 steps 1-2: a syscall update stores every CPU's slot; lookup_and_delete returns them all")
        void syscallUpdateStoresEveryCpusSlotAndLookupAndDeleteReturnsThem() {
            HashTable map = map();
            assertEquals(0, map.update(le64(1), values(), UpdateFlags.ANY));
            byte[] out = new byte[8 * N];
            assertEquals(0, map.lookupAndDelete(le64(1), out));
            assertArrayEquals(new long[] {100, 101, 102, 103}, slots(out));
            assertEquals(-Errno.ENOENT, lookupCode(map, 1));
        }

        @Test
        @DisplayName("H-03 step 4: update(1, NOEXIST) of a present key = -EEXIST")
        void updateWithNoexistOfPresentKeyReturnsEexist() {
            HashTable map = map();
            map.update(le64(1), values(), UpdateFlags.NOEXIST);
            assertEquals(-Errno.EEXIST, map.update(le64(1), perCpu(N, c -> 7), UpdateFlags.NOEXIST));
            byte[] out = new byte[8 * N];
            map.lookup(le64(1), out);
            assertArrayEquals(new long[] {100, 101, 102, 103}, slots(out));
        }

        @Test
        @DisplayName("H-03 step 4: update(1, flags = -1) = -EINVAL")
        void updateWithFlagsMinusOneReturnsEinval() {
            HashTable map = map();
            map.update(le64(1), values(), UpdateFlags.NOEXIST);
            assertEquals(-Errno.EINVAL, map.update(le64(1), perCpu(N, c -> 7), -1));
            byte[] out = new byte[8 * N];
            map.lookup(le64(1), out);
            assertArrayEquals(new long[] {100, 101, 102, 103}, slots(out));
        }

        @Test
        @DisplayName("H-03 step 5: lookup overwrites every slot of the caller's buffer (slot 0 preset to 1 reads 100)")
        void lookupOverwritesEverySlotOfTheCallersBuffer() {
            HashTable map = map();
            map.update(le64(1), values(), UpdateFlags.NOEXIST);
            byte[] out = perCpu(N, c -> 1);
            assertEquals(0, map.lookup(le64(1), out));
            assertArrayEquals(new long[] {100, 101, 102, 103}, slots(out));
        }

        @Test
        @DisplayName("H-03 step 6: a missing key: lookup and EXIST = -ENOENT, NOEXIST = 0")
        void missingKeyIsNotFoundNotUpdatedWithExistButInsertedWithNoexist() {
            HashTable map = map();
            map.update(le64(1), values(), UpdateFlags.NOEXIST);
            assertEquals(-Errno.ENOENT, lookupCode(map, 2));
            assertEquals(-Errno.ENOENT, map.update(le64(2), values(), UpdateFlags.EXIST));
            assertEquals(-Errno.ENOENT, lookupCode(map, 2));
            assertEquals(0, map.update(le64(2), values(), UpdateFlags.NOEXIST));
            assertEquals(0, lookupCode(map, 2));
        }

        @Test
        @DisplayName("H-03 step 7: in the full map update(0, NOEXIST) = -E2BIG and delete(0) = -ENOENT")
        void fullMapRejectsANewKeyWithE2bigAndDeleteOfMissingKeyReturnsEnoent() {
            HashTable map = map();
            map.update(le64(1), values(), UpdateFlags.NOEXIST);
            map.update(le64(2), values(), UpdateFlags.NOEXIST);
            assertEquals(-Errno.E2BIG, map.update(le64(0), values(), UpdateFlags.NOEXIST));
            assertEquals(-Errno.ENOENT, delete(map, 0));
        }

        @Test
        @DisplayName("H-03 step 8: iteration from the absent key 0 equals iteration from NULL; each key once, slot i = i+100")
        void iterationVisitsEachKeyOnceAndEverySlotHoldsItsCpusValue() {
            HashTable map = map();
            map.update(le64(1), values(), UpdateFlags.NOEXIST);
            map.update(le64(2), values(), UpdateFlags.NOEXIST);
            long[] first = new long[1];
            assertEquals(0, nextKey(map, null, first));
            assertTrue(first[0] == 1 || first[0] == 2);
            Set<Long> seen = new HashSet<>();
            long prev = 0;
            long[] next = new long[1];
            int r;
            while ((r = nextKey(map, prev, next)) == 0) {
                if (seen.isEmpty()) {
                    assertEquals(first[0], next[0], "from the absent key 0 the walk starts at the first key");
                }
                assertTrue(seen.add(next[0]), "key " + next[0] + " returned twice");
                byte[] out = new byte[8 * N];
                assertEquals(0, map.lookup(le64(next[0]), out));
                assertArrayEquals(new long[] {100, 101, 102, 103}, slots(out));
                prev = next[0];
            }
            assertEquals(-Errno.ENOENT, r);
            assertEquals(Set.of(1L, 2L), seen);
        }

        @Test
        @DisplayName("H-03 step 9: update(1, EXIST) of a present key = 0 and replaces every slot")
        void updateWithExistOfPresentKeyReplacesEverySlot() {
            HashTable map = map();
            map.update(le64(1), values(), UpdateFlags.NOEXIST);
            map.update(le64(2), values(), UpdateFlags.NOEXIST);
            assertEquals(0, map.update(le64(1), perCpu(N, c -> 200 + c), UpdateFlags.EXIST));
            byte[] out = new byte[8 * N];
            map.lookup(le64(1), out);
            assertArrayEquals(new long[] {200, 201, 202, 203}, slots(out));
        }

        @Test
        @DisplayName("H-03 steps 10-11: delete 1 and 2 = 0, delete(2) again = -ENOENT, then get_next_key = -ENOENT")
        void deletingEveryKeyEmptiesTheMap() {
            HashTable map = map();
            map.update(le64(1), values(), UpdateFlags.NOEXIST);
            map.update(le64(2), values(), UpdateFlags.NOEXIST);
            assertEquals(0, delete(map, 1));
            assertEquals(0, delete(map, 2));
            assertEquals(-Errno.ENOENT, delete(map, 2));
            long[] out = new long[1];
            assertEquals(-Errno.ENOENT, nextKey(map, null, out));
            assertEquals(-Errno.ENOENT, nextKey(map, 0L, out));
        }

        @Test
        @DisplayName("H-03 extra fact: value_size 4 has an 8-byte per-CPU stride and all 8 bytes round-trip")
        void valueSize4HasAnEightByteStrideAndAllEightBytesRoundTrip() {
            HashTable map = HashTable.kernel(MapSpec.builder(MapType.PERCPU_HASH).keySize(8).valueSize(4)
                    .maxEntries(2).cpus(N).build());
            assertEquals(8 * N, map.spec().syscallValueSize());
            byte[] value = perCpu(N, c -> 0x1122_3344_5566_7788L + c); // the upper 4 bytes of each slot are padding
            assertEquals(0, map.update(le64(1), value, UpdateFlags.ANY));
            byte[] out = new byte[8 * N];
            assertEquals(0, map.lookup(le64(1), out));
            assertArrayEquals(value, out);
        }
    }

    @Nested
    @DisplayName("H-04 test_hashmap_walk: HASH, 8-byte keys, 24-byte values, max_entries 10000")
    class TestHashmapWalk {
        static final int MAX = 10_000;

        HashTable filled(ReplaceProtocol p) {
            HashTable map = new HashTable(MapSpec.builder(MapType.HASH).keySize(8).valueSize(24).maxEntries(MAX).build(), p);
            for (long k = 0; k < MAX; k++) {
                assertEquals(0, map.update(le64(k), value(k), UpdateFlags.NOEXIST), "fill key " + k);
            }
            return map;
        }

        byte[] value(long v0) {
            byte[] v = new byte[24];
            putLe64(v, 0, v0);
            putLe64(v, 8, ~v0);
            putLe64(v, 16, 42);
            return v;
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ReplaceProtocol.class)
        @DisplayName("H-04 walk 1: get_next_key from NULL visits all 10000 keys once, each with value[0] = key")
        void walkVisitsEveryKeyExactlyOnce(ReplaceProtocol p) {
            HashTable map = filled(p);
            Set<Long> seen = new HashSet<>();
            byte[] cur = null;
            byte[] next = new byte[8];
            byte[] out = new byte[24];
            while (map.getNextKey(cur, next) == 0) {
                long k = HashTestSupport.le64(next);
                assertTrue(seen.add(k), "key " + k + " visited twice");
                assertEquals(0, map.lookup(next, out));
                assertEquals(k, HashTestSupport.le64(out, 0));
                cur = next.clone();
            }
            assertEquals(MAX, seen.size());
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ReplaceProtocol.class)
        @DisplayName("H-04 walk 2: EXIST-updates of visited keys do not disturb the walk (exactly 10000 steps)")
        void existUpdatesOfVisitedKeysDoNotDisturbTheWalk(ReplaceProtocol p) {
            HashTable map = filled(p);
            Set<Long> seen = new HashSet<>();
            byte[] cur = new byte[8];
            assertEquals(0, map.getNextKey(null, cur));
            byte[] out = new byte[24];
            int r;
            do {
                byte[] next = new byte[8];
                r = map.getNextKey(cur, next);
                long k = HashTestSupport.le64(cur);
                assertTrue(seen.add(k), "key " + k + " visited twice");
                assertEquals(0, map.lookup(cur, out));
                assertEquals(0, map.update(cur, value(HashTestSupport.le64(out, 0) + 1), UpdateFlags.EXIST));
                cur = next;
            } while (r == 0);
            assertEquals(-Errno.ENOENT, r);
            assertEquals(MAX, seen.size());
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ReplaceProtocol.class)
        @DisplayName("H-04 walk 3: after the updating walk every key has value[0] - 1 = key")
        void afterTheUpdatingWalkEveryValueWasIncrementedOnce(ReplaceProtocol p) {
            HashTable map = filled(p);
            byte[] cur = new byte[8];
            map.getNextKey(null, cur);
            byte[] out = new byte[24];
            int r;
            do {
                byte[] next = new byte[8];
                r = map.getNextKey(cur, next);
                map.lookup(cur, out);
                map.update(cur, value(HashTestSupport.le64(out, 0) + 1), UpdateFlags.EXIST);
                cur = next;
            } while (r == 0);
            int steps = 0;
            byte[] k = null;
            byte[] next = new byte[8];
            while (map.getNextKey(k, next) == 0) {
                assertEquals(0, map.lookup(next, out));
                assertEquals(HashTestSupport.le64(next), HashTestSupport.le64(out, 0) - 1);
                steps++;
                k = next.clone();
            }
            assertEquals(MAX, steps);
        }
    }

    @Nested
    @DisplayName("H-05 test_hashmap_zero_seed: HASH with BPF_F_ZERO_SEED")
    class TestHashmapZeroSeed {
        HashTable zeroSeed(ReplaceProtocol p) {
            HashTable map = new HashTable(MapSpec.builder(MapType.HASH).maxEntries(64).flags(MapFlags.ZERO_SEED).build(), p);
            for (long k = 0; k < 64; k++) {
                assertEquals(0, update(map, k, k, UpdateFlags.NOEXIST));
            }
            return map;
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ReplaceProtocol.class)
        @DisplayName("H-05: two ZERO_SEED maps with the same keys iterate in the same order")
        void twoZeroSeedMapsIterateInTheSameOrder(ReplaceProtocol p) {
            assertEquals(iterationOrder(zeroSeed(p)), iterationOrder(zeroSeed(p)));
        }

        @Test
        @DisplayName("H-05: ZERO_SEED makes the hash seed 0")
        void zeroSeedMakesTheSeedZero() {
            assertEquals(0, zeroSeed(ReplaceProtocol.KERNEL).seed());
        }

        @Test
        @DisplayName("H-05: without ZERO_SEED every map draws its own random seed")
        void withoutZeroSeedEveryMapDrawsItsOwnSeed() {
            Set<Integer> seeds = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                seeds.add(HashTable.kernel(MapSpec.longs(MapType.HASH, 4, 2)).seed());
            }
            assertTrue(seeds.size() > 1, "four maps drew the same seed " + seeds);
        }

        @Test
        @DisplayName("H-05 (maplab extension): a fixed hashSeed is used as given")
        void aFixedHashSeedIsUsedAsGiven() {
            HashTable map = HashTable.kernel(MapSpec.builder(MapType.HASH).maxEntries(4).hashSeed(0x1234_5678).build());
            assertEquals(0x1234_5678, map.seed());
        }
    }

    /**
     * H-06 with the selftest's 4112-byte key but max_entries 2048 instead of 32768, to keep the run short
     * (the behaviours do not depend on the size).
     */
    @Nested
    @DisplayName("H-06 test_map_large: HASH, key {int a; char b[4096]; long long c} (4112 bytes), int value (scaled: 2048 entries)")
    class TestMapLarge {
        static final int KEY = 4112;
        static final int MAX = 2048;

        byte[] key(int a, long c) {
            byte[] k = new byte[KEY];
            HashTestSupport.putLe64(k, 0, a & 0xffff_ffffL); // a (4 bytes) + the first 4 bytes of b, zero
            Arrays.fill(k, 4, 4100, (byte) 'x'); // b
            HashTestSupport.putLe64(k, 4104, c); // c, after 4 bytes of padding
            return k;
        }

        HashTable filled() {
            HashTable map = HashTable.kernel(MapSpec.builder(MapType.HASH).keySize(KEY).valueSize(4).maxEntries(MAX).build());
            for (int c = 0; c < MAX; c++) {
                assertEquals(0, map.update(key(0, c), HashTestSupport.le32(c), UpdateFlags.NOEXIST), "insert c = " + c);
            }
            return map;
        }

        @Test
        @DisplayName("H-06 steps 1-2: max_entries large keys are inserted, one more = -E2BIG")
        void fillingSucceedsAndOneMoreKeyReturnsE2big() {
            HashTable map = filled();
            assertEquals(-Errno.E2BIG, map.update(key(0, -1), HashTestSupport.le32(0), UpdateFlags.NOEXIST));
        }

        @Test
        @DisplayName("H-06 step 3: from the absent key c = -1 exactly max_entries get_next_key calls succeed, then -ENOENT")
        void getNextKeyFromAbsentKeyVisitsEveryKeyThenReturnsEnoent() {
            HashTable map = filled();
            byte[] next = new byte[KEY];
            assertEquals(0, map.getNextKey(null, next));
            byte[] cur = key(0, -1);
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < MAX; i++) {
                assertEquals(0, map.getNextKey(cur, next), "call " + i);
                seen.add(HashTestSupport.le64(next, 4104));
                cur = next.clone();
            }
            assertEquals(-Errno.ENOENT, map.getNextKey(cur, next));
            assertEquals(MAX, seen.size());
        }

        @Test
        @DisplayName("H-06 step 4: lookup(c = 0) finds value 0; with a = 1 it is -ENOENT")
        void lookupComparesTheWholeKey() {
            HashTable map = filled();
            byte[] out = new byte[4];
            assertEquals(0, map.lookup(key(0, 0), out));
            assertEquals(0, HashTestSupport.le32(out, 0));
            assertEquals(0, map.lookup(key(0, 7), out));
            assertEquals(7, HashTestSupport.le32(out, 0));
            assertEquals(-Errno.ENOENT, map.lookup(key(1, 0), out));
        }

        @Test
        @DisplayName("H-06 (extra): a key differing only deep inside b is a different key")
        void aKeyDifferingInItsMiddleByteIsNotFound() {
            HashTable map = filled();
            byte[] k = key(0, 5);
            k[2048] = 'y';
            assertEquals(-Errno.ENOENT, map.lookup(k, new byte[4]));
        }
    }

    @Nested
    @DisplayName("H-07 test_map_rdonly: HASH with BPF_F_RDONLY")
    class TestMapRdonly {
        HashTable map() {
            return HashTable.kernel(MapSpec.builder(MapType.HASH).maxEntries(4).flags(MapFlags.RDONLY).build());
        }

        @Test
        @DisplayName("H-07: syscall update = -EPERM and inserts nothing")
        void syscallUpdateReturnsEperm() {
            HashTable map = map();
            assertEquals(-Errno.EPERM, update(map, 1, 1234, UpdateFlags.ANY));
            assertEquals(0, map.size());
        }

        @Test
        @DisplayName("H-07: lookup and get_next_key of the empty map = -ENOENT (reads are allowed)")
        void lookupAndGetNextKeyAreAllowed() {
            HashTable map = map();
            assertEquals(-Errno.ENOENT, lookupCode(map, 1));
            assertEquals(-Errno.ENOENT, nextKey(map, null, new long[1]));
        }

        @Test
        @DisplayName("H-07: syscall delete and lookup_and_delete = -EPERM")
        void syscallDeleteAndLookupAndDeleteReturnEperm() {
            HashTable map = map();
            assertEquals(0, map.update(1L, 1234L, UpdateFlags.ANY)); // a program may write
            assertEquals(-Errno.EPERM, delete(map, 1));
            assertEquals(-Errno.EPERM, map.lookupAndDelete(le64(1), new byte[8]));
            assertEquals(1234, lookupValue(map, 1));
        }

        @Test
        @DisplayName("H-07: program access is unaffected: a program update is visible to a syscall lookup")
        void programUpdateIsAllowed() {
            HashTable map = map();
            assertEquals(0, map.programUpdate(le64(1), le64(99), UpdateFlags.ANY));
            assertEquals(99, lookupValue(map, 1));
        }
    }

    @Nested
    @DisplayName("H-08 test_map_wronly: HASH with BPF_F_WRONLY")
    class TestMapWronly {
        HashTable map() {
            return HashTable.kernel(MapSpec.builder(MapType.HASH).maxEntries(4).flags(MapFlags.WRONLY).build());
        }

        @Test
        @DisplayName("H-08: syscall update = 0")
        void syscallUpdateSucceeds() {
            HashTable map = map();
            assertEquals(0, update(map, 1, 1234, UpdateFlags.ANY));
            assertEquals(1234, map.lookup(1L, -1L), "the program-side lookup sees the value");
        }

        @Test
        @DisplayName("H-08: syscall lookup and get_next_key = -EPERM")
        void syscallLookupAndGetNextKeyReturnEperm() {
            HashTable map = map();
            update(map, 1, 1234, UpdateFlags.ANY);
            assertEquals(-Errno.EPERM, lookupCode(map, 1));
            assertEquals(-Errno.EPERM, nextKey(map, null, new long[1]));
            assertEquals(-Errno.EPERM, nextKey(map, 1L, new long[1]));
        }

        @Test
        @DisplayName("H-08: lookup_and_delete and lookup_batch (they read) = -EPERM; the key stays")
        void readingCommandsReturnEperm() {
            HashTable map = map();
            update(map, 1, 1234, UpdateFlags.ANY);
            assertEquals(-Errno.EPERM, map.lookupAndDelete(le64(1), new byte[8]));
            assertEquals(-Errno.EPERM, map.lookupBatch(null, 4).result());
            assertEquals(-Errno.EPERM, map.lookupAndDeleteBatch(null, 4).result());
            assertEquals(1234, map.lookup(1L, -1L));
        }

        @Test
        @DisplayName("H-08: program lookup is unaffected")
        void programLookupIsAllowed() {
            HashTable map = map();
            update(map, 1, 1234, UpdateFlags.ANY);
            byte[] out = new byte[8];
            assertEquals(0, map.programLookup(le64(1), out));
            assertEquals(1234, HashTestSupport.le64(out));
        }
    }

    /** Creation validation lives in {@code dev.maplab.api.MapSpecValidationTest}; here the run-time half of H-09. */
    @Nested
    @DisplayName("H-09 validation at run time")
    class Validation {
        @ParameterizedTest(name = "{0}")
        @EnumSource(value = MapType.class, names = {"HASH", "PERCPU_HASH"})
        @DisplayName("H-09: update flags above EXIST (apart from F_LOCK) = -EINVAL on both APIs, nothing inserted")
        void unknownUpdateFlagsReturnEinval(MapType type) {
            HashTable map = HashTable.kernel(MapSpec.longs(type, 4, 2));
            byte[] value = new byte[map.spec().syscallValueSize()];
            for (long flags : new long[] {3, 8, 16, 1L << 32, Long.MIN_VALUE, -1}) {
                assertEquals(-Errno.EINVAL, map.update(le64(1), value, flags), "byte[] API, flags " + flags);
                assertEquals(-Errno.EINVAL, map.update(1L, 5L, flags), "long API, flags " + flags);
            }
            assertEquals(0, map.size());
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = MapType.class, names = {"HASH", "PERCPU_HASH"})
        @DisplayName("H-09: BPF_F_LOCK on a value without a spin lock = -EINVAL, for new and present keys")
        void fLockWithoutSpinLockReturnsEinval(MapType type) {
            HashTable map = HashTable.kernel(MapSpec.longs(type, 4, 2));
            byte[] value = new byte[map.spec().syscallValueSize()];
            assertEquals(-Errno.EINVAL, map.update(le64(1), value, UpdateFlags.F_LOCK));
            assertEquals(0, map.update(le64(1), value, UpdateFlags.ANY));
            assertEquals(-Errno.EINVAL, map.update(le64(1), value, UpdateFlags.F_LOCK | UpdateFlags.EXIST));
            assertEquals(-Errno.EINVAL, map.update(2L, 5L, UpdateFlags.F_LOCK | UpdateFlags.NOEXIST));
            assertEquals(1, map.size());
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = MapType.class, names = {"ARRAY", "LRU_HASH", "LRU_PERCPU_HASH", "QUEUE"})
        @DisplayName("HashTable builds only HASH and PERCPU_HASH; other specs are misuse")
        void hashTableRejectsOtherMapTypes(MapType type) {
            MapSpec spec = MapSpec.builder(type).maxEntries(4).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HashTable.kernel(spec));
            assertTrue(e.getMessage().contains(type.name()), e.getMessage());
        }

        @Test
        @DisplayName("a key or value of the wrong length is misuse: IllegalArgumentException naming it")
        void wrongKeyOrValueLengthThrows() {
            HashTable map = HashTable.kernel(MapSpec.longs(MapType.HASH, 4, 2));
            IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                    () -> map.update(new byte[4], new byte[8], UpdateFlags.ANY));
            assertTrue(k.getMessage().contains("key"), k.getMessage());
            IllegalArgumentException v = assertThrows(IllegalArgumentException.class,
                    () -> map.update(new byte[8], new byte[7], UpdateFlags.ANY));
            assertTrue(v.getMessage().contains("value") && v.getMessage().contains("7"), v.getMessage());
            assertEquals(0, map.size());
        }

        @Test
        @DisplayName("the long fast path on a map that is not 8/8 bytes is misuse")
        void longApiOnOtherSizesThrows() {
            HashTable map = HashTable.kernel(MapSpec.builder(MapType.HASH).keySize(4).valueSize(8).maxEntries(4).build());
            assertThrows(IllegalArgumentException.class, () -> map.update(1L, 2L, UpdateFlags.ANY));
        }
    }

    @Nested
    @DisplayName("H-10 prog_tests/lookup_and_delete.c: max_entries 2, keys 1 and 2 hold 1234")
    class LookupAndDelete {
        @ParameterizedTest(name = "{0}")
        @EnumSource(ReplaceProtocol.class)
        @DisplayName("H-10 HASH: lookup_and_delete(1) returns 1234, then lookup(1) fails")
        void hashLookupAndDeleteReturnsTheValueThenTheKeyIsGone(ReplaceProtocol p) {
            HashTable map = hash(p, 2);
            update(map, 1, 1234, UpdateFlags.NOEXIST);
            update(map, 2, 1234, UpdateFlags.NOEXIST);
            long[] out = new long[1];
            assertEquals(0, map.lookupAndDelete(1L, out));
            assertEquals(1234, out[0]);
            assertEquals(-Errno.ENOENT, lookupCode(map, 1));
            assertEquals(-Errno.ENOENT, map.lookupAndDelete(1L, out));
            assertEquals(1234, lookupValue(map, 2));
        }

        @Test
        @DisplayName("H-10 PERCPU_HASH: lookup_and_delete(1) returns 1234 in every CPU's slot, then lookup(1) fails")
        void percpuLookupAndDeleteReturnsEverySlotThenTheKeyIsGone() {
            int n = 3;
            HashTable map = HashTable.kernel(MapSpec.longs(MapType.PERCPU_HASH, 2, n));
            map.update(le64(1), perCpu(n, c -> 1234), UpdateFlags.NOEXIST);
            map.update(le64(2), perCpu(n, c -> 1234), UpdateFlags.NOEXIST);
            long[] out = new long[n];
            assertEquals(0, map.lookupAndDelete(1L, out));
            assertArrayEquals(new long[] {1234, 1234, 1234}, out);
            assertEquals(-Errno.ENOENT, lookupCode(map, 1));
            try (LogicalCpu.Binding ignored = LogicalCpu.bind(1)) {
                assertEquals(-1, map.lookup(1L, -1L), "a program no longer finds it either");
            }
            assertEquals(0, lookupCode(map, 2));
        }
    }

    static List<Long> sorted(List<Long> keys) {
        List<Long> s = new ArrayList<>(keys);
        s.sort(null);
        return s;
    }

    static byte[] pattern(int size, int salt) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + salt);
        }
        return b;
    }
}
