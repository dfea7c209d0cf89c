package dev.maplab.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Creation validation of hash maps (kernel-selftests.md H-09; kernel-internals.md §1.2,
 * {@code htab_map_alloc_check} / {@code htab_map_alloc}): where the kernel fails {@code BPF_MAP_CREATE},
 * {@link MapSpec} raises {@link IllegalArgumentException} whose message names the parameter, the value
 * given and what is allowed (DESIGN.md, principle 5).
 */
@DisplayName("MapSpec creation validation (H-09)")
class MapSpecValidationTest {

    /** Asserts that building throws IllegalArgumentException whose message holds every fragment. */
    static IllegalArgumentException assertRejected(Executable build, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should mention '" + f + "'");
        }
        return e;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MapType.class, names = {"HASH", "PERCPU_HASH", "LRU_HASH", "LRU_PERCPU_HASH"})
    @DisplayName("H-09: key_size 0 is rejected (kernel -EINVAL), naming keySize, 0 and the minimum")
    void keySizeZeroIsRejected(MapType type) {
        assertRejected(() -> MapSpec.builder(type).keySize(0).maxEntries(2).build(), "keySize", "0", "at least 1", "EINVAL");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MapType.class, names = {"HASH", "PERCPU_HASH", "LRU_HASH", "LRU_PERCPU_HASH"})
    @DisplayName("H-09: value_size 0 is rejected (kernel -EINVAL), naming valueSize, 0 and the minimum")
    void valueSizeZeroIsRejected(MapType type) {
        assertRejected(() -> MapSpec.builder(type).valueSize(0).maxEntries(2).build(), "valueSize", "0", "at least 1", "EINVAL");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MapType.class, names = {"HASH", "PERCPU_HASH", "LRU_HASH", "LRU_PERCPU_HASH"})
    @DisplayName("H-09: max_entries 0 is rejected (kernel -EINVAL), naming maxEntries, 0 and the minimum")
    void maxEntriesZeroIsRejected(MapType type) {
        assertRejected(() -> MapSpec.builder(type).maxEntries(0).build(), "maxEntries", "0", "at least 1", "EINVAL");
    }

    @Test
    @DisplayName("negative sizes are rejected like zero")
    void negativeSizesAreRejected() {
        assertRejected(() -> MapSpec.builder(MapType.HASH).keySize(-4).maxEntries(2).build(), "keySize", "-4");
        assertRejected(() -> MapSpec.builder(MapType.HASH).valueSize(-8).maxEntries(2).build(), "valueSize", "-8");
        assertRejected(() -> MapSpec.builder(MapType.HASH).maxEntries(-1).build(), "maxEntries", "-1");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MapType.class, names = {"HASH", "PERCPU_HASH"})
    @DisplayName("H-09: BPF_F_NO_COMMON_LRU on a non-LRU hash is rejected (kernel -EINVAL)")
    void noCommonLruOnNonLruHashIsRejected(MapType type) {
        assertRejected(() -> MapSpec.builder(type).maxEntries(2).flags(MapFlags.NO_COMMON_LRU).build(),
                "mapFlags", "NO_COMMON_LRU", type.name(), "LRU", "EINVAL");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MapType.class, names = {"LRU_HASH", "LRU_PERCPU_HASH"})
    @DisplayName("H-09: an LRU map with BPF_F_NO_PREALLOC is rejected (kernel -ENOTSUPP)")
    void lruWithNoPreallocIsRejected(MapType type) {
        assertRejected(() -> MapSpec.builder(type).maxEntries(2).flags(MapFlags.NO_PREALLOC).build(),
                "mapFlags", "NO_PREALLOC", type.name(), "ENOTSUPP");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MapType.class, names = {"HASH", "PERCPU_HASH"})
    @DisplayName("BPF_F_NO_PREALLOC on HASH / PERCPU_HASH is not modelled: rejected, saying so")
    void noPreallocOnPlainHashIsRejectedAsNotModelled(MapType type) {
        assertRejected(() -> MapSpec.builder(type).maxEntries(2).flags(MapFlags.NO_PREALLOC).build(),
                "mapFlags", "NO_PREALLOC", "preallocated");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MapType.class, names = {"PERCPU_HASH", "LRU_PERCPU_HASH"})
    @DisplayName("H-09 / C-03: per-CPU value_size 32769 (round_up > 32768) is rejected (kernel -E2BIG)")
    void perCpuValueOverPcpuMinUnitSizeIsRejected(MapType type) {
        assertRejected(() -> MapSpec.builder(type).valueSize(32769).maxEntries(2).build(),
                "valueSize", "32769", "32768", "E2BIG");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MapType.class, names = {"PERCPU_HASH", "LRU_PERCPU_HASH"})
    @DisplayName("H-09: per-CPU value_size 32768 (= PCPU_MIN_UNIT_SIZE) is accepted")
    void perCpuValueOfPcpuMinUnitSizeIsAccepted(MapType type) {
        assertEquals(32768, MapSpec.builder(type).valueSize(32768).maxEntries(2).build().valueSize());
    }

    @Test
    @DisplayName("the per-CPU value limit does not apply to plain HASH")
    void plainHashTakesValuesOverPcpuMinUnitSize() {
        assertDoesNotThrow(() -> MapSpec.builder(MapType.HASH).valueSize(32769).maxEntries(2).build());
    }

    @Test
    @DisplayName("key_size + value_size far below KMALLOC_MAX_SIZE is accepted; above it is rejected (kernel -E2BIG)")
    void keyPlusValueAboveKmallocMaxSizeIsRejected() {
        assertDoesNotThrow(() -> MapSpec.builder(MapType.HASH).keySize(4112).valueSize(1 << 20).maxEntries(2).build());
        assertRejected(() -> MapSpec.builder(MapType.HASH).keySize(8).valueSize((1 << 22) - 7).maxEntries(2).build(),
                "keySize + valueSize", String.valueOf((1 << 22) + 1), "E2BIG");
    }

    @Test
    @DisplayName("key_size + value_size = KMALLOC_MAX_SIZE is rejected (kernel: >= KMALLOC_MAX_SIZE - sizeof(htab_elem) is -E2BIG)")
    void keyPlusValueOfExactlyKmallocMaxSizeIsRejected() {
        assertRejected(() -> MapSpec.builder(MapType.HASH).keySize(8).valueSize((1 << 22) - 8).maxEntries(2).build(),
                "keySize + valueSize", "E2BIG");
    }

    @Test
    @DisplayName("max_entries over 2^31 is rejected (kernel -E2BIG)")
    void maxEntriesOver2Pow31IsRejected() {
        assertRejected(() -> MapSpec.builder(MapType.HASH).maxEntries((1L << 31) + 1).build(),
                "maxEntries", String.valueOf((1L << 31) + 1), "2^31", "E2BIG");
    }

    @Test
    @DisplayName("max_entries over maplab's arena limit 2^28 is rejected, saying it is maplab's limit")
    void maxEntriesOverArenaLimitIsRejected() {
        assertRejected(() -> MapSpec.builder(MapType.HASH).maxEntries((1L << 28) + 1).build(),
                "maxEntries", String.valueOf((1L << 28) + 1), "2^28", "maplab");
        assertEquals(1 << 28, MapSpec.builder(MapType.HASH).maxEntries(1L << 28).build().maxEntries());
    }

    @Test
    @DisplayName("unknown map flag bits are rejected (kernel -EINVAL), naming the bits and the allowed flags")
    void unknownMapFlagsAreRejected() {
        assertRejected(() -> MapSpec.builder(MapType.HASH).maxEntries(2).flags(1 << 12).build(),
                "mapFlags", "0x1000", "ZERO_SEED", "EINVAL");
    }

    @Test
    @DisplayName("RDONLY together with WRONLY is rejected (kernel -EINVAL)")
    void readOnlyAndWriteOnlyTogetherAreRejected() {
        assertRejected(() -> MapSpec.builder(MapType.HASH).maxEntries(2).flags(MapFlags.RDONLY | MapFlags.WRONLY).build(),
                "mapFlags", "RDONLY|WRONLY", "EINVAL");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MapType.class, names = {"PERCPU_HASH", "LRU_PERCPU_HASH"})
    @DisplayName("NUMA_NODE with per-CPU values is rejected (kernel -EINVAL)")
    void numaNodeWithPerCpuValuesIsRejected(MapType type) {
        assertRejected(() -> MapSpec.builder(type).maxEntries(2).flags(MapFlags.NUMA_NODE).build(),
                "mapFlags", "NUMA_NODE", type.name(), "EINVAL");
    }

    @Test
    @DisplayName("the accepted hash flags build: ZERO_SEED, RDONLY, WRONLY, NUMA_NODE on HASH")
    void acceptedFlagsBuild() {
        for (int f : new int[] {MapFlags.ZERO_SEED, MapFlags.RDONLY, MapFlags.WRONLY, MapFlags.NUMA_NODE}) {
            assertEquals(f, MapSpec.builder(MapType.HASH).maxEntries(2).flags(f).build().mapFlags());
        }
    }

    @Test
    @DisplayName("a CPU count outside 1..1024 is rejected")
    void cpuCountOutOfRangeIsRejected() {
        assertRejected(() -> MapSpec.builder(MapType.HASH).maxEntries(2).cpus(0).build(), "cpus", "0", "1024");
        assertRejected(() -> MapSpec.builder(MapType.HASH).maxEntries(2).cpus(1025).build(), "cpus", "1025", "1024");
    }

    @Test
    @DisplayName("a null type is rejected, listing the types")
    void nullTypeIsRejected() {
        assertRejected(() -> MapSpec.builder(null).build(), "type", "null", "HASH");
    }

    @Test
    @DisplayName("LRU with NO_COMMON_LRU rounds max_entries up to a multiple of the CPU count")
    void perCpuLruRoundsMaxEntriesUpToAMultipleOfCpus() {
        assertEquals(12, MapSpec.builder(MapType.LRU_HASH).maxEntries(10).cpus(4).flags(MapFlags.NO_COMMON_LRU).build().maxEntries());
        assertEquals(10, MapSpec.builder(MapType.LRU_HASH).maxEntries(10).cpus(4).build().maxEntries());
        assertEquals(10, MapSpec.builder(MapType.HASH).maxEntries(10).cpus(4).build().maxEntries());
    }

    @Test
    @DisplayName("the map flag values are the uapi's")
    void mapFlagValuesAreTheUapis() {
        assertEquals(1, MapFlags.NO_PREALLOC);
        assertEquals(2, MapFlags.NO_COMMON_LRU);
        assertEquals(4, MapFlags.NUMA_NODE);
        assertEquals(8, MapFlags.RDONLY);
        assertEquals(16, MapFlags.WRONLY);
        assertEquals(64, MapFlags.ZERO_SEED);
    }

    @Test
    @DisplayName("syscallValueSize: value_size for HASH, N x round_up(value_size, 8) for PERCPU_HASH")
    void syscallValueSizeFollowsTheType() {
        assertEquals(12, MapSpec.builder(MapType.HASH).valueSize(12).maxEntries(2).cpus(3).build().syscallValueSize());
        assertEquals(48, MapSpec.builder(MapType.PERCPU_HASH).valueSize(12).maxEntries(2).cpus(3).build().syscallValueSize());
    }
}
