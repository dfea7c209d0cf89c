package dev.maplab.hash;

import static dev.maplab.hash.HashTestSupport.le64;
import static dev.maplab.hash.HashTestSupport.perCpu;
import static dev.maplab.hash.HashTestSupport.slots;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.maplab.api.Errno;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import dev.maplab.cpu.LogicalCpu;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PERCPU_HASH: the syscall sees N slots of round_up(value_size, 8) bytes; a program (a thread bound to a
 * logical CPU, using the {@code long} fast path or {@link HashTable#programUpdate}) sees and writes only
 * its own CPU's slot (kernel-selftests.md §10.4, L-13, L-14; kernel-internals.md §1.5).
 */
@DisplayName("PERCPU_HASH: per-CPU value slots")
class PercpuHashTest {
    static final int N = 4;

    static HashTable map(ReplaceProtocol p, int maxEntries) {
        return HashTestSupport.longMap(MapType.PERCPU_HASH, p, maxEntries, N);
    }

    static long[] syscallSlots(HashTable map, long key) {
        byte[] out = new byte[8 * N];
        assertEquals(0, map.lookup(le64(key), out), "syscall lookup of " + key);
        return slots(out);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ReplaceProtocol.class)
    @DisplayName("a program update of a new key writes its CPU's slot; every other slot is 0")
    void programUpdateOfNewKeyWritesOnlyItsCpusSlotAndZeroesTheOthers(ReplaceProtocol p) {
        HashTable map = map(p, 4);
        try (LogicalCpu.Binding ignored = LogicalCpu.bind(2)) {
            assertEquals(0, map.update(7L, 0x1234L, UpdateFlags.NOEXIST));
        }
        assertArrayEquals(new long[] {0, 0, 0x1234, 0}, syscallSlots(map, 7));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ReplaceProtocol.class)
    @DisplayName("a program update of a present key writes its CPU's slot and leaves the others as they were")
    void programUpdateOfPresentKeyLeavesTheOtherSlotsAlone(ReplaceProtocol p) {
        HashTable map = map(p, 4);
        assertEquals(0, map.update(le64(7), perCpu(N, c -> 10 + c), UpdateFlags.ANY));
        try (LogicalCpu.Binding ignored = LogicalCpu.bind(1)) {
            assertEquals(0, map.update(7L, 99L, UpdateFlags.EXIST));
        }
        assertArrayEquals(new long[] {10, 99, 12, 13}, syscallSlots(map, 7));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ReplaceProtocol.class)
    @DisplayName("program updates from every CPU each land in their own slot; the syscall lookup returns all of them")
    void syscallLookupReturnsEveryCpusSlot(ReplaceProtocol p) {
        HashTable map = map(p, 4);
        for (int c = 0; c < N; c++) {
            try (LogicalCpu.Binding ignored = LogicalCpu.bind(c)) {
                assertEquals(0, map.update(7L, 1000 + c, UpdateFlags.ANY));
            }
        }
        assertArrayEquals(new long[] {1000, 1001, 1002, 1003}, syscallSlots(map, 7));
    }

    @Test
    @DisplayName("a program lookup reads its own CPU's slot (long path and byte[] path)")
    void programLookupReadsTheCurrentCpusSlot() {
        HashTable map = map(ReplaceProtocol.KERNEL, 4);
        map.update(le64(7), perCpu(N, c -> 10 + c), UpdateFlags.ANY);
        for (int c = 0; c < N; c++) {
            try (LogicalCpu.Binding ignored = LogicalCpu.bind(c)) {
                assertEquals(10 + c, map.lookup(7L, -1L));
                byte[] out = new byte[8];
                assertEquals(0, map.programLookup(le64(7), out));
                assertEquals(10 + c, HashTestSupport.le64(out));
            }
        }
    }

    @Test
    @DisplayName("programUpdate (byte[]) on a new key writes one slot and zeroes the others")
    void programUpdateBytesOfNewKeyWritesOnlyItsCpusSlot() {
        HashTable map = map(ReplaceProtocol.KERNEL, 4);
        try (LogicalCpu.Binding ignored = LogicalCpu.bind(3)) {
            assertEquals(0, map.programUpdate(le64(7), le64(55), UpdateFlags.ANY));
        }
        assertArrayEquals(new long[] {0, 0, 0, 55}, syscallSlots(map, 7));
    }

    @Test
    @DisplayName("L-14 pcpu_map_init: a reused element does not leak stale values into other CPUs' slots")
    void reusedElementDoesNotLeakStaleSlots() {
        HashTable map = map(ReplaceProtocol.KERNEL, 1); // one element: the program insert must reuse it
        assertEquals(0, map.update(le64(1), perCpu(N, c -> 0xdeadbeefL), UpdateFlags.ANY));
        assertEquals(0, HashTestSupport.delete(map, 1));
        try (LogicalCpu.Binding ignored = LogicalCpu.bind(1)) {
            assertEquals(0, map.update(1L, 0x1234L, UpdateFlags.ANY));
        }
        assertArrayEquals(new long[] {0, 0x1234, 0, 0}, syscallSlots(map, 1));
    }

    @Test
    @DisplayName("L-13 lookup_and_delete on PERCPU_HASH after a program insert: exactly one slot holds the value")
    void lookupAndDeleteAfterProgramInsertReturnsOneNonZeroSlot() {
        HashTable map = map(ReplaceProtocol.KERNEL, 2);
        try (LogicalCpu.Binding ignored = LogicalCpu.bind(2)) {
            assertEquals(0, map.update(3L, 4321L, UpdateFlags.NOEXIST));
        }
        long[] out = new long[N];
        assertEquals(0, map.lookupAndDelete(3L, out));
        assertArrayEquals(new long[] {0, 0, 4321, 0}, out);
        assertEquals(-Errno.ENOENT, HashTestSupport.lookupCode(map, 3));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ReplaceProtocol.class)
    @DisplayName("a present key of a full PERCPU_HASH is updated in place (no spare element needed)")
    void fullMapUpdatesPresentKeysInPlace(ReplaceProtocol p) {
        HashTable map = map(p, 2);
        map.update(le64(1), perCpu(N, c -> 1), UpdateFlags.NOEXIST);
        map.update(le64(2), perCpu(N, c -> 2), UpdateFlags.NOEXIST);
        assertEquals(0, map.spareElements());
        assertEquals(0, map.freeElements());
        assertEquals(0, map.update(le64(1), perCpu(N, c -> 5), UpdateFlags.EXIST));
        try (LogicalCpu.Binding ignored = LogicalCpu.bind(0)) {
            assertEquals(0, map.update(2L, 6L, UpdateFlags.ANY));
        }
        assertEquals(-Errno.E2BIG, map.update(le64(3), perCpu(N, c -> 3), UpdateFlags.ANY));
        assertArrayEquals(new long[] {5, 5, 5, 5}, syscallSlots(map, 1));
        assertArrayEquals(new long[] {6, 2, 2, 2}, syscallSlots(map, 2));
    }

    @Test
    @DisplayName("the kernel protocol updates per-CPU values in place: a replaced key keeps its bucket position")
    void kernelProtocolReplaceKeepsThePositionOfAPerCpuKey() {
        HashTable map = map(ReplaceProtocol.KERNEL, 8);
        long[] same = HashTestSupport.sameBucketKeys(map, 2, 100);
        map.update(le64(same[0]), perCpu(N, c -> 1), UpdateFlags.NOEXIST);
        map.update(le64(same[1]), perCpu(N, c -> 1), UpdateFlags.NOEXIST);
        List<Long> before = HashTestSupport.iterationOrder(map);
        assertEquals(0, map.update(le64(same[0]), perCpu(N, c -> 2), UpdateFlags.ANY));
        assertEquals(before, HashTestSupport.iterationOrder(map));
    }

    @Test
    @DisplayName("the syscall value of a per-CPU map is N slots of round_up(value_size, 8) bytes")
    void syscallValueIsNSlotsOfRoundedValueSize() {
        for (int valueSize : new int[] {1, 4, 8, 9, 24}) {
            MapSpec spec = MapSpec.builder(MapType.PERCPU_HASH).valueSize(valueSize).maxEntries(2).cpus(3).build();
            assertEquals(3 * ((valueSize + 7) / 8 * 8), spec.syscallValueSize(), "value size " + valueSize);
        }
    }

    @Test
    @DisplayName("value_size 12: each CPU's 16-byte slot, padding included, round-trips through the syscall")
    void valueSize12SlotsRoundTripWithPadding() {
        HashTable map = HashTable.kernel(MapSpec.builder(MapType.PERCPU_HASH).keySize(4).valueSize(12).maxEntries(2).cpus(N).build());
        byte[] value = HashMapSelftestsTest.pattern(16 * N, 5);
        assertEquals(0, map.update(HashTestSupport.le32(9), value, UpdateFlags.ANY));
        byte[] out = new byte[16 * N];
        assertEquals(0, map.lookup(HashTestSupport.le32(9), out));
        assertArrayEquals(value, out);
    }

    @Test
    @DisplayName("a syscall value buffer of one slot instead of N is misuse")
    void aValueOfOneSlotIsMisuse() {
        HashTable map = map(ReplaceProtocol.KERNEL, 2);
        assertThrows(IllegalArgumentException.class, () -> map.update(le64(1), new byte[8], UpdateFlags.ANY));
        assertThrows(IllegalArgumentException.class, () -> map.lookup(le64(1), new byte[8]));
    }

    @Test
    @DisplayName("a thread bound to a CPU id the map was not built for is refused")
    void aThreadBoundBeyondTheMapsCpusIsRefused() {
        HashTable map = map(ReplaceProtocol.KERNEL, 2);
        try (LogicalCpu.Binding ignored = LogicalCpu.bind(N)) {
            assertThrows(IllegalStateException.class, () -> map.update(1L, 1L, UpdateFlags.ANY));
        }
        assertEquals(0, map.size());
    }
}
