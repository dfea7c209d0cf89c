package dev.maplab.array;

import static dev.maplab.array.ArrayTestSupport.key;
import static dev.maplab.array.ArrayTestSupport.le32;
import static dev.maplab.array.ArrayTestSupport.le64;
import static dev.maplab.array.ArrayTestSupport.longs;
import static dev.maplab.array.ArrayTestSupport.perCpu;
import static dev.maplab.array.ArrayTestSupport.slots;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.api.BatchResult;
import dev.maplab.api.Errno;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The array cases of the kernel's selftests ({@code test_maps.c}, {@code map_tests/array_map_batch_ops.c}), as
 * restated in {@code research/kernel-selftests.md} §3 (A-01..A-04) and §6 (B-0, B-02), checked through the
 * syscall-style {@code byte[]} API: key int (4 bytes), value s64 (8 bytes, per CPU for PERCPU_ARRAY).
 */
@DisplayName("Kernel selftests, array maps (§3, A-01..A-04; §6, B-0/B-02)")
class ArraySelftestsTest {
    static final int N = 4;

    static int lookupCode(ArrayMap m, int k) {
        return m.lookup(key(k), new byte[m.spec().syscallValueSize()]);
    }

    static long lookupValue(ArrayMap m, int k) {
        byte[] out = new byte[8];
        assertEquals(0, m.lookup(key(k), out), "lookup(" + k + ")");
        return le64(out, 0);
    }

    static long[] lookupSlots(ArrayMap m, int k) {
        byte[] out = new byte[m.spec().syscallValueSize()];
        assertEquals(0, m.lookup(key(k), out), "lookup(" + k + ")");
        return slots(out);
    }

    static int nextKey(ArrayMap m, Integer k, int[] out) {
        byte[] next = new byte[4];
        int r = m.getNextKey(k == null ? null : key(k), next);
        out[0] = le32(next);
        return r;
    }

    // ---- A-01 ----------------------------------------------------------------------------------

    @Test
    @DisplayName("A-01 test_arraymap: update, NOEXIST -> EEXIST, zeroed elements, E2BIG/ENOENT past the end")
    void a01UpdateNoexistLookupAndRange() {
        ArrayMap m = longs(MapType.ARRAY, 2, 2);
        assertEquals(0, m.update(key(1), le64(1234), UpdateFlags.ANY));
        assertEquals(-Errno.EEXIST, m.update(key(1), le64(1234), UpdateFlags.NOEXIST), "array elements always exist");
        assertEquals(1234, lookupValue(m, 1));
        assertEquals(0, lookupValue(m, 0), "elements are zeroed at creation");
        assertEquals(-Errno.E2BIG, m.update(key(2), le64(1234), UpdateFlags.EXIST), "index >= max_entries");
        assertEquals(-Errno.ENOENT, lookupCode(m, 2));
    }

    @Test
    @DisplayName("A-01 iteration: get_next_key(NULL) -> 0, (2) -> 0 (restart), (0) -> 1, (1) -> ENOENT")
    void a01IterationRestartsFromZeroOutOfRange() {
        ArrayMap m = longs(MapType.ARRAY, 2, 2);
        int[] next = new int[1];
        assertEquals(0, nextKey(m, null, next));
        assertEquals(0, next[0]);
        assertEquals(0, nextKey(m, 2, next));
        assertEquals(0, next[0], "an out-of-range key restarts at 0");
        assertEquals(0, nextKey(m, 0, next));
        assertEquals(1, next[0]);
        assertEquals(-Errno.ENOENT, nextKey(m, 1, next), "the last index has no successor");
    }

    @Test
    @DisplayName("A-01: delete -> EINVAL, and the element keeps its value (overwrite with zeros instead)")
    void a01DeleteReturnsEinvalAndAZeroUpdateClearsTheElement() {
        ArrayMap m = longs(MapType.ARRAY, 2, 2);
        assertEquals(0, m.update(key(1), le64(1234), UpdateFlags.ANY));
        assertEquals(-Errno.EINVAL, m.delete(key(1)));
        assertEquals(1234, lookupValue(m, 1), "a refused delete leaves the value");
        assertEquals(-Errno.EINVAL, m.delete(key(5)), "out of range: EINVAL too");
        assertEquals(0, m.update(key(1), le64(0), UpdateFlags.EXIST), "what a user does instead of deleting");
        assertEquals(0, lookupValue(m, 1));
    }

