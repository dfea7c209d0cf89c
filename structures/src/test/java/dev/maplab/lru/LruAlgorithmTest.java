package dev.maplab.lru;

import static dev.maplab.lru.LruTestSupport.keysOn;
import static dev.maplab.lru.LruTestSupport.map;
import static dev.maplab.lru.LruTestSupport.range;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.api.Errno;
import dev.maplab.api.MapFlags;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import dev.maplab.cpu.LogicalCpu;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The algorithm facts the selftests' expected results depend on, {@code kernel-selftests.md} §1.A LA-1 ..
 * LA-9, checked on the lists themselves; and the map's invariants under a long random sequence.
 */
class LruAlgorithmTest {
    private LogicalCpu.Binding pinned;

    @BeforeEach
    void pinToCpu0() {
        pinned = LogicalCpu.bind(0);
    }

    @AfterEach
    void unpin() {
        pinned.close();
    }

    @Test
    @DisplayName("LA-1: LOCAL_FREE_TARGET = LOCAL_NR_SCANS = 128, PERCPU_FREE_TARGET = PERCPU_NR_SCANS = 4")
    void constants() {
        assertEquals(128, BpfLru.LOCAL_FREE_TARGET);
        assertEquals(128, BpfLru.LOCAL_NR_SCANS);
        assertEquals(4, BpfLru.PERCPU_FREE_TARGET);
        assertEquals(4, BpfLru.PERCPU_NR_SCANS);
        assertEquals(128, map(MapType.LRU_HASH, false, 4096, 2).lru().nrScans());
        assertEquals(4, map(MapType.LRU_HASH, true, 4096, 2).lru().nrScans());
    }

    @Test
    @DisplayName("LA-2: target_free = clamp((max_entries / N) / 2, 1, 128): 2 entries -> 1, 256 entries at N=4 -> 32, large -> 128")
    void targetFreeFormula() {
        for (int n : new int[] {1, 2, 4, 8, 64}) {
            assertEquals(1, BpfLru.targetFree(2, n));
        }
        assertEquals(32, BpfLru.targetFree(256, 4));
        assertEquals(42, BpfLru.targetFree(256, 3));
        assertEquals(128, BpfLru.targetFree(1 << 20, 8));
        assertEquals(32, map(MapType.LRU_HASH, false, 256, 4).lru().targetFree());
    }

    @Test
    @DisplayName("LA-3: NO_COMMON_LRU rounds max_entries up to a multiple of N; each CPU owns max_entries/N nodes and evicts its own")
    void perCpuSlicesAndNoStealing() {
        LruHashTable m = map(MapType.LRU_HASH, true, 10, 4);
        assertEquals(12, m.spec().maxEntries());
        for (int c = 0; c < 4; c++) {
            assertEquals(3, m.lru().listNodes(c, BpfLru.FREE).length);
        }
        List<Long> evicted = new ArrayList<>();
        m.setEvictionListener((e, k) -> evicted.add(k));
        for (long k = 1; k <= 4; k++) {
            assertEquals(0, m.update(k, k, UpdateFlags.NOEXIST));
        }
        // CPU 0's fourth key: its free list is empty, so it shrinks by up to 4 (all 3 of its keys), although
        // the other CPUs hold 9 free nodes.
        assertEquals(List.of(1L, 2L, 3L), evicted);
        assertEquals(1, m.size());
        assertEquals(11, m.freeElements());
    }

    @Test
    @DisplayName("LA-4: LRU_HASH acquires (and may evict) before the flags: a failing NOEXIST on a full map still evicts")
    void failedUpdateStillEvicts() {
        LruHashTable m = map(MapType.LRU_HASH, false, 4, 1);
        for (long k = 1; k <= 4; k++) {
            m.update(k, k, UpdateFlags.NOEXIST);
        }
        List<Long> evicted = new ArrayList<>();
        m.setEvictionListener((e, k) -> evicted.add(k));
        assertEquals(-Errno.EEXIST, m.update(4, 0, UpdateFlags.NOEXIST));
        assertFalse(evicted.isEmpty(), "the eviction done by the acquisition stands");
        assertEquals(4 - evicted.size(), m.size());
        assertNull(m.checkInvariants());
    }

