package dev.maplab.queue;

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
import dev.maplab.queue.mutant.FullOffByOneQueueMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The queue and stack cases of the kernel's selftests (kernel-selftests.md §4, Q-01..Q-04), through the
 * syscall view (lookup = peek, update = push, lookup_and_delete = pop) as {@code test_maps.c} does, plus
 * the rules of {@code queue_stack_maps.c} they rest on.
 */
class QueueStackSelftestsTest {
    static final int MAP_SIZE = 32;
    static final byte[] NO_KEY = new byte[0];

    static MapSpec spec(MapType type, int valueSize, int maxEntries, int flags) {
        return MapSpec.builder(type).keySize(0).valueSize(valueSize).maxEntries(maxEntries).flags(flags).build();
    }

    static QueueStackMap create(MapType type, int valueSize, int maxEntries, int flags) {
        MapSpec s = spec(type, valueSize, maxEntries, flags);
        return type == MapType.QUEUE ? new QueueMap(s) : new StackMap(s);
    }

    static byte[] u32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    static int u32(byte[] b) {
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    static int[] randomVals(int n) {
        Random r = new Random(0x5eed);
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt();
        }
        return v;
    }

    /**
     * Q-01 / Q-02 step by step on {@code map}; returns the steps whose result differs from the kernel's
     * (empty when the map behaves as the selftest expects).
     */
    static List<String> q01q02(QueueStackMap map, boolean stack) {
        List<String> wrong = new ArrayList<>();
        int[] vals = randomVals(MAP_SIZE + MAP_SIZE / 2);
        byte[] out = new byte[4];
        for (int i = 0; i < MAP_SIZE; i++) {
            expect(wrong, "push vals[" + i + "]", 0, map.update(NO_KEY, u32(vals[i]), UpdateFlags.ANY));
        }
        expect(wrong, "33rd push into a full map", -Errno.E2BIG, map.update(NO_KEY, u32(vals[0]), UpdateFlags.ANY));
        int r = map.lookup(NO_KEY, out);
        expect(wrong, "peek", 0, r);
        expect(wrong, "peek value", stack ? vals[MAP_SIZE - 1] : vals[0], u32(out));
        for (int i = MAP_SIZE; i < MAP_SIZE + MAP_SIZE / 2; i++) {
            expect(wrong, "BPF_EXIST push vals[" + i + "]", 0, map.update(NO_KEY, u32(vals[i]), UpdateFlags.EXIST));
        }
        for (int i = 0; i < MAP_SIZE; i++) {
            int want = stack ? vals[MAP_SIZE + MAP_SIZE / 2 - 1 - i] : vals[MAP_SIZE / 2 + i];
            r = map.lookupAndDelete(NO_KEY, out);
            expect(wrong, "pop #" + i, 0, r);
            expect(wrong, "pop #" + i + " value", want, u32(out));
        }
        expect(wrong, "pop from the empty map", -Errno.ENOENT, map.lookupAndDelete(NO_KEY, out));
        expect(wrong, "delete", -Errno.EINVAL, map.delete(null));
        expect(wrong, "get_next_key", -Errno.EINVAL, map.getNextKey(null, new byte[0]));
        return wrong;
    }

    private static void expect(List<String> wrong, String step, int want, int got) {
        if (want != got) {
            wrong.add(step + ": expected " + Errno.describe(want) + " but was " + Errno.describe(got));
        }
    }

    @Test
    @DisplayName("Q-01 test_queuemap: E2BIG when full, BPF_EXIST drops the oldest, pops in FIFO order")
    void q01QueueMap() {
        assertEquals(List.of(), q01q02(create(MapType.QUEUE, 4, MAP_SIZE, 0), false));
    }

    @Test
    @DisplayName("Q-02 test_stackmap: E2BIG when full, BPF_EXIST drops the oldest (bottom), pops in LIFO order")
    void q02StackMap() {
        assertEquals(List.of(), q01q02(create(MapType.STACK, 4, MAP_SIZE, 0), true));
    }

