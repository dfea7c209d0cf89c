package dev.maplab.kernel;

import static dev.maplab.kernel.KernelAssumptions.assumeBpf;
import static dev.maplab.kernel.KernelAssumptions.assumeTwoCpus;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.api.BatchResult;
import dev.maplab.api.Errno;
import dev.maplab.api.MapFlags;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import dev.maplab.cpu.LogicalCpu;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Round trips through the kernel client on the running kernel: the selftests' hash, per-CPU, array and queue
 * facts (research/kernel-selftests.md §2–§4), program-style lookups on a chosen CPU, batches, creation
 * failures that say why, and every fd closed. Skipped, with the reason, where bpf(2) is not available.
 */
class KernelMapTest {

    @AfterEach
    void restoreThread() {
        if (Bpf.loaded()) {
            KernelMap.unpin();
        }
        LogicalCpu.unbind();
    }

    static byte[] le(long v, int size) {
        byte[] b = new byte[size];
        KernelTrace.put(v, b, 0, size);
        return b;
    }

    static long get(byte[] b) {
        return KernelTrace.get(b, 0, b.length);
    }

    private static MapSpec spec(MapType type, int keySize, long maxEntries, int flags) {
        return MapSpec.builder(type).keySize(keySize).valueSize(8).maxEntries(maxEntries)
                .cpus(type.isPerCpu() ? KernelInfo.possibleCpus() : 1).flags(flags).build();
    }

    @Test
    void hashRoundTripsLikeTheSelftest() {
        assumeBpf();
        try (KernelMap m = KernelMap.create(spec(MapType.HASH, 8, 2, 0))) {
            byte[] v = new byte[8];
            assertEquals(0, m.update(le(1, 8), le(1234, 8), UpdateFlags.ANY));
            assertEquals(-Errno.EEXIST, m.update(le(1, 8), le(1, 8), UpdateFlags.NOEXIST));
            assertEquals(-Errno.EINVAL, m.update(le(1, 8), le(1, 8), -1));
            assertEquals(0, m.lookup(le(1, 8), v));
            assertEquals(1234, get(v));
            assertEquals(0, m.update(le(2, 8), le(1234, 8), UpdateFlags.ANY));
            assertEquals(0, m.lookupAndDelete(le(2, 8), v));
            assertEquals(1234, get(v));
            assertEquals(-Errno.ENOENT, m.lookup(le(2, 8), v));
            assertEquals(-Errno.ENOENT, m.update(le(2, 8), v, UpdateFlags.EXIST));
            assertEquals(0, m.update(le(2, 8), le(5, 8), UpdateFlags.NOEXIST));
            assertEquals(-Errno.E2BIG, m.update(le(0, 8), v, UpdateFlags.NOEXIST));
            assertEquals(0, m.update(le(1, 8), le(7, 8), UpdateFlags.EXIST), "a full map still replaces");
            assertEquals(-Errno.ENOENT, m.delete(le(0, 8)));
            byte[] first = new byte[8];
            byte[] second = new byte[8];
            assertEquals(0, m.getNextKey(null, first));
            byte[] again = new byte[8];
            assertEquals(0, m.getNextKey(le(0, 8), again), "an absent key restarts the walk");
            assertArrayEquals(first, again);
            assertEquals(0, m.getNextKey(first, second));
            assertEquals(-Errno.ENOENT, m.getNextKey(second, again));
            assertEquals(3, get(first) + get(second));
            assertEquals(0, m.delete(le(1, 8)));
            assertEquals(0, m.delete(le(2, 8)));
            assertEquals(-Errno.ENOENT, m.getNextKey(null, again));
        }
    }

    @Test
    void perCpuValuesAndProgramLookupsOnEachCpu() {
        assumeBpf();
        int n = KernelInfo.possibleCpus();
        try (KernelMap m = KernelMap.create(spec(MapType.PERCPU_HASH, 8, 4, 0))) {
            byte[] all = new byte[8 * n];
            for (int c = 0; c < n; c++) {
                KernelTrace.put(100 + c, all, 8 * c, 8);
            }
            assertEquals(0, m.update(le(1, 8), all, UpdateFlags.ANY));
            byte[] out = new byte[8 * n];
            assertEquals(0, m.lookup(le(1, 8), out));
            assertArrayEquals(all, out);
            int online = Runtime.getRuntime().availableProcessors();
            for (int c = 0; c < Math.min(n, online); c++) {
                LogicalCpu.set(c);
                byte[] slot = new byte[8];
                assertEquals(0, m.programLookup(le(1, 8), slot));
                assertEquals(100 + c, get(slot), "a program on CPU " + c + " sees that CPU's slot");
                assertEquals(c, Bpf.currentCpu(), "the thread follows its logical CPU");
            }
            assertEquals(-Errno.ENOENT, m.programLookup(le(9, 8), new byte[8]));
        }
    }