    @Test
    @DisplayName("LA-4: updating an existing key in a full LRU_HASH evicts an unrelated key (the unmerged 2026 fix is not modelled)")
    void replacingInAFullMapEvicts() {
        LruHashTable m = map(MapType.LRU_HASH, false, 4, 1);
        for (long k = 1; k <= 4; k++) {
            m.update(k, k, UpdateFlags.NOEXIST);
        }
        List<Long> evicted = new ArrayList<>();
        m.setEvictionListener((e, k) -> evicted.add(k));
        assertEquals(0, m.update(4, 40, UpdateFlags.EXIST));
        assertFalse(evicted.isEmpty());
        assertFalse(evicted.contains(4L));
        assertEquals(40, m.lookupWithoutRef(4, -1));
    }

    @Test
    @DisplayName("LA-4: LRU_PERCPU_HASH with BPF_EXIST takes no node: never evicts, updates in place and sets the ref bit")
    void percpuExistTakesNoNode() {
        LruHashTable m = map(MapType.LRU_PERCPU_HASH, false, 4, 2);
        for (long k = 1; k <= 4; k++) {
            m.update(k, k, UpdateFlags.NOEXIST);
        }
        List<Long> evicted = new ArrayList<>();
        m.setEvictionListener((e, k) -> evicted.add(k));
        int before = m.elementOf(2);
        assertFalse(m.lru().isRef(before));
        assertEquals(0, m.update(2, 20, UpdateFlags.EXIST));
        assertEquals(-Errno.ENOENT, m.update(9, 90, UpdateFlags.EXIST));
        assertTrue(evicted.isEmpty());
        assertEquals(before, m.elementOf(2), "in place: same element");
        assertTrue(m.lru().isRef(before));
        assertEquals(20, m.lookupWithoutRef(2, -1));
    }

    @Test
    @DisplayName("LA-4: LRU_HASH replace links a new node with its ref bit set and frees the old one")
    void replaceSetsTheNewNodesRef() {
        LruHashTable m = map(MapType.LRU_HASH, false, 64, 1);
        m.update(1, 1, UpdateFlags.NOEXIST);
        int old = m.elementOf(1);
        assertEquals(0, m.update(1, 2, UpdateFlags.ANY));
        int now = m.elementOf(1);
        assertTrue(now != old);
        assertTrue(m.lru().isRef(now));
        assertEquals(BpfLru.LOCAL_FREE, m.lru().typeOf(old), "the old node was pending: back to this CPU's local free list");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MapType.class, names = {"LRU_HASH", "LRU_PERCPU_HASH"})
    @DisplayName("LA-5: only program-style lookups set the ref bit; syscall lookup, get_next_key and batches do not")
    void refBitSources(MapType type) {
        LruHashTable m = map(type, false, 64, 2);
        m.update(1, 1, UpdateFlags.NOEXIST);
        m.update(2, 2, UpdateFlags.NOEXIST);
        int e = m.elementOf(1);
        byte[] v = new byte[m.spec().syscallValueSize()];
        assertEquals(0, m.lookup(LruSelftests.key(1), v));
        assertEquals(1, m.lookupWithoutRef(1, -1));
        assertTrue(m.containsKey(1));
        byte[] next = new byte[8];
        assertEquals(0, m.getNextKey(null, next));
        m.getNextKey(LruSelftests.key(1), next);
        m.lookupBatch(null, 64);
        assertFalse(m.lru().isRef(e), "syscall-style reads leave the ref bit alone");
        assertEquals(1, m.lookup(1, -1));
        assertTrue(m.lru().isRef(e), "lookup(long, long) is program-style");
        int e2 = m.elementOf(2);
        byte[] slot = new byte[8];
        assertEquals(0, m.programLookup(LruSelftests.key(2), slot));
        assertTrue(m.lru().isRef(e2));
    }

