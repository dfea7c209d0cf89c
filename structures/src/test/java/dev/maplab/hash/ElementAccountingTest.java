package dev.maplab.hash;

import static dev.maplab.hash.HashTestSupport.assertAccounting;
import static dev.maplab.hash.HashTestSupport.iterationOrder;
import static dev.maplab.hash.HashTestSupport.le64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.api.BatchResult;
import dev.maplab.api.Errno;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import dev.maplab.cpu.LogicalCpu;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where the preallocated elements are (kernel-internals.md §1.2, §1.5, §1.6, §1.9): every element is linked
 * in a bucket, on a per-CPU freelist, or a CPU's spare ({@code extra_elems}, HASH only), so
 * linked + free + spare = arena size after any sequence; how a replacement uses the spare; and where a
 * replaced key ends up in its bucket.
 */
@DisplayName("Element accounting, spares and replacement order")
class ElementAccountingTest {

    static Stream<Arguments> typesAndProtocols() {
        return Stream.of(MapType.HASH, MapType.PERCPU_HASH)
                .flatMap(t -> Stream.of(ReplaceProtocol.values()).map(p -> Arguments.of(t, p)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ReplaceProtocol.class)
    @DisplayName("a new HASH map: max_entries free elements plus one spare per CPU, nothing linked")
    void newHashMapHoldsMaxEntriesFreeElementsAndOneSparePerCpu(ReplaceProtocol p) {
        HashTable map = HashTestSupport.longMap(MapType.HASH, p, 10, 3);
        assertEquals(13, map.arenaSize());
        assertEquals(10, map.freeElements());
        assertEquals(3, map.spareElements());
        assertEquals(0, map.size());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ReplaceProtocol.class)
    @DisplayName("a new PERCPU_HASH map: exactly max_entries elements, all free, no spares")
    void newPercpuHashMapHasNoSpares(ReplaceProtocol p) {
        HashTable map = HashTestSupport.longMap(MapType.PERCPU_HASH, p, 10, 3);
        assertEquals(10, map.arenaSize());
        assertEquals(10, map.freeElements());
        assertEquals(0, map.spareElements());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("typesAndProtocols")
    @DisplayName("after a random sequence of operations on several CPUs: results match a model and linked + free + spare = arena size")
    void randomSequenceKeepsEveryElementAccountedFor(MapType type, ReplaceProtocol p) {
        final int cpus = 3;
        final int max = 16;
        boolean percpu = type == MapType.PERCPU_HASH;
        int slots = percpu ? cpus : 1;
        HashTable map = HashTestSupport.longMap(type, p, max, cpus);
        Map<Long, long[]> model = new HashMap<>();
        Random rnd = new Random(42 + type.ordinal() * 7 + p.ordinal());
        for (int step = 0; step < 3000; step++) {
            int cpu = rnd.nextInt(cpus);
            long key = rnd.nextInt(32);
            String what = "step " + step + " cpu " + cpu + " key " + key;
            try (LogicalCpu.Binding ignored = LogicalCpu.bind(cpu)) {
                int op = rnd.nextInt(100);
                if (op < 50) {
                    long flags = rnd.nextInt(3);
                    long value = rnd.nextLong();
                    boolean present = model.containsKey(key);
                    int expected = present && flags == UpdateFlags.NOEXIST ? -Errno.EEXIST
                            : !present && flags == UpdateFlags.EXIST ? -Errno.ENOENT
                            : !present && model.size() == max ? -Errno.E2BIG : 0;
                    assertEquals(expected, map.update(key, value, flags), what + " update flags " + flags);
                    if (expected == 0) {
                        long[] v = present ? model.get(key) : new long[slots];
                        v[percpu ? cpu : 0] = value;
                        model.put(key, v);
                    }
                } else if (op < 65) {
                    assertEquals(model.remove(key) != null ? 0 : -Errno.ENOENT, map.delete(key), what + " delete");
                } else if (op < 75) {
                    long[] out = new long[slots];
                    long[] expected = model.remove(key);
                    assertEquals(expected != null ? 0 : -Errno.ENOENT, map.lookupAndDelete(key, out), what + " lookup_and_delete");
                    if (expected != null) {
                        assertArrayEquals(expected, out, what + " lookup_and_delete value");
                    }
                } else if (op < 97) {
                    long[] expected = model.get(key);
                    long got = map.lookup(key, Long.MIN_VALUE);
                    assertEquals(expected == null ? Long.MIN_VALUE : expected[percpu ? cpu : 0], got, what + " lookup");
                } else {
                    BatchResult r = map.lookupAndDeleteBatch(null, 1 + rnd.nextInt(max));
                    assertTrue(r.result() == 0 || r.result() == -Errno.ENOENT || r.result() == -Errno.ENOSPC, what + " batch " + r.result());
                    for (int i = 0; i < r.count(); i++) {
                        long k = HashTestSupport.le64(r.keys().get(i));
                        long[] expected = model.remove(k);
                        assertTrue(expected != null, what + " batch returned absent key " + k);
                        long[] got = percpu ? HashTestSupport.slots(r.values().get(i)) : new long[] {HashTestSupport.le64(r.values().get(i))};
                        assertArrayEquals(expected, got, what + " batch value of " + k);
                    }
                }
            }
            assertAccounting(map);
            assertEquals(model.size(), map.size(), "step " + step + ": linked elements = keys in the model");
        }
        assertEquals(model.keySet(), new HashSet<>(iterationOrder(map)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ReplaceProtocol.class)
    @DisplayName("a full HASH map accepts replacement of every present key from every CPU, and stays accounted for")
    void fullMapAcceptsReplacementOfPresentKeysFromEveryCpu(ReplaceProtocol p) {
        final int cpus = 3;
        HashTable map = HashTestSupport.longMap(MapType.HASH, p, 4, cpus);
        for (long k = 0; k < 4; k++) {
            assertEquals(0, map.update(k, k, UpdateFlags.NOEXIST));
        }
        assertEquals(0, map.freeElements());
        for (int round = 0; round < 5; round++) {
            for (int cpu = 0; cpu < cpus; cpu++) {
                try (LogicalCpu.Binding ignored = LogicalCpu.bind(cpu)) {
                    for (long k = 0; k < 4; k++) {
                        long flags = (k & 1) == 0 ? UpdateFlags.ANY : UpdateFlags.EXIST;
                        assertEquals(0, map.update(k, 100 * round + 10 * cpu + k, flags), "round " + round + " cpu " + cpu + " key " + k);
                        assertEquals(100 * round + 10 * cpu + k, map.lookup(k, -1L));
                    }
                    assertEquals(-Errno.E2BIG, map.update(99L, 1L, UpdateFlags.ANY), "a new key is still refused");
                }
                assertAccounting(map);
                assertEquals(0, map.freeElements(), "replacement takes nothing from the freelist");
                assertEquals(cpus, map.spareElements(), "every CPU still holds one spare");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ReplaceProtocol.class)
    @DisplayName("a full HASH map accepts a replacement through the byte[] syscall API")
    void fullMapAcceptsSyscallReplacement(ReplaceProtocol p) {
        HashTable map = HashTestSupport.longMap(MapType.HASH, p, 2, 2);
        HashTestSupport.update(map, 1, 1, UpdateFlags.NOEXIST);
        HashTestSupport.update(map, 2, 2, UpdateFlags.NOEXIST);
        assertEquals(0, HashTestSupport.update(map, 1, 10, UpdateFlags.EXIST));
        assertEquals(10, HashTestSupport.lookupValue(map, 1));
        assertAccounting(map);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MapType.class, names = {"HASH", "PERCPU_HASH"})
    @DisplayName("one CPU can fill the whole map: a pop steals from the other CPUs' freelists")
    void oneCpuCanUseEveryFreeElement(MapType type) {
        HashTable map = HashTestSupport.longMap(type, ReplaceProtocol.KERNEL, 12, 4);
        try (LogicalCpu.Binding ignored = LogicalCpu.bind(3)) {
            for (long k = 0; k < 12; k++) {
                assertEquals(0, map.update(k, k, UpdateFlags.NOEXIST), "key " + k);
            }
            assertEquals(-Errno.E2BIG, map.update(12L, 12L, UpdateFlags.NOEXIST));
        }
        assertEquals(0, map.freeElements());
        assertAccounting(map);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MapType.class, names = {"HASH", "PERCPU_HASH"})
    @DisplayName("an element deleted on one CPU is at once reusable by an insert on another CPU")
    void deletedElementIsReusableFromAnotherCpu(MapType type) {
        HashTable map = HashTestSupport.longMap(type, ReplaceProtocol.KERNEL, 4, 2);
        try (LogicalCpu.Binding ignored = LogicalCpu.bind(0)) {
            for (long k = 0; k < 4; k++) {
                map.update(k, k, UpdateFlags.NOEXIST);
            }
            assertEquals(0, map.delete(2L));
        }
        assertEquals(1, map.freeElements());
        try (LogicalCpu.Binding ignored = LogicalCpu.bind(1)) {
            assertEquals(0, map.update(7L, 7L, UpdateFlags.NOEXIST));
            assertEquals(7L, map.lookup(7L, -1L));
        }
        assertEquals(0, map.freeElements());
        assertAccounting(map);
    }

    @ParameterizedTest(name = "flags {0}")
    @EnumSource(value = UpdateFlagsChoice.class)
    @DisplayName("KERNEL protocol: a replaced HASH key moves to the head of its bucket (iteration order changes)")
    void kernelReplaceMovesTheKeyToTheHeadOfItsBucket(UpdateFlagsChoice flags) {
        HashTable map = HashTestSupport.longMap(MapType.HASH, ReplaceProtocol.KERNEL, 8, 2);
        long[] same = HashTestSupport.sameBucketKeys(map, 2, 100);
        map.update(same[0], 1L, UpdateFlags.NOEXIST);
        map.update(same[1], 1L, UpdateFlags.NOEXIST); // newest first: [same[1], same[0]]
        List<Long> before = iterationOrder(map);
        assertTrue(before.indexOf(same[1]) < before.indexOf(same[0]), "a new key goes to the head: " + before);
        assertEquals(0, map.update(same[0], 2L, flags.flags));
        List<Long> after = iterationOrder(map);
        assertTrue(after.indexOf(same[0]) < after.indexOf(same[1]), "the replaced key is now first in its bucket: " + after);
        assertNotEquals(before, after);
        assertEquals(2L, map.lookup(same[0], -1L));
    }

    @ParameterizedTest(name = "flags {0}")
    @EnumSource(value = UpdateFlagsChoice.class)
    @DisplayName("LINEARIZABLE protocol: a replaced HASH key keeps its position (iteration order unchanged)")
    void linearizableReplaceKeepsTheKeysPosition(UpdateFlagsChoice flags) {
        HashTable map = HashTestSupport.longMap(MapType.HASH, ReplaceProtocol.LINEARIZABLE, 8, 2);
        long[] same = HashTestSupport.sameBucketKeys(map, 2, 100);
        map.update(same[0], 1L, UpdateFlags.NOEXIST);
        map.update(same[1], 1L, UpdateFlags.NOEXIST);
        List<Long> before = iterationOrder(map);
        assertTrue(before.indexOf(same[1]) < before.indexOf(same[0]), "a new key goes to the head: " + before);
        assertEquals(0, map.update(same[0], 2L, flags.flags));
        assertEquals(before, iterationOrder(map));
        assertEquals(2L, map.lookup(same[0], -1L));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ReplaceProtocol.class)
    @DisplayName("a failed update (EEXIST, ENOENT, E2BIG, EINVAL) moves no element")
    void failedUpdatesMoveNoElement(ReplaceProtocol p) {
        HashTable map = HashTestSupport.longMap(MapType.HASH, p, 2, 2);
        map.update(1L, 1L, UpdateFlags.NOEXIST);
        int free = map.freeElements();
        assertEquals(-Errno.EEXIST, map.update(1L, 2L, UpdateFlags.NOEXIST));
        assertEquals(-Errno.ENOENT, map.update(5L, 2L, UpdateFlags.EXIST));
        assertEquals(-Errno.EINVAL, map.update(5L, 2L, -1));
        assertEquals(free, map.freeElements());
        map.update(2L, 2L, UpdateFlags.NOEXIST);
        assertEquals(-Errno.E2BIG, map.update(5L, 2L, UpdateFlags.ANY));
        assertEquals(0, map.freeElements());
        assertEquals(2, map.size());
        assertAccounting(map);
    }

    /** The two flags that replace a present key. */
    enum UpdateFlagsChoice {
        ANY(UpdateFlags.ANY), EXIST(UpdateFlags.EXIST);

        final long flags;

        UpdateFlagsChoice(long flags) {
            this.flags = flags;
        }
    }
}