    @Test
    void programLookupOnPlainHashAndArray() {
        assumeBpf();
        try (KernelMap h = KernelMap.create(spec(MapType.HASH, 8, 8, MapFlags.ZERO_SEED));
             KernelMap a = KernelMap.create(spec(MapType.ARRAY, 4, 4, 0))) {
            assertEquals(0, h.update(le(77, 8), le(-1L, 8), UpdateFlags.ANY));
            byte[] v = new byte[8];
            assertEquals(0, h.programLookup(le(77, 8), v));
            assertEquals(-1L, get(v));
            assertEquals(0, a.update(le(3, 4), le(42, 8), UpdateFlags.ANY));
            assertEquals(0, a.programLookup(le(3, 4), v));
            assertEquals(42, get(v));
            assertEquals(0, a.programLookup(le(0, 4), v));
            assertEquals(0, get(v), "array elements start zeroed");
            assertEquals(-Errno.ENOENT, a.programLookup(le(4, 4), v), "out of range");
            assertEquals(-Errno.EINVAL, a.delete(le(1, 4)));
            assertEquals(-Errno.EEXIST, a.update(le(1, 4), v, UpdateFlags.NOEXIST));
            assertEquals(-Errno.E2BIG, a.update(le(4, 4), v, UpdateFlags.ANY));
        }
    }

    @Test
    void queueAndStack() {
        assumeBpf();
        try (KernelMap q = KernelMap.create(spec(MapType.QUEUE, 0, 2, 0));
             KernelMap s = KernelMap.create(spec(MapType.STACK, 0, 2, 0))) {
            for (KernelMap m : List.of(q, s)) {
                byte[] v = new byte[8];
                assertEquals(-Errno.ENOENT, m.peek(v));
                assertEquals(0, m.push(le(1, 8), 0));
                assertEquals(0, m.push(le(2, 8), 0));
                assertEquals(-Errno.E2BIG, m.push(le(3, 8), 0));
                assertEquals(0, m.push(le(3, 8), UpdateFlags.EXIST), "EXIST drops the oldest");
                assertEquals(-Errno.EINVAL, m.push(le(3, 8), UpdateFlags.NOEXIST));
                assertEquals(0, m.pop(v));
                assertEquals(m == q ? 2 : 3, get(v));
                assertEquals(-Errno.EINVAL, m.delete(null));
                assertEquals(-Errno.EINVAL, m.getNextKey(null, new byte[0]));
            }
        }
    }

    @Test
    void batchesRoundTrip() {
        assumeBpf();
        try (KernelMap m = KernelMap.create(spec(MapType.HASH, 8, 64, 0))) {
            List<byte[]> keys = new ArrayList<>();
            List<byte[]> values = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                keys.add(le(i, 8));
                values.add(le(i * 10L, 8));
            }
            BatchResult up = m.updateBatch(keys, values, 0);
            assertEquals(0, up.result());
            assertEquals(40, up.count());
            int seen = 0;
            byte[] cursor = null;
            for (int guard = 0; guard < 100; guard++) {
                BatchResult r = m.lookupBatch(cursor, 16);
                for (int i = 0; i < r.count(); i++) {
                    assertEquals(get(r.keys().get(i)) * 10, get(r.values().get(i)));
                }
                seen += r.count();
                if (r.result() == -Errno.ENOENT) {
                    break;
                }
                assertEquals(0, r.result());
                cursor = r.outBatch();
            }
            assertEquals(40, seen);
            BatchResult del = m.deleteBatch(keys.subList(0, 10));
            assertEquals(0, del.result());
            assertEquals(10, del.count());
            BatchResult rest = m.lookupAndDeleteBatch(null, 64);
            assertEquals(-Errno.ENOENT, rest.result());
            assertEquals(30, rest.count());
            assertEquals(-Errno.ENOENT, m.getNextKey(null, new byte[8]));
            assertEquals(40, m.fillSequential(40));
        }
    }

    @Test
    void aRefusedCreationSaysWhy() {
        assumeBpf();
        // A ring buffer's size must be a power-of-2 multiple of the page size: the kernel says EINVAL.
        MapSpec bad = MapSpec.builder(MapType.RINGBUF).keySize(0).valueSize(1).maxEntries(3).cpus(1).build();
        BpfException e = assertThrows(BpfException.class, () -> KernelMap.create(bad));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("EINVAL") && e.getMessage().contains("kernel " + KernelInfo.release()),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KernelMap.create(MapSpec.builder(MapType.PERCPU_HASH)
                .keySize(8).valueSize(8).maxEntries(2).cpus(KernelInfo.possibleCpus() + 1).build()));
    }

    @Test
    void everyFdIsClosed() {
        assumeBpf();
        int before = KernelAssumptions.openBpfFds();
        assertTrue(before >= 0, "/proc/self/fd is unreadable");
        for (int i = 0; i < 20; i++) {
            try (KernelMap m = KernelMap.create(spec(MapType.LRU_HASH, 8, 16, 0))) {
                m.update(le(i, 8), le(i, 8), 0);
                m.programLookup(le(i, 8), new byte[8]); // a program and its argument array as well
            }
        }
        assertEquals(before, KernelAssumptions.openBpfFds(), "maps, argument arrays and programs are all closed");
        KernelMap m = KernelMap.create(spec(MapType.HASH, 8, 2, 0));
        m.close();
        m.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> m.lookup(le(1, 8), new byte[8]));
    }

    @Test
    void pinningFollowsTheLogicalCpu() {
        assumeTwoCpus();
        byte[] before = Bpf.affinity();
        KernelMap.pin(1);
        assertEquals(1, Bpf.currentCpu());
        KernelMap.pin(0);
        assertEquals(0, Bpf.currentCpu());
        KernelMap.unpin();
        assertArrayEquals(before, Bpf.affinity(), "the original affinity is back");
        assertNotEquals(-1, Bpf.gettid());
    }
}