    @Test
    @DisplayName("LA-6: a refill flushes pending nodes oldest first (referenced to active, others to inactive) and takes target_free free nodes")
    void refillFlushesPendingAndTakesTargetFree() {
        LruHashTable m = map(MapType.LRU_HASH, false, 256, 2); // target_free 64
        assertEquals(64, m.lru().targetFree());
        m.update(1, 1, UpdateFlags.NOEXIST);
        assertEquals(63, m.lru().listNodes(0, BpfLru.LOCAL_FREE).length);
        assertEquals(192, m.lru().listNodes(0, BpfLru.FREE).length);
        for (long k = 2; k <= 64; k++) {
            m.update(k, k, UpdateFlags.NOEXIST);
        }
        assertEquals(range(64, 1), keysOn(m, 0, BpfLru.LOCAL_PENDING), "pending, newest first");
        for (long k = 1; k <= 10; k++) {
            m.lookup(k, -1);
        }
        m.update(65, 65, UpdateFlags.NOEXIST); // refill: flush 1..64, rotate, take 64
        assertEquals(range(10, 1), keysOn(m, 0, BpfLru.ACTIVE));
        assertEquals(range(64, 11), keysOn(m, 0, BpfLru.INACTIVE));
        assertEquals(List.of(65L), keysOn(m, 0, BpfLru.LOCAL_PENDING));
        assertEquals(10, m.lru().count(0, BpfLru.ACTIVE));
        assertEquals(54, m.lru().count(0, BpfLru.INACTIVE));
        assertEquals(128, m.lru().listNodes(0, BpfLru.FREE).length);
        assertNull(m.checkInvariants());
    }

    @Test
    @DisplayName("LA-6: when the shrink frees nothing, force-shrink evicts exactly one node, ignoring ref bits (here not the least recent key)")
    void forceShrinkEvictsExactlyOne() {
        LruHashTable m = map(MapType.LRU_HASH, false, 4, 1); // target_free 2
        for (long k = 1; k <= 4; k++) {
            m.update(k, k, UpdateFlags.NOEXIST);
        }
        for (long k = 1; k <= 4; k++) {
            m.lookup(k, -1);
        }
        List<Long> evicted = new ArrayList<>();
        m.setEvictionListener((e, k) -> evicted.add(k));
        assertEquals(0, m.update(5, 5, UpdateFlags.NOEXIST));
        // All four are referenced: flush puts 3, 4 on active, rotation moves 1, 2 there too (active = 2, 1, 4, 3);
        // the inactive list is empty, so the force shrink takes the active tail: key 3, not key 1.
        assertEquals(List.of(3L), evicted);
    }

    @Test
    @DisplayName("LA-6: a CPU with nothing local and an empty global LRU steals another CPU's local free node (no eviction)")
    void stealsFromAnotherCpusLocalFreeList() {
        LruHashTable m = map(MapType.LRU_HASH, false, 2, 3); // target_free 1
        List<Long> evicted = new ArrayList<>();
        m.setEvictionListener((e, k) -> evicted.add(k));
        assertEquals(0, m.update(1, 1, UpdateFlags.NOEXIST)); // CPU 0
        assertEquals(0, m.delete(1)); // back to CPU 0's local free list
        try (LogicalCpu.Binding b = LogicalCpu.bind(1)) {
            assertEquals(0, m.update(2, 2, UpdateFlags.NOEXIST)); // takes the last global free node
        }
        try (LogicalCpu.Binding b = LogicalCpu.bind(2)) {
            assertEquals(0, m.update(3, 3, UpdateFlags.NOEXIST)); // steals CPU 0's free node
            assertEquals(List.of(3L), keysOn(m, 2, BpfLru.LOCAL_PENDING));
        }
        assertTrue(evicted.isEmpty());
        assertEquals(0, m.lru().listNodes(0, BpfLru.LOCAL_FREE).length);
        assertNull(m.checkInvariants());
    }

