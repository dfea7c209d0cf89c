package dev.maplab.stacktrace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.api.Errno;
import dev.maplab.api.MapFlags;
import dev.maplab.api.MapOperation;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.hash.JHash;
import dev.maplab.stacktrace.mutant.InPlaceReplaceStackTraceMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The stack trace map and {@code bpf_get_stackid} ({@code kernel/bpf/stackmap.c}; kernel-internals.md §7):
 * creation rules, the hash and id, EEXIST against REUSE_STACKID, FAST_STACK_CMP on a real 32-bit hash
 * collision, skipping and truncation, -ENOMEM when the elements run out, the borrow-and-swap syscall read,
 * delete, get_next_key and element accounting.
 */
class StackTraceMapTest {

    static byte[] key(int id) {
        return new byte[] {(byte) id, (byte) (id >>> 8), (byte) (id >>> 16), (byte) (id >>> 24)};
    }

    static long[] stack(Random r, int depth) {
        long[] s = new long[depth];
        for (int i = 0; i < depth; i++) {
            s[i] = 0xffff_ffff_8100_0000L + (r.nextInt(1 << 24) & ~0xfL);
        }
        return s;
    }

    /** Two different stacks of {@code depth} frames whose ids collide in {@code map} but whose hashes differ. */
    static long[][] idCollision(StackTraceMap map, int depth, long seed) {
        Random r = new Random(seed);
        Map<Integer, long[]> byId = new HashMap<>();
        for (;;) {
            long[] s = stack(r, depth);
            int id = map.idOf(s, 0, depth);
            long[] other = byId.putIfAbsent(id, s);
            if (other != null && StackTraceMap.hash(other, 0, depth) != StackTraceMap.hash(s, 0, depth)) {
                return new long[][] {other, s};
            }
        }
    }

    @Test
    @DisplayName("creation: key_size 4, value_size a multiple of 8 up to 127 frames, no BUILD_ID (kernel -EINVAL)")
    void creationRules() {
        assertThrows(IllegalArgumentException.class, () -> MapSpec.builder(MapType.STACK_TRACE).keySize(8).valueSize(64).maxEntries(4).build());
        assertThrows(IllegalArgumentException.class, () -> MapSpec.builder(MapType.STACK_TRACE).keySize(4).valueSize(12).maxEntries(4).build());
        assertThrows(IllegalArgumentException.class, () -> MapSpec.builder(MapType.STACK_TRACE).keySize(4).valueSize(4).maxEntries(4).build());
        assertThrows(IllegalArgumentException.class, () -> MapSpec.builder(MapType.STACK_TRACE).keySize(4).valueSize(8 * 128).maxEntries(4).build());
        assertThrows(IllegalArgumentException.class, () -> MapSpec.builder(MapType.STACK_TRACE).keySize(4).valueSize(64).maxEntries(4)
                .flags(MapFlags.NO_PREALLOC).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MapSpec.builder(MapType.STACK_TRACE).keySize(4).valueSize(64).maxEntries(4).flags(1 << 5).build());
        assertTrue(e.getMessage().contains("STACK_BUILD_ID"), e.getMessage());
        assertEquals(127, StackTraceMap.create(4, 127).maxDepth());
        assertEquals(8, StackTraceMap.create(5, 4).nBuckets(), "n_buckets = roundup_pow_of_two(max_entries)");
        assertEquals(1, StackTraceMap.create(1, 4).nBuckets());
    }

    @Test
    @DisplayName("the stack hash is jhash2 over the addresses' u32 words, seed 0, as JHash computes it on bytes")
    void hashIsJhash2OverU32Words() {
        Random r = new Random(7);
        for (int depth = 1; depth <= 20; depth++) {
            long[] s = stack(r, depth);
            byte[] bytes = new byte[8 * depth];
            for (int i = 0; i < depth; i++) {
                for (int b = 0; b < 8; b++) {
                    bytes[8 * i + b] = (byte) (s[i] >>> (8 * b));
                }
            }
            assertEquals(JHash.jhash2(bytes, 2 * depth, 0), StackTraceMap.hash(s, 0, depth), "depth " + depth);
        }
    }