    @Test
    @DisplayName("A-01 extras: update(0, EXIST) -> 0; lookup_and_delete -> ENOTSUPP (524)")
    void a01ExistUpdateSucceedsAndLookupAndDeleteIsNotSupported() {
        ArrayMap m = longs(MapType.ARRAY, 2, 2);
        assertEquals(0, m.update(key(0), le64(7), UpdateFlags.EXIST));
        assertEquals(7, lookupValue(m, 0));
        assertEquals(-Errno.ENOTSUPP, m.lookupAndDelete(key(0), new byte[8]));
        assertEquals(7, lookupValue(m, 0));
    }

    // ---- A-02 ----------------------------------------------------------------------------------

    @Test
    @DisplayName("A-02 test_arraymap_percpu: per-CPU values i+100 read back; NOEXIST, zeroes, range, iteration, delete")
    void a02PercpuArrayBehavesAsTheArrayWithOneSlotPerCpu() {
        ArrayMap m = longs(MapType.PERCPU_ARRAY, 2, N);
        assertEquals(8 * N, m.spec().syscallValueSize());
        assertEquals(0, m.update(key(1), perCpu(N, c -> c + 100), UpdateFlags.ANY));
        assertEquals(-Errno.EEXIST, m.update(key(1), perCpu(N, c -> c + 100), UpdateFlags.NOEXIST));
        assertArrayEquals(new long[] {100, 101, 102, 103}, lookupSlots(m, 1));
        assertArrayEquals(new long[N], lookupSlots(m, 0), "key 0 reads 0 on every CPU, CPU N-1 included");
        assertEquals(-Errno.E2BIG, m.update(key(2), perCpu(N, c -> 1), UpdateFlags.EXIST));
        assertEquals(-Errno.ENOENT, lookupCode(m, 2));
        int[] next = new int[1];
        assertEquals(0, nextKey(m, null, next));
        assertEquals(0, next[0]);
        assertEquals(0, nextKey(m, 0, next));
        assertEquals(1, next[0]);
        assertEquals(-Errno.ENOENT, nextKey(m, 1, next));
        assertEquals(-Errno.EINVAL, m.delete(key(1)));
        assertArrayEquals(new long[] {100, 101, 102, 103}, lookupSlots(m, 1));
    }

    // ---- A-03 ----------------------------------------------------------------------------------

    @Test
    @DisplayName("A-03 test_arraymap_percpu_many_keys: 2000 keys, CPU i's slot = i+10 everywhere")
    void a03PercpuArrayWithManyKeys() {
        int keys = 2000;
        ArrayMap m = longs(MapType.PERCPU_ARRAY, keys, N);
        byte[] v = perCpu(N, c -> c + 10);
        for (int k = 0; k < keys; k++) {
            assertEquals(0, m.update(key(k), v, UpdateFlags.ANY));
        }
        for (int k = 0; k < keys; k++) {
            assertArrayEquals(new long[] {10, 11, 12, 13}, lookupSlots(m, k), "key " + k);
        }
    }

