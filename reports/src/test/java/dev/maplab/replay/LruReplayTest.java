package dev.maplab.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replays of the kernel's LRU selftests (research/kernel-selftests.md §1) through the trace format:
 * {@code --map lru_hash | lru_percpu_hash [--no-common-lru]}; {@code lookup} is syscall-style (no ref bit),
 * {@code prog_lookup} program-style (sets it), so the traces decide which key is evicted.
 */
class LruReplayTest {

    private static void check(ReplayOptions options, String annotatedTrace) {
        StringBuilder trace = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (String line : annotatedTrace.strip().split("\n")) {
            String[] parts = line.split("->", -1);
            trace.append(parts[0].strip()).append('\n');
            expected.add(parts.length > 1 ? parts[1].strip() : "");
        }
        List<String> actual = TraceReplayer.replay(new StringReader(trace.toString()), options);
        List<String> ops = trace.toString().lines().toList();
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), "result of operation " + (i + 1) + ": " + ops.get(i));
        }
        assertEquals(expected.size(), actual.size(), "one result per operation");
    }

    @Test
    void l01Sanity0OnLruHash() {
        check(ReplayOptions.of("lru_hash").withMaxEntries(2).withCpus(2), """
                update 1 1234 NOEXIST    -> 0
                update 1 1234 NOEXIST    -> -EEXIST
                update 1 1234 -1         -> -EINVAL
                lookup 2                 -> -ENOENT
                update 2 1234 EXIST      -> -ENOENT
                update 2 1234 NOEXIST    -> 0
                lookup 3                 -> -ENOENT
                prog_lookup 1            -> 1234
                update 3 1234 NOEXIST    -> 0
                lookup 2                 -> -ENOENT
                lookup_and_delete 1      -> 1234
                keys                     -> 3
                """);
    }

    @Test
    void l09Sanity8SyscallLookupsDoNotProtectAKey() {
        check(ReplayOptions.of("lru_hash").withMaxEntries(2).withCpus(4), """
                update 1 1234 NOEXIST    -> 0
                update 2 1234 NOEXIST    -> 0
                lookup 1                 -> 1234
                prog_lookup 2            -> 1234
                update 3 1234 NOEXIST    -> 0
                lookup 1                 -> -ENOENT
                keys                     -> 2 3
                """);
    }

    @Test
    void l06Sanity5StealsFromAnotherCpu() {
        check(ReplayOptions.of("lru_hash").withMaxEntries(1).withCpus(2), """
                update 0 1234 NOEXIST    -> 0
                prog_lookup 0            -> 1234
                update 1 1234 NOEXIST    -> 0
                lookup 0                 -> -ENOENT
                cpu 1                    -> 0
                prog_lookup 1            -> 1234
                update 2 1234 NOEXIST    -> 0
                lookup 1                 -> -ENOENT
                keys                     -> 2
                """);
    }

    @Test
    void l08Sanity7OnLruPercpuHashWithNoCommonLru() {
        // 2 CPUs, max_entries 4: 2 nodes per CPU. A syscall update writes V into this CPU's slot, 0 elsewhere.
        check(ReplayOptions.of("lru_percpu_hash").withMaxEntries(4).withCpus(2).withNoCommonLru(true), """
                update 1 1234 NOEXIST    -> 0
                update 1 1234 NOEXIST    -> -EEXIST
                lookup 2                 -> -ENOENT
                update 2 1234 EXIST      -> -ENOENT
                update 2 1234 NOEXIST    -> 0
                prog_lookup 1            -> 1234
                lookup 2                 -> 1234,0
                update 3 1234 NOEXIST    -> 0
                lookup 2                 -> -ENOENT
                keys                     -> 1 3
                """);
    }

    @Test
    void noCommonLruIsForLruMapsOnly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TraceReplayer.replay(
                new StringReader("keys\n"), ReplayOptions.of("hash").withNoCommonLru(true)));
        assertTrue(e.getMessage().contains("NO_COMMON_LRU"), e.getMessage());
        assertTrue(ReplayMaps.implemented().containsAll(List.of("lru_hash", "lru_percpu_hash")));
    }
}