    @Test
    @DisplayName("the same stack gets the same id; its id is hash & (n_buckets - 1); the stored stack reads back")
    void sameStackSameId() {
        StackTraceMap map = StackTraceMap.create(64, 16);
        long[] s = stack(new Random(1), 10);
        int id = map.getStackId(s, 0);
        assertEquals(StackTraceMap.hash(s, 0, 10) & 63, id);
        assertEquals(id, map.getStackId(s.clone(), 0));
        assertArrayEquals(s, map.stack(id));
        assertEquals(1, map.installed());
        assertEquals(63, map.freeElements());
    }

    @Test
    @DisplayName("C18: another stack under an occupied id gets -EEXIST; with REUSE_STACKID it replaces the stored stack")
    void eexistVersusReuseStackid() {
        StackTraceMap map = StackTraceMap.create(16, 8);
        long[][] pair = idCollision(map, 6, 11);
        int id = map.getStackId(pair[0], 0);
        assertTrue(id >= 0);
        assertEquals(-Errno.EEXIST, map.getStackId(pair[1], 0));
        assertArrayEquals(pair[0], map.stack(id), "the stored stack is kept");
        assertEquals(id, map.getStackId(pair[1], StackTraceMap.F_REUSE_STACKID));
        assertArrayEquals(pair[1], map.stack(id), "REUSE_STACKID: the old stack is lost, the id names the new one");
        assertEquals(-Errno.EEXIST, map.getStackId(pair[0], 0), "and now the first stack is the one refused");
        assertEquals(1, map.installed());
        assertEquals(15, map.freeElements(), "the replaced element went back to the freelist");
    }

    @Test
    @DisplayName("C18: FAST_STACK_CMP returns the id of another stack with the same 32-bit hash without comparing")
    void fastStackCmpTrustsTheHash() {
        // A birthday search over 2-frame stacks finds two with the same 32-bit hash (expected ~2^16.5 stacks).
        Random r = new Random(3);
        Map<Integer, long[]> byHash = new HashMap<>();
        long[][] pair = null;
        while (pair == null) {
            long[] s = {r.nextLong(), r.nextLong()};
            long[] other = byHash.putIfAbsent(StackTraceMap.hash(s, 0, 2), s);
            if (other != null && !java.util.Arrays.equals(other, s)) {
                pair = new long[][] {other, s};
            }
        }
        StackTraceMap map = StackTraceMap.create(1024, 4);
        int id = map.getStackId(pair[0], 0);
        assertEquals(id, map.getStackId(pair[1], StackTraceMap.F_FAST_STACK_CMP), "same hash: same id, no compare");
        assertArrayEquals(pair[0], map.stack(id), "and the map still holds the first stack");
        assertEquals(-Errno.EEXIST, map.getStackId(pair[1], 0), "without FAST_STACK_CMP the stacks are compared");
    }

    @Test
    @DisplayName("skip and depth: frames skipped by flags & 0xff, truncated to value_size/8; nothing left -EFAULT")
    void skipAndTruncate() {
        StackTraceMap map = StackTraceMap.create(64, 4);
        long[] s = stack(new Random(5), 10);
        int id = map.getStackId(s, 3);
        assertArrayEquals(java.util.Arrays.copyOfRange(s, 3, 7), map.stack(id), "frames 3..6: skip 3, depth 4");
        assertEquals(-Errno.EFAULT, map.getStackId(s, 10));
        assertEquals(-Errno.EFAULT, map.getStackId(s, 200));
        assertEquals(-Errno.EINVAL, map.getStackId(s, 1L << 11), "unknown flag bits");
        assertEquals(map.getStackId(s, 0), map.getStackId(s, StackTraceMap.F_USER_STACK));
    }