    // ---- A-04 / B-02 ---------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MapType.class, names = {"ARRAY", "PERCPU_ARRAY"})
    @DisplayName("A-04 array_(percpu_)map_batch_ops: lookup_batch in steps 1..9 returns all 10 in index order, last call ENOENT")
    void a04LookupBatchInEveryStepReturnsAllEntriesInOrder(MapType type) {
        int max = 10;
        ArrayMap m = longs(type, max, N);
        boolean pc = type == MapType.PERCPU_ARRAY;
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (int k = 0; k < max; k++) {
            final int kk = k;
            keys.add(key(k));
            values.add(pc ? perCpu(N, c -> kk + 1 + c) : le64(k + 1));
        }
        BatchResult up = m.updateBatch(keys, values, 0);
        assertEquals(0, up.result());
        assertEquals(max, up.count());
        for (int step = 1; step < max; step++) {
            byte[] cursor = null;
            List<Integer> seen = new ArrayList<>();
            for (int call = 0; ; call++) {
                BatchResult r = m.lookupBatch(cursor, step);
                assertTrue(call <= max, "lookup_batch did not end");
                for (int i = 0; i < r.count(); i++) {
                    int k = le32(r.keys().get(i));
                    seen.add(k);
                    long[] s = pc ? slots(r.values().get(i)) : new long[] {le64(r.values().get(i), 0)};
                    for (int c = 0; c < s.length; c++) {
                        assertEquals(k + 1 + c, s[c], "step " + step + ", key " + k + ", cpu " + c);
                    }
                }
                if (r.result() == -Errno.ENOENT) {
                    break;
                }
                assertEquals(0, r.result(), "every call but the last returns 0 (step " + step + ")");
                assertEquals(step, r.count());
                assertEquals((int) seen.get(seen.size() - 1), le32(r.outBatch()), "the cursor is the last key returned");
                cursor = r.outBatch();
            }
            List<Integer> expected = new ArrayList<>();
            for (int k = 0; k < max; k++) {
                expected.add(k);
            }
            assertEquals(expected, seen, "step " + step + ": all keys once, in index order");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MapType.class, names = {"ARRAY", "PERCPU_ARRAY"})
    @DisplayName("A-04 extras: delete_batch and lookup_and_delete_batch -> ENOTSUPP (524), count not written")
    void a04DeleteBatchesAreNotSupported(MapType type) {
        ArrayMap m = longs(type, 10, N);
        BatchResult d = m.deleteBatch(List.of(key(0), key(1)));
        assertEquals(-Errno.ENOTSUPP, d.result());
        assertEquals(0, d.count());
        BatchResult ld = m.lookupAndDeleteBatch(null, 10);
        assertEquals(-Errno.ENOTSUPP, ld.result());
        assertEquals(0, ld.count());
    }

    @Test
    @DisplayName("B-0: lookup_batch with count 0 returns 0 at once and moves no cursor")
    void b0CountZeroDoesNothing() {
        ArrayMap m = longs(MapType.ARRAY, 10, N);
        byte[] cursor = key(3);
        BatchResult r = m.lookupBatch(cursor, 0);
        assertEquals(0, r.result());
        assertEquals(0, r.count());
        assertSame(cursor, r.outBatch());
    }

    @Test
    @DisplayName("B-0: a batch started past the end (cursor = last key) ends at once with ENOENT, count 0")
    void b0BatchFromTheLastKeyEndsWithEnoent() {
        ArrayMap m = longs(MapType.ARRAY, 10, N);
        BatchResult r = m.lookupBatch(key(9), 5);
        assertEquals(-Errno.ENOENT, r.result());
        assertEquals(0, r.count());
    }

    @Test
    @DisplayName("B-0: elem_flags other than F_LOCK, or F_LOCK without a spin lock -> EINVAL")
    void b0BadElemFlagsAreEinval() {
        ArrayMap m = longs(MapType.ARRAY, 10, N);
        assertEquals(-Errno.EINVAL, m.lookupBatch(null, 5, UpdateFlags.EXIST).result());
        assertEquals(-Errno.EINVAL, m.lookupBatch(null, 5, UpdateFlags.F_LOCK).result());
        assertEquals(-Errno.EINVAL, m.updateBatch(List.of(key(0)), List.of(le64(1)), UpdateFlags.EXIST).result());
        assertEquals(-Errno.EINVAL, m.updateBatch(List.of(key(0)), List.of(le64(1)), UpdateFlags.F_LOCK).result());
    }

    @Test
    @DisplayName("B-0: update_batch stops at the first error; count = how many succeeded")
    void b0UpdateBatchStopsAtTheFirstError() {
        ArrayMap m = longs(MapType.ARRAY, 3, N);
        BatchResult r = m.updateBatch(List.of(key(0), key(1), key(3), key(2)), List.of(le64(1), le64(2), le64(3), le64(4)), 0);
        assertEquals(-Errno.E2BIG, r.result());
        assertEquals(2, r.count());
        assertEquals(0, lookupValue(m, 2), "entries after the failing one are not written");
    }
}