    @Test
    @DisplayName("LA-7: per-CPU LRU: a node goes straight to the inactive list; an empty free list is refilled by shrinking 4")
    void perCpuShrinksFourAtATime() {
        LruHashTable m = map(MapType.LRU_HASH, true, 8, 1);
        for (long k = 1; k <= 8; k++) {
            m.update(k, k, UpdateFlags.NOEXIST);
        }
        assertEquals(range(8, 1), keysOn(m, 0, BpfLru.INACTIVE));
        List<Long> evicted = new ArrayList<>();
        m.setEvictionListener((e, k) -> evicted.add(k));
        m.update(9, 9, UpdateFlags.NOEXIST);
        assertEquals(List.of(1L, 2L, 3L, 4L), evicted, "one insert evicts 4");
        assertEquals(3, m.freeElements());
        assertEquals(5, m.size());
    }

    @Test
    @DisplayName("LA-8: a freed pending node returns to its owner CPU's local free list, even when freed from another CPU")
    void pendingNodeReturnsToItsOwner() {
        LruHashTable m = map(MapType.LRU_HASH, false, 256, 2);
        m.update(1, 1, UpdateFlags.NOEXIST);
        int e = m.elementOf(1);
        assertEquals(BpfLru.LOCAL_PENDING, m.lru().typeOf(e));
        try (LogicalCpu.Binding b = LogicalCpu.bind(1)) {
            assertEquals(0, m.delete(1));
        }
        assertEquals(BpfLru.LOCAL_FREE, m.lru().typeOf(e));
        int[] cpu0Free = m.lru().listNodes(0, BpfLru.LOCAL_FREE);
        assertEquals(e, cpu0Free[0], "at the head of CPU 0's local free list");
        assertEquals(0, m.lru().listNodes(1, BpfLru.LOCAL_FREE).length);
        assertNull(m.checkInvariants());
    }

    @Test
    @DisplayName("LA-8: a freed active or inactive node goes to the global free list; per-CPU LRU: to its CPU's free list")
    void globalNodeReturnsToTheGlobalFreeList() {
        LruHashTable m = map(MapType.LRU_HASH, false, 4, 1); // target_free 2
        m.update(1, 1, UpdateFlags.NOEXIST);
        m.update(2, 2, UpdateFlags.NOEXIST);
        m.update(3, 3, UpdateFlags.NOEXIST); // flushes 1, 2 to inactive
        int e = m.elementOf(1);
        assertEquals(BpfLru.INACTIVE, m.lru().typeOf(e));
        assertEquals(0, m.delete(1));
        assertEquals(BpfLru.FREE, m.lru().typeOf(e));

        LruHashTable p = map(MapType.LRU_HASH, true, 8, 2);
        p.update(1, 1, UpdateFlags.NOEXIST);
        int pe = p.elementOf(1);
        try (LogicalCpu.Binding b = LogicalCpu.bind(1)) {
            assertEquals(0, p.delete(1));
        }
        assertTrue(java.util.Arrays.stream(p.lru().listNodes(0, BpfLru.FREE)).anyMatch(x -> x == pe), "back on CPU 0's free list");
    }

    @Test
    @DisplayName("LA-9: 256 entries, N=3 (target_free 42): no eviction up to 252 keys; inserting key 253 evicts the oldest 38")
    void evictionsBeforeFull() {
        LruHashTable m = map(MapType.LRU_HASH, false, 256, 3);
        List<Long> evicted = new ArrayList<>();
        m.setEvictionListener((e, k) -> evicted.add(k));
        for (long k = 1; k <= 252; k++) {
            assertEquals(0, m.update(k, k, UpdateFlags.NOEXIST));
        }
        assertTrue(evicted.isEmpty());
        assertEquals(0, m.update(253, 253, UpdateFlags.NOEXIST));
        assertEquals(range(1, 38), evicted);
        assertEquals(215, m.size());
    }