    @Test
    @DisplayName("-ENOMEM: all max_entries elements in slots, a REUSE_STACKID replacement finds no free element")
    void reuseWithoutFreeElementsIsEnomem() {
        StackTraceMap map = StackTraceMap.create(1, 4);
        long[] a = {1, 2, 3};
        long[] b = {4, 5, 6};
        assertEquals(0, map.getStackId(a, 0));
        assertEquals(0, map.freeElements());
        assertEquals(-Errno.EEXIST, map.getStackId(b, 0));
        assertEquals(-Errno.ENOMEM, map.getStackId(b, StackTraceMap.F_REUSE_STACKID),
                "the new element is taken before the old one is given back");
        assertEquals(0, map.delete(key(0)));
        assertEquals(0, map.getStackId(b, 0));
    }

    @Test
    @DisplayName("syscall read: the stack then zeros; empty and out-of-range ids -ENOENT; update -EINVAL; operations")
    void syscallView() {
        StackTraceMap map = StackTraceMap.create(8, 4);
        long[] s = {0x1111, 0x2222};
        int id = map.getStackId(s, 0);
        byte[] out = new byte[32];
        java.util.Arrays.fill(out, (byte) 0x7e);
        assertEquals(0, map.lookup(key(id), out));
        assertEquals(0x11, out[0]);
        assertEquals(0x22, out[8]);
        for (int i = 16; i < 32; i++) {
            assertEquals(0, out[i], "zeroed past nr");
        }
        assertEquals(-Errno.ENOENT, map.lookup(key((id + 1) % 8), out));
        assertEquals(-Errno.ENOENT, map.lookup(key(8), out));
        assertEquals(-Errno.EINVAL, map.update(key(id), out, 0));
        assertEquals(-Errno.ENOTSUPP, map.programLookup(key(id), out));
        assertEquals(-Errno.ENOTSUPP, map.lookupAndDelete(key(id), out));
        assertEquals(EnumSet.of(MapOperation.LOOKUP, MapOperation.DELETE, MapOperation.GET_NEXT_KEY), map.operations());
        assertEquals(1, map.installed(), "the borrowed bucket went back");
    }

    @Test
    @DisplayName("delete and get_next_key: -EINVAL past n_buckets, -ENOENT when empty; ids ascend over occupied slots")
    void deleteAndGetNextKey() {
        StackTraceMap map = StackTraceMap.create(64, 4);
        Random r = new Random(9);
        Set<Integer> ids = new java.util.TreeSet<>();
        for (int i = 0; i < 20; i++) {
            int id = map.getStackId(stack(r, 3), 0);
            if (id >= 0) {
                ids.add(id);
            }
        }
        byte[] next = new byte[4];
        java.util.List<Integer> walked = new java.util.ArrayList<>();
        byte[] cur = null;
        while (map.getNextKey(cur, next) == 0) {
            walked.add((int) StackTraceMap.u32(next));
            cur = next.clone();
        }
        assertEquals(new java.util.ArrayList<>(ids), walked);
        assertEquals(0, map.getNextKey(key(1000), next), "an out-of-range key restarts at the first");
        assertEquals(walked.get(0), (int) StackTraceMap.u32(next));
        int first = walked.get(0);
        assertEquals(0, map.delete(key(first)));
        assertEquals(-Errno.ENOENT, map.delete(key(first)));
        assertEquals(-Errno.EINVAL, map.delete(key(64)));
        assertEquals(64, map.installed() + map.freeElements());
    }