    @Test
    @DisplayName("Q-01 fails on the off-by-one full check mutant (the check can fail)")
    void q01CatchesTheFullOffByOneMutant() {
        List<String> wrong = q01q02(new FullOffByOneQueueMap(spec(MapType.QUEUE, 4, MAP_SIZE, 0)), false);
        assertFalse(wrong.isEmpty());
        assertTrue(wrong.get(0).startsWith("33rd push into a full map: expected -E2BIG but was 0"), wrong.get(0));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MapType.class, names = {"QUEUE", "STACK"})
    @DisplayName("Q-01/Q-02 creation: key_size 4 and BPF_F_NO_PREALLOC are rejected (kernel -EINVAL)")
    void creationRules(MapType type) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MapSpec.builder(type).keySize(4).valueSize(4).maxEntries(MAP_SIZE).build());
        assertTrue(e.getMessage().contains("keySize") && e.getMessage().contains("EINVAL"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> spec(type, 4, MAP_SIZE, MapFlags.NO_PREALLOC));
        assertTrue(e.getMessage().contains("mapFlags") && e.getMessage().contains("EINVAL"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> spec(type, 0, MAP_SIZE, 0));
        assertThrows(IllegalArgumentException.class, () -> spec(type, 4, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> spec(type, 4, MAP_SIZE, MapFlags.RDONLY | MapFlags.WRONLY));
        assertThrows(IllegalArgumentException.class, () -> new QueueMap(spec(MapType.STACK, 4, 2, 0)));
        assertEquals(MAP_SIZE, create(type, 4, MAP_SIZE, MapFlags.NUMA_NODE | MapFlags.RDONLY_PROG).maxEntries());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MapType.class, names = {"QUEUE", "STACK"})
    @DisplayName("Q-03 BPF_F_WRONLY: push 0, peek and pop -EPERM; BPF_F_RDONLY: push -EPERM")
    void q03AccessFlags(MapType type) {
        QueueStackMap wronly = create(type, 4, MAP_SIZE, MapFlags.WRONLY);
        byte[] out = new byte[4];
        assertEquals(0, wronly.update(NO_KEY, u32(7), UpdateFlags.ANY));
        assertEquals(-Errno.EPERM, wronly.lookup(NO_KEY, out));
        assertEquals(-Errno.EPERM, wronly.lookupAndDelete(NO_KEY, out));
        assertEquals(-Errno.EPERM, wronly.getNextKey(null, new byte[0]));
        assertEquals(0, wronly.pop(out), "a program still pops (the access flags are the syscall's)");
        assertEquals(7, u32(out));
        QueueStackMap rdonly = create(type, 4, MAP_SIZE, MapFlags.RDONLY);
        assertEquals(-Errno.EPERM, rdonly.update(NO_KEY, u32(7), UpdateFlags.ANY));
        assertEquals(-Errno.EPERM, rdonly.delete(null));
        assertEquals(-Errno.EPERM, rdonly.lookupAndDelete(NO_KEY, out));
        assertEquals(-Errno.ENOENT, rdonly.lookup(NO_KEY, out));
    }

    /**
     * Q-04: each "program run" pops one element from map_in into the packet's daddr (TC_ACT_SHOT = 2 when
     * map_in is empty) and pushes the packet's saddr into map_out.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MapType.class, names = {"QUEUE", "STACK"})
    @DisplayName("Q-04 queue_stack_map: program-side pop/push, 32 runs, then TC_ACT_SHOT; map_out pops vals[i]*5")
    void q04ProgramSidePushPop(MapType type) {
        boolean stack = type == MapType.STACK;
        QueueStackMap in = create(type, 4, MAP_SIZE, 0);
        QueueStackMap out = create(type, 4, MAP_SIZE, 0);
        int[] vals = randomVals(MAP_SIZE);
        for (int v : vals) {
            assertEquals(0, in.update(NO_KEY, u32(v), 0));
        }
        Function<Integer, int[]> run = saddr -> {
            byte[] value = new byte[4];
            if (in.pop(value) != 0) {
                return new int[] {2, 0};
            }
            out.push(u32(saddr), 0);
            return new int[] {0, u32(value)};
        };
        for (int i = 0; i < MAP_SIZE; i++) {
            int saddr = stack ? vals[MAP_SIZE - 1 - i] * 5 : vals[i] * 5;
            int[] r = run.apply(saddr);
            assertEquals(0, r[0], "run " + i + " returns 0");
            assertEquals(stack ? vals[MAP_SIZE - 1 - i] : vals[i], r[1], "run " + i + " daddr");
        }
        assertEquals(2, run.apply(0)[0], "map_in empty: TC_ACT_SHOT");
        byte[] value = new byte[4];
        for (int i = 0; i < MAP_SIZE; i++) {
            assertEquals(0, out.lookupAndDelete(NO_KEY, value));
            assertEquals(vals[i] * 5, u32(value), "map_out pop " + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MapType.class, names = {"QUEUE", "STACK"})
    @DisplayName("push flags: NOEXIST, NOEXIST|EXIST and anything above EXIST give -EINVAL")
    void pushFlags(MapType type) {
        QueueStackMap map = create(type, 8, 4, 0);
        assertEquals(-Errno.EINVAL, map.push(1L, UpdateFlags.NOEXIST));
        assertEquals(-Errno.EINVAL, map.push(1L, UpdateFlags.NOEXIST | UpdateFlags.EXIST));
        assertEquals(-Errno.EINVAL, map.push(1L, UpdateFlags.F_LOCK));
        assertEquals(-Errno.EINVAL, map.push(1L, -1L));
        assertEquals(0, map.size());
        assertEquals(0, map.push(1L, UpdateFlags.EXIST), "EXIST on a map that is not full just pushes");
        assertEquals(1, map.size());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MapType.class, names = {"QUEUE", "STACK"})
    @DisplayName("peek and pop of an empty map give -ENOENT and a zeroed output")
    void emptyZeroesTheOutput(MapType type) {
        QueueStackMap map = create(type, 12, 4, 0);
        byte[] out = new byte[12];
        java.util.Arrays.fill(out, (byte) 0x5a);
        assertEquals(-Errno.ENOENT, map.peek(out));
        assertArrayEquals(new byte[12], out);
        java.util.Arrays.fill(out, (byte) 0x5a);
        assertEquals(-Errno.ENOENT, map.pop(out));
        assertArrayEquals(new byte[12], out);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MapType.class, names = {"QUEUE", "STACK"})
    @DisplayName("values of any size are copied in and out whole; the caller's buffer is not kept")
    void valuesAreCopied(MapType type) {
        QueueStackMap map = create(type, 13, 3, 0);
        byte[] v = new byte[13];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) (i * 17 + 3);
        }
        assertEquals(0, map.push(v, 0));
        byte[] original = v.clone();
        v[0] = 99; // the map holds its own copy
        byte[] out = new byte[13];
        assertEquals(0, map.peek(out));
        assertArrayEquals(original, out);
        assertEquals(0, map.pop(out));
        assertArrayEquals(original, out);
    }

    @Test
    @DisplayName("wrap-around: a long FIFO/LIFO run through a 3-slot buffer matches a reference deque")
    void wrapAroundMatchesAReference() {
        Random r = new Random(42);
        for (MapType type : new MapType[] {MapType.QUEUE, MapType.STACK}) {
            QueueStackMap map = create(type, 8, 3, 0);
            java.util.ArrayDeque<Long> ref = new java.util.ArrayDeque<>();
            for (int step = 0; step < 20_000; step++) {
                int op = r.nextInt(4);
                long v = r.nextInt(1000);
                if (op <= 1) {
                    long flags = op == 0 ? UpdateFlags.ANY : UpdateFlags.EXIST;
                    int want;
                    if (ref.size() == 3 && flags == UpdateFlags.ANY) {
                        want = -Errno.E2BIG;
                    } else {
                        if (ref.size() == 3) {
                            ref.pollFirst(); // the oldest, for queue and stack alike
                        }
                        ref.addLast(v);
                        want = 0;
                    }
                    assertEquals(want, map.push(v, flags), type + " step " + step);
                } else {
                    boolean pop = op == 2;
                    Long want = type == MapType.QUEUE ? (pop ? ref.pollFirst() : ref.peekFirst())
                            : (pop ? ref.pollLast() : ref.peekLast());
                    long got = pop ? map.pop(-1) : map.peek(-1);
                    assertEquals(want == null ? -1 : want, got, type + " step " + step);
                }
                assertEquals(ref.size(), map.size());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MapType.class, names = {"QUEUE", "STACK"})
    @DisplayName("NMI mode: with the lock held, tryPush/tryPop/tryPeek give -EBUSY and change nothing")
    void nmiTryLockGivesEbusy(MapType type) {
        QueueStackMap map = create(type, 8, 4, 0);
        assertEquals(0, map.tryPush(5L, 0));
        map.lockForTest();
        try {
            assertEquals(-Errno.EBUSY, map.tryPush(6L, 0));
            assertEquals(-Errno.EBUSY, map.tryPush(new byte[8], 0));
            long[] out = {-1};
            assertEquals(-Errno.EBUSY, map.tryPop(out));
            assertEquals(-1, out[0]);
            assertEquals(-Errno.EBUSY, map.tryPeek(new byte[8]));
            assertEquals(-Errno.EINVAL, map.tryPush(6L, UpdateFlags.NOEXIST), "flags are checked before the lock");
        } finally {
            map.unlockForTest();
        }
        long[] out = new long[1];
        assertEquals(0, map.tryPop(out));
        assertEquals(5L, out[0]);
        assertEquals(-Errno.ENOENT, map.tryPop(out));
    }

    @Test
    @DisplayName("operations table: lookup/update/lookup_and_delete/push/pop/peek; delete and get_next_key -EINVAL")
    void operationsTable() {
        QueueStackMap map = create(MapType.QUEUE, 8, 4, 0);
        assertEquals(java.util.EnumSet.of(MapOperation.LOOKUP, MapOperation.UPDATE, MapOperation.LOOKUP_AND_DELETE,
                MapOperation.PUSH, MapOperation.POP, MapOperation.PEEK), map.operations());
        assertEquals(-Errno.ENOTSUPP, map.programLookup(NO_KEY, new byte[8]));
        assertEquals(-Errno.ENOTSUPP, map.lookupBatch(null, 4).result());
        assertThrows(IllegalArgumentException.class, () -> map.lookup(new byte[4], new byte[8]), "key must be empty");
        assertThrows(IllegalArgumentException.class, () -> map.push(new byte[4], 0), "value of the wrong size");
        assertThrows(IllegalArgumentException.class, () -> create(MapType.QUEUE, 4, 4, 0).push(1L, 0), "long API needs 8 bytes");
    }

    @Test
    @DisplayName("concurrent producers and consumers: every pushed value is popped exactly once (queue, 4 threads)")
    void concurrentPushPopLosesNothing() throws Exception {
        QueueMap q = QueueMap.ofLongs(64);
        int perThread = 10_000;
        java.util.concurrent.atomic.AtomicLong sum = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();
        Thread[] producers = new Thread[2];
        Thread[] consumers = new Thread[2];
        for (int t = 0; t < 2; t++) {
            int id = t;
            producers[t] = new Thread(() -> {
                for (int i = 1; i <= perThread; i++) {
                    long v = (long) id * perThread + i;
                    while (q.push(v, 0) != 0) {
                        Thread.onSpinWait();
                    }
                }
            });
            consumers[t] = new Thread(() -> {
                long[] out = new long[1];
                while (count.get() < 2L * perThread) {
                    if (q.popInto(out) == 0) {
                        sum.addAndGet(out[0]);
                        count.incrementAndGet();
                    }
                }
            });
        }
        for (Thread t : producers) {
            t.start();
        }
        for (Thread t : consumers) {
            t.start();
        }
        for (Thread t : producers) {
            t.join();
        }
        for (Thread t : consumers) {
            t.join();
        }
        long n = 2L * perThread;
        assertEquals(n, count.get());
        assertEquals(n * (n + 1) / 2, sum.get());
        assertEquals(0, q.size());
    }
}
