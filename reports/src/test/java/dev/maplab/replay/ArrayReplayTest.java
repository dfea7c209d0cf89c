package dev.maplab.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code maplab replay --map array|percpu_array}: the array cases of the kernel's selftests
 * (research/kernel-selftests.md §3, A-01 and A-02) as traces, with the kernel's result after {@code ->}.
 */
class ArrayReplayTest {

    private static void check(ReplayOptions options, String annotatedTrace) {
        StringBuilder trace = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (String line : annotatedTrace.strip().split("\n")) {
            String[] parts = line.split("->", -1);
            trace.append(parts[0].strip()).append('\n');
            expected.add(parts[1].strip());
        }
        List<String> actual = TraceReplayer.replay(new StringReader(trace.toString()), options);
        assertEquals(expected, actual);
    }

    @Test
    void a01ArrayGivesTheKernelsResults() {
        check(ReplayOptions.of("array").withMaxEntries(2), """
                update 1 1234 ANY        -> 0
                update 1 1234 NOEXIST    -> -EEXIST
                lookup 1                 -> 1234
                lookup 0                 -> 0
                update 2 1234 EXIST      -> -E2BIG
                lookup 2                 -> -ENOENT
                next_key                 -> 0
                next_key 2               -> 0
                next_key 0               -> 1
                next_key 1               -> -ENOENT
                delete 1                 -> -EINVAL
                update 0 7 EXIST         -> 0
                lookup_and_delete 0      -> -ENOTSUPP
                update 0 7 -1            -> -EINVAL
                prog_lookup 0            -> 7
                keys                     -> 0 1
                """);
    }

    @Test
    void a02PercpuArrayGivesTheKernelsResults() {
        check(ReplayOptions.of("percpu_array").withMaxEntries(2).withCpus(3), """
                cpu 1                    -> 0
                update 1 101 ANY         -> 0
                lookup 1                 -> 0,101,0
                prog_lookup 1            -> 101
                cpu 2                    -> 0
                prog_lookup 1            -> 0
                update 1 102 NOEXIST     -> -EEXIST
                lookup 0                 -> 0,0,0
                update 2 1 EXIST         -> -E2BIG
                lookup 2                 -> -ENOENT
                delete 1                 -> -EINVAL
                keys                     -> 0 1
                """);
    }

    @Test
    void keysThatDoNotFitAU32AreTraceErrorsAndHashOnlyFlagsAreRejected() {
        TraceException e = assertThrows(TraceException.class,
                () -> TraceReplayer.replay(new StringReader("lookup 4294967296\n"), ReplayOptions.of("array")));
        assertTrue(e.getMessage().contains("4-byte key"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TraceReplayer.replay(new StringReader("lookup 1\n"), ReplayOptions.of("array").withZeroSeed(true)));
    }
}
