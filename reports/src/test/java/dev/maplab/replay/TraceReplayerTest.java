package dev.maplab.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.cpu.LogicalCpu;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays of the kernel's own map selftests (research/kernel-selftests.md §2) and of a recorded zero-seed
 * iteration order. A trace is written one operation a line with the kernel's result after {@code ->};
 * {@link #check} replays the operations and compares every result.
 */
class TraceReplayerTest {

    /** Splits "op -> expected" lines, replays the ops and compares the results line by line. */
    private static void check(ReplayOptions options, String annotatedTrace) {
        StringBuilder trace = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (String line : annotatedTrace.strip().split("\n")) {
            String[] parts = line.split("->", -1);
            trace.append(parts[0].strip()).append('\n');
            if (parts.length > 1) {
                expected.add(parts[1].strip());
            }
        }
        List<String> actual = TraceReplayer.replay(new StringReader(trace.toString()), options);
        List<String> ops = trace.toString().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), "result of operation " + (i + 1) + ": " + ops.get(i));
        }
        assertEquals(expected.size(), actual.size(), "one result per operation");
    }

    private static List<String> replay(ReplayOptions options, String trace) {
        return TraceReplayer.replay(new StringReader(trace), options);
    }

    /** H-01 test_hashmap: HASH, 8-byte key and value, max_entries 2 (steps 1-12 and 14-15; 13 below). */
    @Test
    void h01HashmapGivesTheKernelsResults() {
        check(ReplayOptions.of("hash").withMaxEntries(2), """
                update 1 1234 ANY        -> 0
                update 1 1234 NOEXIST    -> -EEXIST
                update 1 1234 -1         -> -EINVAL
                lookup 1                 -> 1234
                update 2 1234 ANY        -> 0
                lookup_and_delete 2      -> 1234
                lookup 2                 -> -ENOENT
                update 2 1234 EXIST      -> -ENOENT
                update 2 1234 NOEXIST    -> 0
                update 0 1234 NOEXIST    -> -E2BIG
                update 1 1234 EXIST      -> 0
                update 2 1234 ANY        -> 0
                update 3 1234 NOEXIST    -> -E2BIG
                update 3 1234 ANY        -> -E2BIG
                delete 0                 -> -ENOENT
                keys                     -> 1 2
                delete 1                 -> 0
                delete 2                 -> 0
                delete 2                 -> -ENOENT
                next_key                 -> -ENOENT
                next_key 0               -> -ENOENT
                keys                     ->
                """);
    }

    /**
     * H-01 step 13, iteration: get_next_key(NULL) is 1 or 2; an absent key (0) restarts at the same first
     * key; the first leads to the other; the second ends with ENOENT. With the zero seed the order is
     * fixed, so a first replay learns it and a second replay checks every step.
     */
    @Test
    void h01IterationRestartsOnAnAbsentKeyAndVisitsEachKeyOnce() {
        ReplayOptions options = ReplayOptions.of("hash").withMaxEntries(2).withZeroSeed(true);
        String fill = "update 1 1234 ANY\nupdate 2 1234 NOEXIST\n";
        String first = replay(options, fill + "next_key\n").get(2);
        assertTrue(first.equals("1") || first.equals("2"), "first key " + first);
        String second = first.equals("1") ? "2" : "1";
        check(options, """
                update 1 1234 ANY        -> 0
                update 2 1234 NOEXIST    -> 0
                next_key                 -> %1$s
                next_key 0               -> %1$s
                next_key %1$s            -> %2$s
                next_key %2$s            -> -ENOENT
                delete %1$s              -> 0
                next_key %1$s            -> %2$s
                """.formatted(first, second));
    }

    /**
     * H-03 test_hashmap_percpu: PERCPU_HASH, max_entries 2, on 2 CPUs. The selftest writes i+100 into CPU
     * i's slot; a trace update writes V into the current CPU's slot and 0 elsewhere, so the per-slot
     * values are checked by updating from each CPU in turn.
     */
    @Test
    void h03PercpuHashmapGivesTheKernelsResults() {
        check(ReplayOptions.of("percpu_hash").withMaxEntries(2).withCpus(2), """
                update 1 100 ANY         -> 0
                lookup_and_delete 1      -> 100,0
                update 1 100 NOEXIST     -> 0
                update 1 100 NOEXIST     -> -EEXIST
                update 1 100 -1          -> -EINVAL
                lookup 1                 -> 100,0
                lookup 2                 -> -ENOENT
                update 2 100 EXIST       -> -ENOENT
                update 2 100 NOEXIST     -> 0
                update 0 100 NOEXIST     -> -E2BIG
                delete 0                 -> -ENOENT
                keys                     -> 1 2
                cpu 1                    -> 0
                update 1 101 EXIST       -> 0
                lookup 1                 -> 0,101
                prog_lookup 1            -> 101
                cpu 0                    -> 0
                prog_lookup 1            -> 0
                prog_lookup 2            -> 100
                lookup_and_delete 2      -> 100,0
                delete 1                 -> 0
                delete 2                 -> -ENOENT
                next_key                 -> -ENOENT
                next_key 0               -> -ENOENT
                """);
    }

    /**
     * The kernel's bucket order (Linux 6.18, recorded through bpf(2)): HASH, BPF_F_ZERO_SEED, max_entries
     * 16, 8-byte keys (i * 2654435761) mod 2^32 for i = 0..9 inserted in order. Each next_key names the
     * key the kernel returned last, so every step of the walk is compared.
     */
    @Test
    void zeroSeedNextKeyWalksTheKernelsOrder() {
        String kernelOrder = "2415085369 1401181143 387276917 3041712678 2027808452 2654435761 3668339987"
                + " 4055616904 1013904226 0";
        StringBuilder trace = new StringBuilder();
        for (long i = 0; i < 10; i++) {
            trace.append("update ").append((i * 2654435761L) & 0xffff_ffffL).append(" ").append(i).append(" NOEXIST\n");
        }
        trace.append("next_key\n");
        for (String k : kernelOrder.split(" ")) {
            trace.append("next_key ").append(k).append('\n');
        }
        List<String> results = replay(ReplayOptions.of("hash").withMaxEntries(16).withZeroSeed(true), trace.toString());
        List<String> walk = results.subList(10, results.size());
        List<String> expected = new ArrayList<>(Arrays.asList(kernelOrder.split(" ")));
        expected.add("-ENOENT");
        assertEquals(expected, walk);
        assertEquals(List.of("0"), results.subList(0, 10).stream().distinct().toList());
    }

    @Test
    void valuesAreUnsigned64Bit() {
        check(ReplayOptions.of("hash"), """
                update 18446744073709551615 18446744073709551615 -> 0
                lookup 18446744073709551615 -> 18446744073709551615
                update 9223372036854775808 1 -> 0
                keys -> 9223372036854775808 18446744073709551615
                update 1 2 18446744073709551615 -> -EINVAL
                """);
    }

    @Test
    void commentsAndBlankLinesGiveNoResult() {
        assertEquals(List.of("0", "5"), replay(ReplayOptions.of("hash"), """
                # a comment

                update 1 5   # trailing comment
                   lookup 1
                """));
    }

    @Test
    void theReplayingThreadsCpuBindingIsRestored() {
        LogicalCpu.Binding outer = LogicalCpu.bind(1);
        try {
            replay(ReplayOptions.of("percpu_hash"), "cpu 0\nupdate 1 1\n");
            assertEquals(1, LogicalCpu.bound());
        } finally {
            outer.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"updat 1 2", "update 1", "update 1 2 3 4", "lookup", "lookup x", "lookup -1",
        "lookup 18446744073709551616", "cpu 2", "update 1 2 SOMETIMES", "pop 1", "keys 1"})
    void aBadLineIsReportedWithItsNumberAndText(String bad) {
        TraceException e = assertThrows(TraceException.class,
                () -> replay(ReplayOptions.of("hash"), "update 1 1\n# comment\n" + bad + "\nlookup 1\n"));
        assertEquals(3, e.lineNumber());
        assertTrue(e.getMessage().startsWith("trace line 3: '" + bad + "': "), e.getMessage());
    }

    @Test
    void aBadLineStopsTheReplayBeforeAnyOperationRuns() {
        List<String> results = new ArrayList<>();
        assertThrows(TraceException.class,
                () -> TraceReplayer.replay(new StringReader("update 1 1\nbogus\n"), ReplayOptions.of("hash"), results::add));
        assertEquals(List.of(), results);
    }

    @Test
    void unknownAndUnimplementedMapTypesAreRefusedClearly() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> replay(ReplayOptions.of("btree"), ""));
        assertTrue(unknown.getMessage().contains("unknown map type"), unknown.getMessage());
        for (String type : ReplayMaps.TYPES) {
            if (!ReplayMaps.implemented().contains(type)) {
                IllegalArgumentException later = assertThrows(IllegalArgumentException.class,
                        () -> replay(ReplayOptions.of(type), ""));
                assertTrue(later.getMessage().contains("not implemented yet"), later.getMessage());
            }
        }
    }

    @Test
    void optionsTheKernelRefusesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> replay(ReplayOptions.of("hash").withNoCommonLru(true), ""));
        assertTrue(e.getMessage().contains("NO_COMMON_LRU"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReplayOptions.of("hash").withCpus(0));
        assertThrows(IllegalArgumentException.class, () -> ReplayOptions.of("hash").withMaxEntries(0));
    }
}
