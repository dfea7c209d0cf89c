package dev.maplab.array;

import static dev.maplab.array.ArrayTestSupport.filled;
import static dev.maplab.array.ArrayTestSupport.key;
import static dev.maplab.array.ArrayTestSupport.le64;
import static dev.maplab.array.ArrayTestSupport.longs;
import static dev.maplab.array.ArrayTestSupport.perCpu;
import static dev.maplab.array.ArrayTestSupport.slots;
import static dev.maplab.array.ArrayTestSupport.spec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.api.Errno;
import dev.maplab.api.MapFlags;
import dev.maplab.api.MapOperation;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import dev.maplab.cpu.LogicalCpu;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ARRAY and PERCPU_ARRAY beyond the selftests: creation rules ({@code array_map_alloc_check}), value
 * rounding, flag answers, the spin-lock option ({@code BPF_F_LOCK}), per-CPU slots, and the {@code long}
 * fast paths (kernel-internals.md §7).
 */
@DisplayName("ARRAY and PERCPU_ARRAY semantics")
class ArrayMapTest {
    static final int N = 4;

    @Nested
    @DisplayName("creation")
    class Creation {
        @ParameterizedTest(name = "keySize {0}")
        @ValueSource(ints = {1, 2, 8, 16})
        @DisplayName("a key size other than 4 is rejected (kernel: -EINVAL)")
        void keySizeOtherThanFourIsRejected(int keySize) {
            MapSpec s = MapSpec.builder(MapType.ARRAY).keySize(keySize).valueSize(8).maxEntries(4).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ArrayMap(s));
            assertTrue(e.getMessage().contains("keySize = " + keySize) && e.getMessage().contains("EINVAL"), e.getMessage());
        }

        @Test
        @DisplayName("other map types are rejected")
        void otherTypesAreRejected() {
            assertThrows(IllegalArgumentException.class, () -> new ArrayMap(MapSpec.longs(MapType.HASH, 4, 2)));
        }

        @Test
        @DisplayName("unknown map flags, RDONLY|WRONLY, NUMA_NODE or MMAPABLE on PERCPU_ARRAY are rejected")
        void badMapFlagsAreRejected() {
            assertThrows(IllegalArgumentException.class, () -> new ArrayMap(flagged(MapType.ARRAY, MapFlags.NO_PREALLOC)));
            assertThrows(IllegalArgumentException.class, () -> new ArrayMap(flagged(MapType.ARRAY, MapFlags.RDONLY | MapFlags.WRONLY)));
            assertThrows(IllegalArgumentException.class, () -> new ArrayMap(flagged(MapType.PERCPU_ARRAY, MapFlags.NUMA_NODE)));
            assertThrows(IllegalArgumentException.class, () -> new ArrayMap(flagged(MapType.PERCPU_ARRAY, ArrayMap.F_MMAPABLE)));
            assertThrows(IllegalArgumentException.class, () -> new ArrayMap(flagged(MapType.ARRAY, ArrayMap.F_PRESERVE_ELEMS)));
            new ArrayMap(flagged(MapType.ARRAY, ArrayMap.F_MMAPABLE | MapFlags.NUMA_NODE)); // accepted
        }