    @Test
    @DisplayName("update flags: > BPF_EXIST (BPF_F_LOCK included) = -EINVAL before any node is acquired")
    void invalidFlags() {
        LruHashTable m = map(MapType.LRU_HASH, false, 2, 1);
        assertEquals(-Errno.EINVAL, m.update(1, 1, 3));
        assertEquals(-Errno.EINVAL, m.update(1, 1, UpdateFlags.F_LOCK));
        assertEquals(-Errno.EINVAL, m.update(1, 1, -1));
        assertEquals(0, m.elementCount());
        assertEquals(2, m.freeElements());
    }

    @Test
    @DisplayName("misuse: the long API on a map without 8-byte keys and values throws IllegalArgumentException")
    void longApiNeedsEightByteKeys() {
        LruHashTable m = LruHashTable.kernel(MapSpec.builder(MapType.LRU_HASH).keySize(4).valueSize(8).maxEntries(4).cpus(1).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.lookup(1, -1));
        assertTrue(e.getMessage().contains("keySize 8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LruHashTable(MapSpec.longs(MapType.HASH, 4, 1), dev.maplab.hash.ReplaceProtocol.KERNEL));
    }

    @ParameterizedTest(name = "{0}, NO_COMMON_LRU={1}, N={2}")
    @org.junit.jupiter.params.provider.CsvSource({"LRU_HASH,false,1", "LRU_HASH,false,4", "LRU_HASH,true,4",
        "LRU_PERCPU_HASH,false,2", "LRU_PERCPU_HASH,true,2"})
    @DisplayName("invariants after every operation of a random sequence on random CPUs; no key lost except by a recorded eviction")
    void invariantsUnderRandomOperations(MapType type, boolean noCommon, int cpus) {
        LruHashTable m = map(type, noCommon, 64, cpus);
        Map<Long, Long> model = new HashMap<>();
        m.setEvictionListener((e, k) -> model.remove(k));
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            long k = r.nextInt(160);
            int cpu = r.nextInt(cpus);
            try (LogicalCpu.Binding b = LogicalCpu.bind(cpu)) {
                int op = r.nextInt(10);
                if (op < 4) {
                    long flags = r.nextInt(3);
                    int res = m.update(k, i, flags);
                    if (res == 0) {
                        model.put(k, (long) i);
                    } else {
                        assertTrue(res == -Errno.EEXIST || res == -Errno.ENOENT, "update: " + res);
                    }
                } else if (op < 6) {
                    int res = m.delete(k);
                    assertEquals(model.remove(k) != null ? 0 : -Errno.ENOENT, res, "delete " + k);
                } else if (op < 9) {
                    Long want = model.get(k);
                    long got = m.lookup(k, -1);
                    if (type == MapType.LRU_PERCPU_HASH) {
                        // A program-style write sets this CPU's slot only: check presence (values are >= 0).
                        assertEquals(want != null, got != -1, "lookup " + k);
                    } else {
                        assertEquals(want == null ? -1L : want, got, "lookup " + k);
                    }
                } else {
                    long[] out = new long[cpus];
                    int res = m.lookupAndDelete(k, out);
                    assertEquals(model.remove(k) != null ? 0 : -Errno.ENOENT, res);
                }
            }
            if (i % 97 == 0) {
                assertNull(m.checkInvariants(), "after operation " + i);
                assertEquals(model.size(), m.size());
            }
        }
        assertNull(m.checkInvariants());
        assertEquals(model.size(), m.size());
        for (Map.Entry<Long, Long> e : model.entrySet()) {
            assertTrue(m.containsKey(e.getKey()), "key " + e.getKey() + " lost without a recorded eviction");
        }
        assertArrayEquals(new long[] {model.size()}, new long[] {m.elementCount()});
    }
}