    @Test
    @DisplayName("the borrow: a stack installed while a read has the bucket out is dropped when the bucket goes back")
    void aStackInstalledDuringABorrowIsDropped() {
        long[] a = {10, 20, 30};
        long[] b = {40, 50, 60};
        long[][] got = new long[2][];
        StackTraceMap map = new StackTraceMap(MapSpec.builder(MapType.STACK_TRACE).keySize(4).valueSize(32).maxEntries(1).build()) {
            boolean once;

            @Override
            protected void copyBorrowed(int id, int bucket, byte[] out) {
                if (!once) {
                    once = true;
                    // A program runs while the read holds the bucket: it sees an empty slot and installs b.
                    got[0] = new long[] {getStackId(b, 0)};
                }
                super.copyBorrowed(id, bucket, out);
            }
        };
        assertEquals(0, map.getStackId(a, 0));
        assertEquals(0, map.freeElements());
        assertArrayEquals(a, map.stack(0), "the read copies the borrowed bucket whole");
        assertEquals(-Errno.ENOMEM, got[0][0], "max_entries 1: no free element for the program while the read holds it");
        StackTraceMap two = new StackTraceMap(MapSpec.builder(MapType.STACK_TRACE).keySize(4).valueSize(32).maxEntries(2).build()) {
            boolean once;

            @Override
            protected void copyBorrowed(int id, int bucket, byte[] out) {
                if (!once) {
                    once = true;
                    // A program runs while the read holds the bucket: it sees an empty slot and installs c.
                    got[0] = new long[] {getStackId(got[1], 0)};
                }
                super.copyBorrowed(id, bucket, out);
            }
        };
        int idA = two.getStackId(a, 0);
        Random r = new Random(17);
        long[] c;
        do {
            c = stack(r, 3);
        } while (two.idOf(c, 0, 3) != idA);
        got[0] = null;
        got[1] = c;
        assertArrayEquals(a, two.stack(idA), "the read copies the borrowed bucket whole");
        assertEquals(idA, got[0][0], "the program saw an empty slot and installed c under the same id");
        assertArrayEquals(a, two.stack(idA), "then the borrowed bucket came back: c was dropped");
        assertEquals(1, two.installed());
        assertEquals(1, two.freeElements(), "c's element went back to the freelist");
    }

    @Test
    @DisplayName("accounting under concurrency: 4 threads of REUSE_STACKID and reads; installed + free = max_entries")
    void concurrentAccounting() throws Exception {
        StackTraceMap map = StackTraceMap.create(16, 8);
        Thread[] threads = new Thread[4];
        java.util.concurrent.atomic.AtomicReference<String> bad = new java.util.concurrent.atomic.AtomicReference<>();
        for (int t = 0; t < threads.length; t++) {
            int seed = t;
            threads[t] = new Thread(() -> {
                Random r = new Random(seed);
                byte[] out = new byte[64];
                for (int i = 0; i < 20_000; i++) {
                    if (seed % 2 == 0) {
                        int id = map.getStackId(stack(r, 1 + r.nextInt(8)), StackTraceMap.F_REUSE_STACKID);
                        if (id < 0 && id != -Errno.ENOMEM) {
                            bad.compareAndSet(null, "get_stackid gave " + Errno.describe(id));
                        }
                    } else {
                        map.lookup(key(r.nextInt(16)), out);
                    }
                }
            });
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertNull(bad.get());
        assertEquals(16, map.installed() + map.freeElements());
        Set<Integer> distinct = new HashSet<>();
        for (int e : map.slotElements()) {
            if (e != StackTraceMap.NONE) {
                assertTrue(distinct.add(e), "an element is in two slots");
            }
        }
    }

    @Test
    @DisplayName("the in-place mutant stores the same way sequentially (its defect needs a concurrent reader)")
    void inPlaceMutantIsSequentiallyAlike() {
        StackTraceMap mutant = new InPlaceReplaceStackTraceMap(MapSpec.builder(MapType.STACK_TRACE).keySize(4).valueSize(64)
                .maxEntries(16).build());
        long[][] pair = idCollision(mutant, 5, 21);
        int id = mutant.getStackId(pair[0], 0);
        assertEquals(id, mutant.getStackId(pair[1], StackTraceMap.F_REUSE_STACKID));
        assertArrayEquals(pair[1], mutant.stack(id));
        assertEquals(16, mutant.installed() + mutant.freeElements(), "no element was taken: the bucket was rewritten");
    }
}