        @Test
        @DisplayName("a PERCPU_ARRAY value above PCPU_MIN_UNIT_SIZE is rejected (kernel: -E2BIG)")
        void oversizedPercpuValueIsRejected() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ArrayMap(spec(MapType.PERCPU_ARRAY, MapSpec.PCPU_MIN_UNIT_SIZE + 1, 2, 2)));
            assertTrue(e.getMessage().contains("E2BIG"), e.getMessage());
        }

        @Test
        @DisplayName("a PERCPU_ARRAY cannot have a spin lock in its value (kernel: -EOPNOTSUPP)")
        void percpuArrayWithSpinLockIsRejected() {
            assertThrows(IllegalArgumentException.class, () -> ArrayMap.withSpinLock(spec(MapType.PERCPU_ARRAY, 16, 2, 2)));
        }

        @Test
        @DisplayName("operations: the kernel's ops table (delete in it, lookup_and_delete and the delete batches not)")
        void operationsAreTheKernelsOpsTable() {
            assertEquals(EnumSet.of(MapOperation.LOOKUP, MapOperation.PROGRAM_LOOKUP, MapOperation.UPDATE, MapOperation.DELETE,
                    MapOperation.GET_NEXT_KEY, MapOperation.LOOKUP_BATCH, MapOperation.UPDATE_BATCH),
                    longs(MapType.ARRAY, 2, 2).operations());
        }

        private MapSpec flagged(MapType type, int flags) {
            return MapSpec.builder(type).keySize(4).valueSize(8).maxEntries(4).cpus(2).flags(flags).build();
        }
    }

    @Nested
    @DisplayName("values")
    class Values {
        @Test
        @DisplayName("ARRAY: a 12-byte value round-trips; the syscall copies value_size bytes")
        void oddValueSizeRoundTrips() {
            ArrayMap m = new ArrayMap(spec(MapType.ARRAY, 12, 4, 2));
            byte[] v = new byte[12];
            for (int i = 0; i < 12; i++) {
                v[i] = (byte) (i + 1);
            }
            assertEquals(0, m.update(key(3), v, UpdateFlags.ANY));
            byte[] out = new byte[12];
            assertEquals(0, m.lookup(key(3), out));
            assertArrayEquals(v, out);
            assertThrows(IllegalArgumentException.class, () -> m.lookup(key(3), new byte[16]), "value buffer of the wrong size");
        }

        @Test
        @DisplayName("PERCPU_ARRAY: values are rounded to 8 bytes per CPU (syscall N x round_up(value_size, 8))")
        void percpuValueIsRoundedToEightBytesPerCpu() {
            ArrayMap m = new ArrayMap(spec(MapType.PERCPU_ARRAY, 12, 4, N));
            assertEquals(16 * N, m.spec().syscallValueSize());
            byte[] v = new byte[16 * N];
            for (int c = 0; c < N; c++) {
                java.util.Arrays.fill(v, 16 * c, 16 * c + 12, (byte) (c + 1));
            }
            assertEquals(0, m.update(key(1), v, UpdateFlags.ANY));
            byte[] out = new byte[16 * N];
            assertEquals(0, m.lookup(key(1), out));
            assertArrayEquals(v, out);
            byte[] mine = new byte[16];
            try (LogicalCpu.Binding ignored = LogicalCpu.bind(2)) {
                assertEquals(0, m.programLookup(key(1), mine));
            }
            assertEquals(3, mine[0]);
            assertEquals(0, mine[12], "the padding of a slot is zero");
        }

        @Test
        @DisplayName("update flags: unknown bits and NOEXIST|EXIST -> EINVAL; checks come in the kernel's order")
        void updateFlagAnswers() {
            ArrayMap m = longs(MapType.ARRAY, 2, 2);
            assertEquals(-Errno.EINVAL, m.update(key(0), le64(1), -1));
            assertEquals(-Errno.EINVAL, m.update(key(0), le64(1), UpdateFlags.NOEXIST | UpdateFlags.EXIST));
            assertEquals(-Errno.EINVAL, m.update(key(7), le64(1), 8), "flags before range");
            assertEquals(-Errno.E2BIG, m.update(key(7), le64(1), UpdateFlags.NOEXIST), "range before NOEXIST");
            assertEquals(-Errno.E2BIG, m.update(-1, 1L, UpdateFlags.ANY), "index 2^32-1 (u32) is out of range");
            assertEquals(-Errno.E2BIG, m.programUpdate(key(7), le64(1), UpdateFlags.F_LOCK),
                    "a program's update checks the range before F_LOCK");
            assertEquals(-Errno.EINVAL, m.update(key(7), le64(1), UpdateFlags.F_LOCK),
                    "the syscall checks F_LOCK against the value first");
        }

        @Test
        @DisplayName("RDONLY: syscall updates and deletes -> EPERM; WRONLY: syscall lookups and get_next_key -> EPERM")
        void accessFlagsAnswerEperm() {
            ArrayMap ro = new ArrayMap(MapSpec.builder(MapType.ARRAY).keySize(4).valueSize(8).maxEntries(2).flags(MapFlags.RDONLY).build());
            assertEquals(-Errno.EPERM, ro.update(key(0), le64(1), UpdateFlags.ANY));
            assertEquals(-Errno.EPERM, ro.delete(key(0)));
            assertEquals(0, ro.lookup(key(0), new byte[8]));
            ArrayMap wo = new ArrayMap(MapSpec.builder(MapType.ARRAY).keySize(4).valueSize(8).maxEntries(2).flags(MapFlags.WRONLY).build());
            assertEquals(-Errno.EPERM, wo.lookup(key(0), new byte[8]));
            assertEquals(-Errno.EPERM, wo.getNextKey(null, new byte[4]));
            assertEquals(0, wo.update(key(0), le64(1), UpdateFlags.ANY));
        }
    }

    @Nested
    @DisplayName("BPF_F_LOCK")
    class SpinLockOption {
        @Test
        @DisplayName("without a spin lock in the value, F_LOCK lookups and updates -> EINVAL")
        void fLockWithoutSpinLockIsEinval() {
            ArrayMap m = new ArrayMap(spec(MapType.ARRAY, 16, 2, 2));
            assertFalse(m.hasSpinLock());
            assertEquals(-Errno.EINVAL, m.update(key(0), filled(16, 1), UpdateFlags.F_LOCK));
            assertEquals(-Errno.EINVAL, m.lookup(key(0), new byte[16], UpdateFlags.F_LOCK));
            assertEquals(-Errno.EINVAL, longs(MapType.ARRAY, 2, 2).update(0, 1L, UpdateFlags.F_LOCK), "long path too");
            assertEquals(-Errno.EINVAL, m.lookup(key(0), new byte[16], UpdateFlags.EXIST), "lookup flags other than F_LOCK");
        }

        @Test
        @DisplayName("with a spin lock: F_LOCK updates and lookups copy the whole value; NOEXIST still EEXIST")
        void fLockWithSpinLockCopiesUnderTheLock() {
            ArrayMap m = ArrayMap.withSpinLock(spec(MapType.ARRAY, 16, 2, 2));
            assertTrue(m.hasSpinLock());
            assertEquals(0, m.update(key(1), filled(16, 7), UpdateFlags.F_LOCK));
            assertEquals(0, m.update(key(1), filled(16, 8), UpdateFlags.F_LOCK | UpdateFlags.EXIST));
            assertEquals(-Errno.EEXIST, m.update(key(1), filled(16, 9), UpdateFlags.F_LOCK | UpdateFlags.NOEXIST));
            byte[] out = new byte[16];
            assertEquals(0, m.lookup(key(1), out, UpdateFlags.F_LOCK));
            assertArrayEquals(filled(16, 8), out);
            assertEquals(0, m.lookup(key(1), out, 0), "a plain lookup is still allowed");
            assertEquals(0, m.programUpdate(key(0), filled(16, 3), UpdateFlags.F_LOCK));
            assertEquals(0, m.lookupBatch(null, 2, UpdateFlags.F_LOCK).result());
        }
    }

    @Nested
    @DisplayName("per-CPU slots and the long paths")
    class PerCpu {
        @Test
        @DisplayName("a program update of a PERCPU_ARRAY element writes only its CPU's slot")
        void programUpdateWritesOnlyItsCpusSlot() {
            ArrayMap m = longs(MapType.PERCPU_ARRAY, 4, N);
            assertEquals(0, m.update(key(2), perCpu(N, c -> 10 + c), UpdateFlags.ANY));
            try (LogicalCpu.Binding ignored = LogicalCpu.bind(1)) {
                assertEquals(0, m.update(2, 99L, UpdateFlags.EXIST));
                assertEquals(99, m.lookup(2, -1L));
            }
            try (LogicalCpu.Binding ignored = LogicalCpu.bind(3)) {
                assertEquals(0, m.programUpdate(key(2), le64(77), UpdateFlags.ANY));
            }
            byte[] out = new byte[8 * N];
            assertEquals(0, m.lookup(key(2), out));
            assertArrayEquals(new long[] {10, 99, 12, 77}, slots(out));
            long[] all = new long[N];
            assertEquals(0, m.lookupAllCpus(2, all));
            assertArrayEquals(new long[] {10, 99, 12, 77}, all);
            assertEquals(12, m.lookupOnCpu(2, 2, -1));
            assertEquals(-1, m.lookupOnCpu(2, N, -1), "a CPU out of range is missing");
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = MapType.class, names = {"ARRAY", "PERCPU_ARRAY"})
        @DisplayName("long paths: out-of-range indices are missing (lookup), E2BIG (update), ENOENT (add)")
        void longPathsAnswerOutOfRange(MapType type) {
            ArrayMap m = longs(type, 4, N);
            assertEquals(-5, m.lookup(4, -5));
            assertEquals(-5, m.lookup(-1, -5), "a negative int is a large u32");
            assertEquals(-Errno.E2BIG, m.update(4, 1, UpdateFlags.ANY));
            assertEquals(-Errno.EEXIST, m.update(0, 1, UpdateFlags.NOEXIST));
            assertEquals(-Errno.ENOENT, m.add(4, 1));
            assertEquals(-Errno.ENOENT, m.atomicAdd(-1, 1));
            assertEquals(-Errno.ENOENT, m.lookupAllCpus(4, new long[N]));
            assertThrows(IllegalArgumentException.class, () -> new ArrayMap(spec(type, 16, 4, 2)).lookup(0, -1L),
                    "the long API needs 8-byte values");
        }

        @Test
        @DisplayName("atomicAdd on a shared ARRAY element from 4 threads counts every add")
        void atomicAddOnSharedElementIsExact() throws InterruptedException {
            ArrayMap m = longs(MapType.ARRAY, 4, 2);
            runThreads(4, 20_000, t -> m.atomicAdd(1, 1));
            assertEquals(80_000, m.lookup(1, -1L));
        }

        @Test
        @DisplayName("plain add on a PERCPU_ARRAY slot from threads on distinct CPUs counts every add in its own slot")
        void percpuAddFromDistinctCpusIsExactPerSlot() throws InterruptedException {
            ArrayMap m = longs(MapType.PERCPU_ARRAY, 4, N);
            runThreads(N, 20_000, t -> m.add(1, t + 1));
            long[] all = new long[N];
            assertEquals(0, m.lookupAllCpus(1, all));
            assertArrayEquals(new long[] {20_000, 40_000, 60_000, 80_000}, all);
        }

        /** {@code threads} threads, thread {@code t} bound to logical CPU {@code t}, each running {@code op} {@code times} times. */
        private void runThreads(int threads, int times, java.util.function.IntConsumer op) throws InterruptedException {
            CountDownLatch start = new CountDownLatch(1);
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                final int tt = t;
                ts[t] = new Thread(() -> {
                    LogicalCpu.set(tt);
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < times; i++) {
                        op.accept(tt);
                    }
                });
                ts[t].start();
            }
            start.countDown();
            for (Thread t : ts) {
                t.join();
            }
        }
    }
}
