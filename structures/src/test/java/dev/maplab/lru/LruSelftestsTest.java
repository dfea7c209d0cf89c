package dev.maplab.lru;

import static dev.maplab.lru.LruSelftests.V;
import static dev.maplab.lru.LruSelftests.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.api.BatchResult;
import dev.maplab.api.Errno;
import dev.maplab.api.MapFlags;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import dev.maplab.cpu.LogicalCpu;
import dev.maplab.lru.LruSelftests.Case;
import dev.maplab.lru.LruSelftests.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The LRU cases of the kernel's selftests, {@code research/kernel-selftests.md} §1, L-01 .. L-16, on the
 * production {@link LruHashTable} (kernel replace order), new variant (sizes as functions of N), for 1, 2,
 * 4 and 8 logical CPUs. The steps live in {@link LruSelftests} so that {@link LruMutantsTest} runs the
 * same ones against the mutants.
 */
class LruSelftestsTest {
    static final int[] CPU_COUNTS = {1, 2, 4, 8};

    static Stream<Arguments> everyCaseAndCpuCount() {
        List<Arguments> out = new ArrayList<>();
        for (int n : CPU_COUNTS) {
            for (Object[] m : LruSelftests.matrix()) {
                out.add(Arguments.of(m[0], m[1], n));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} N={2}")
    @MethodSource("everyCaseAndCpuCount")
    @DisplayName("L-01..L-09 (sanity0..sanity8), new variant: every step and the survivors match the kernel")
    void selftestCasePasses(Case c, Config config, int n) {
        LruSelftests.run(c, config, n, LruHashTable::kernel);
    }

    @ParameterizedTest(name = "{0} {1} N={2}")
    @MethodSource("everyCaseAndCpuCount")
    @DisplayName("L-01..L-09 with the linearizable replace variant: the same results")
    void selftestCasePassesWithInPlaceReplace(Case c, Config config, int n) {
        LruSelftests.run(c, config, n, LruHashTable::linearizable);
    }

    @Nested
    class L04Fragility {
        @ParameterizedTest(name = "N={0}")
        @ValueSource(ints = {3, 5, 6, 7, 9, 12, 14, 17, 25, 33, 42})
        @DisplayName("L-04 at these N: the fill itself evicts key 1, so the first prog-lookup fails (as on a kernel)")
        void sanity3FailsAtItsFirstProgLookup(int n) {
            for (Config c : List.of(Config.LRU_HASH, Config.LRU_PERCPU_HASH)) {
                AssertionError e = assertThrows(AssertionError.class, () -> LruSelftests.run(Case.L04_SANITY3, c, n, LruHashTable::kernel));
                assertTrue(e.getMessage().contains("prog-lookup(1) = -ENOENT"), e.getMessage());
                assertTrue(256 % BpfLru.targetFree(256, n) != 0, "target_free " + BpfLru.targetFree(256, n));
            }
        }

        @ParameterizedTest(name = "N={0}")
        @ValueSource(ints = {15, 16, 26, 32, 43, 64, 128})
        @DisplayName("L-04 at these N (256 a multiple of target_free): it passes")
        void sanity3PassesWhereTargetFreeDivides256(int n) {
            LruSelftests.run(Case.L04_SANITY3, Config.LRU_HASH, n, LruHashTable::kernel);
        }
    }

    @Nested
    class CpuDependence {
        @Test
        @DisplayName("L-11: target_free of sanity3's 256-entry map is 128, 64, 32, 16, 8 for N = 1, 2, 4, 8, 16")
        void sanity3TargetFreeTable() {
            int[] n = {1, 2, 4, 8, 16};
            int[] expected = {128, 64, 32, 16, 8};
            for (int i = 0; i < n.length; i++) {
                LruHashTable m = LruHashTable.kernel(MapSpec.longs(MapType.LRU_HASH, 256, n[i]));
                assertEquals(expected[i], m.lru().targetFree(), "N=" + n[i]);
            }
        }

        @Test
        @DisplayName("L-11: sanity1/sanity2 sizes 256N+64 keep target_free 128; sanity4 common size is 768N")
        void selftestSizes() {
            for (int n : CPU_COUNTS) {
                assertEquals(128, BpfLru.targetFree(256 * n + 64, n));
                assertEquals(768L * n, 3 * LruSelftests.mapSize(128, n));
            }
            assertEquals(320, 256 + 64);
        }

        @ParameterizedTest(name = "N={0}")
        @ValueSource(ints = {1, 2, 4, 8})
        @DisplayName("L-10: NO_COMMON_LRU sizes 2N, 12N, 8N give the pinned CPU 2, 12, 8 nodes")
        void perCpuSlices(int n) {
            for (int perCpu : new int[] {2, 12, 8}) {
                LruHashTable m = LruHashTable.kernel(MapSpec.builder(MapType.LRU_HASH).maxEntries((long) perCpu * n).cpus(n)
                        .flags(MapFlags.NO_COMMON_LRU).build());
                for (int c = 0; c < n; c++) {
                    assertEquals(perCpu, m.lru().listNodes(c, BpfLru.FREE).length, "CPU " + c);
                }
            }
        }
    }

    @Nested
    class OldSizesOnNewKernel {
        private SortedSet<Long> missing(LruHashTable m, long from, long to) {
            TreeSet<Long> s = new TreeSet<>();
            for (long k = from; k <= to; k++) {
                if (!m.containsKey(k)) {
                    s.add(k);
                }
            }
            return s;
        }

        @ParameterizedTest(name = "N={0}")
        @ValueSource(ints = {1, 2, 4, 8})
        @DisplayName("old sanity1 (size 192): keys 129..160 missing at N=1,2; 129..136 at N=4,8; 1..64 all kept")
        void oldSanity1(int n) {
            try (LogicalCpu.Binding b = LogicalCpu.bind(0)) {
                LruHashTable m = LruHashTable.kernel(MapSpec.longs(MapType.LRU_HASH, 192, n));
                for (long k = 1; k <= 128; k++) {
                    assertEquals(0, m.update(k, V, UpdateFlags.NOEXIST));
                }
                for (long k = 1; k <= 64; k++) {
                    assertEquals(V, m.lookup(k, -1));
                }
                for (long k = 129; k <= 256; k++) {
                    assertEquals(0, m.update(k, V, UpdateFlags.NOEXIST));
                }
                long last = n <= 2 ? 160 : 136;
                assertEquals(LruSelftests.ranges(new TreeSet<>(LruSelftests.keys(129, last).keySet())),
                        LruSelftests.ranges(missing(m, 129, 256)));
                assertEquals("{}", LruSelftests.ranges(missing(m, 1, 64)));
            }
        }

        @ParameterizedTest(name = "N={0}")
        @ValueSource(ints = {1, 2, 4, 8})
        @DisplayName("old sanity2 (size 192): LRU_HASH update(1, EXIST) = 0; LRU_PERCPU_HASH update(1, NOEXIST) = -EEXIST")
        void oldSanity2(int n) {
            try (LogicalCpu.Binding b = LogicalCpu.bind(0)) {
                LruHashTable h = LruHashTable.kernel(MapSpec.longs(MapType.LRU_HASH, 192, n));
                LruHashTable p = LruHashTable.kernel(MapSpec.longs(MapType.LRU_PERCPU_HASH, 192, n));
                for (long k = 1; k <= 128; k++) {
                    h.update(k, V, UpdateFlags.NOEXIST);
                    p.update(k, V, UpdateFlags.NOEXIST);
                }
                assertEquals(0, h.update(1, V, UpdateFlags.EXIST));
                assertEquals(-Errno.EEXIST, p.update(1, V, UpdateFlags.NOEXIST));
            }
        }

        @ParameterizedTest(name = "N={0}")
        @ValueSource(ints = {1, 2, 4, 8})
        @DisplayName("old sanity4 common (size 384): passes at N=1; 257..288 missing at N=2,4; 257..264 at N=8")
        void oldSanity4(int n) {
            try (LogicalCpu.Binding b = LogicalCpu.bind(0)) {
                LruHashTable m = LruHashTable.kernel(MapSpec.longs(MapType.LRU_HASH, 384, n));
                for (long k = 1; k <= 256; k++) {
                    m.update(k, V, UpdateFlags.NOEXIST);
                }
                for (long k = 1; k <= 128; k++) {
                    m.lookup(k, -1);
                }
                for (long k = 129; k <= 256; k++) {
                    assertEquals(0, m.delete(k));
                }
                for (long k = 257; k <= 512; k++) {
                    assertEquals(0, m.update(k, V, UpdateFlags.NOEXIST));
                }
                String expected = n == 1 ? "{}" : n == 8 ? "{257..264}" : "{257..288}";
                TreeSet<Long> miss = new TreeSet<>(missing(m, 1, 128));
                miss.addAll(missing(m, 257, 512));
                assertEquals(expected, LruSelftests.ranges(miss));
            }
        }
    }

    @Nested
    class L13LookupAndDelete {
        @ParameterizedTest(name = "N={0}, program on CPU {0}-1")
        @ValueSource(ints = {1, 2, 4, 8})
        @DisplayName("LRU_HASH max 2: a program's insert of 3 evicts 1; lookup_and_delete(3) = 4321; 1 and 3 absent")
        void lruHash(int n) {
            LruHashTable m = LruHashTable.kernel(MapSpec.longs(MapType.LRU_HASH, 2, n));
            try (LogicalCpu.Binding b = LogicalCpu.bind(0)) {
                assertEquals(0, m.update(1, V, UpdateFlags.NOEXIST));
                assertEquals(0, m.update(2, V, UpdateFlags.NOEXIST));
            }
            try (LogicalCpu.Binding b = LogicalCpu.bind(n - 1)) {
                assertEquals(0, m.programUpdate(key(3), le(4321), UpdateFlags.NOEXIST));
            }
            long[] out = new long[1];
            assertEquals(0, m.lookupAndDelete(3, out));
            assertEquals(4321, out[0]);
            assertTrue(!m.containsKey(3) && !m.containsKey(1), "keys 3 and 1 absent");
            assertTrue(m.containsKey(2));
            assertNull(m.checkInvariants());
        }

        @ParameterizedTest(name = "N={0}")
        @ValueSource(ints = {1, 2, 4, 8})
        @DisplayName("LRU_PERCPU_HASH: exactly the program's CPU slot of key 3 holds 4321, the others 0")
        void lruPercpuHash(int n) {
            LruHashTable m = LruHashTable.kernel(MapSpec.longs(MapType.LRU_PERCPU_HASH, 2, n));
            try (LogicalCpu.Binding b = LogicalCpu.bind(0)) {
                assertEquals(0, m.update(1, V, UpdateFlags.NOEXIST));
                assertEquals(0, m.update(2, V, UpdateFlags.NOEXIST));
            }
            int cpu = n - 1;
            try (LogicalCpu.Binding b = LogicalCpu.bind(cpu)) {
                assertEquals(0, m.programUpdate(key(3), le(4321), UpdateFlags.NOEXIST));
            }
            long[] out = new long[n];
            assertEquals(0, m.lookupAndDelete(3, out));
            for (int c = 0; c < n; c++) {
                assertEquals(c == cpu ? 4321 : 0, out[c], "slot " + c);
            }
            assertTrue(!m.containsKey(3) && !m.containsKey(1));
        }
    }

    @ParameterizedTest(name = "N={0}")
    @ValueSource(ints = {1, 2, 4, 8})
    @DisplayName("L-14 pcpu_lru_map_init: a program's insert into a reused element shows one CPU at 0x1234, the others 0")
    void l14ProgramInsertDoesNotLeakStaleSlots(int n) {
        LruHashTable m = LruHashTable.kernel(MapSpec.longs(MapType.LRU_PERCPU_HASH, 2, n));
        byte[] all = new byte[8 * n];
        for (int c = 0; c < n; c++) {
            LruSelftests.put(all, 8 * c, 0xdeadbeefL);
        }
        try (LogicalCpu.Binding b = LogicalCpu.bind(0)) {
            assertEquals(0, m.update(key(1), all, UpdateFlags.NOEXIST));
            assertEquals(0, m.update(key(2), all, UpdateFlags.NOEXIST));
        }
        int cpu = n - 1;
        try (LogicalCpu.Binding b = LogicalCpu.bind(cpu)) {
            assertEquals(0, m.programUpdate(key(3), le(0x1234), UpdateFlags.NOEXIST));
        }
        byte[] v = new byte[8 * n];
        assertEquals(0, m.lookup(key(3), v));
        for (int c = 0; c < n; c++) {
            assertEquals(c == cpu ? 0x1234 : 0, LruSelftests.get(v, 8 * c), "slot " + c);
        }
    }

    @Test
    @DisplayName("L-15 lru_bug: an element reused through update is rewritten in place (same element); special fields are not modelled")
    void l15ReuseThroughUpdateKeepsTheElement() {
        // The kernel fact is about kptrs in the value surviving reuse; maplab models no special fields
        // (BPF_F_LOCK answers -EINVAL). What is checked: a 1-entry LRU reuses its one element for the next
        // key and the value is exactly what the update wrote (16-byte value, all of it).
        MapSpec spec = MapSpec.builder(MapType.LRU_HASH).keySize(8).valueSize(16).maxEntries(1).cpus(2).build();
        LruHashTable m = LruHashTable.kernel(spec);
        try (LogicalCpu.Binding b = LogicalCpu.bind(0)) {
            byte[] v1 = new byte[16];
            java.util.Arrays.fill(v1, (byte) 0x11);
            byte[] v2 = new byte[16];
            java.util.Arrays.fill(v2, (byte) 0x22);
            assertEquals(0, m.update(key(1), v1, UpdateFlags.ANY));
            assertEquals(-Errno.EINVAL, m.update(key(1), v1, UpdateFlags.F_LOCK));
            assertEquals(1, m.arenaSize(), "one element in all: the next key must reuse it");
            assertEquals(0, m.update(key(2), v2, UpdateFlags.ANY));
            assertEquals(1, m.size());
            byte[] out = new byte[16];
            assertEquals(0, m.lookup(key(2), out));
            assertEquals(java.util.Arrays.toString(v2), java.util.Arrays.toString(out));
            assertEquals(-Errno.ENOENT, m.lookup(key(1), out));
        }
    }

    static Stream<Arguments> l16Configurations() {
        List<Arguments> out = new ArrayList<>();
        for (MapType t : List.of(MapType.LRU_HASH, MapType.LRU_PERCPU_HASH)) {
            for (boolean noCommon : new boolean[] {false, true}) {
                out.add(Arguments.of(t, noCommon));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} NO_COMMON_LRU={1}")
    @MethodSource("l16Configurations")
    @DisplayName("L-16 map_percpu_stats: 8 threads upsert 0..15871 into 16384 entries; element count = get_next_key count; deletes bring both to 0")
    void l16ElementCountEqualsIterationCount(MapType type, boolean noCommon) throws Exception {
        int n = 8;
        int keys = 16384 - 512;
        LruHashTable m = LruHashTable.kernel(MapSpec.builder(type).maxEntries(16384).cpus(n)
                .flags(noCommon ? MapFlags.NO_COMMON_LRU : 0).build());
        for (int round = 0; round < 2; round++) {
            upsertInParallel(m, n, keys);
            int walked = LruTestSupport.iterationCount(m);
            assertTrue(walked <= keys, "at most n keys: " + walked);
            assertEquals(walked, m.elementCount(), "element counter = get_next_key count");
            assertNull(m.checkInvariants());
            if (round == 0) {
                int i = 0;
                for (long k = 0; k < keys; k++) {
                    int r = (i++ & 1) == 0 ? m.delete(k) : m.lookupAndDelete(k, new long[n]);
                    assertTrue(r == 0 || r == -Errno.ENOENT, "delete: " + r);
                }
            } else {
                BatchResult br = m.lookupAndDeleteBatch(null, keys);
                assertEquals(walked, br.count(), "lookup_and_delete_batch returns every present key");
                assertTrue(br.result() == 0 || br.result() == -Errno.ENOENT, "batch result " + br.result());
            }
            assertEquals(0, LruTestSupport.iterationCount(m));
            assertEquals(0, m.elementCount());
            assertNull(m.checkInvariants());
        }
    }

    private static void upsertInParallel(LruHashTable m, int threads, int keys) throws Exception {
        List<Thread> ts = new ArrayList<>();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            int cpu = t;
            Thread th = new Thread(() -> {
                LogicalCpu.set(cpu);
                ThreadLocalRandom r = ThreadLocalRandom.current();
                for (long k = 0; k < keys; k++) {
                    int res = m.update(k, r.nextLong(), UpdateFlags.ANY);
                    if (res != 0) {
                        errors.add(new AssertionError("update(" + k + ", ANY) = " + Errno.describe(res)));
                        return;
                    }
                }
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            th.join();
        }
        assertTrue(errors.isEmpty(), errors.toString());
    }

    static byte[] le(long v) {
        byte[] b = new byte[8];
        LruSelftests.put(b, 0, v);
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MapType.class, names = {"LRU_HASH", "LRU_PERCPU_HASH"})
    @DisplayName("LA-3: BPF_F_NO_PREALLOC on an LRU map is refused at creation (kernel: -ENOTSUPP)")
    void noPreallocIsRefused(MapType type) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MapSpec.builder(type).maxEntries(8).flags(MapFlags.NO_PREALLOC).build());
        assertTrue(e.getMessage().contains("NO_PREALLOC"), e.getMessage());
    }
}
