package dev.maplab.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code maplab replay --map queue|stack}: push/pop/peek and the syscall view (update/lookup/lookup_and_delete with key 0). */
class QueueStackReplayTest {
    static final String TRACE = String.join("\n",
            "push 1",
            "push 2",
            "push 3",
            "push 4            # full: -E2BIG",
            "peek",
            "push 4 EXIST      # drops the oldest (1)",
            "pop",
            "pop",
            "pop",
            "pop               # empty",
            "push 5 NOEXIST    # -EINVAL",
            "update 0 7        # the syscall's push",
            "lookup 0          # peek",
            "lookup_and_delete 0",
            "peek",
            "delete 0",
            "next_key",
            "keys",
            "");

    static List<String> replay(String map, String trace) {
        return TraceReplayer.replay(new StringReader(trace), ReplayOptions.of(map).withMaxEntries(3));
    }

    @Test
    void queueIsFifoWithTheKernelsAnswers() {
        assertEquals(List.of("0", "0", "0", "-E2BIG", "1", "0", "2", "3", "4", "-ENOENT", "-EINVAL", "0", "7", "7", "-ENOENT",
                "-EINVAL", "-EINVAL", ""), replay("queue", TRACE));
    }

    @Test
    void stackIsLifoAndOverwriteDropsTheBottom() {
        assertEquals(List.of("0", "0", "0", "-E2BIG", "3", "0", "4", "3", "2", "-ENOENT", "-EINVAL", "0", "7", "7", "-ENOENT",
                "-EINVAL", "-EINVAL", ""), replay("stack", TRACE));
    }

    @Test
    void aNonZeroKeyDoesNotFitAQueue() {
        TraceException e = assertThrows(TraceException.class, () -> replay("queue", "update 5 7\n"));
        assertTrue(e.getMessage().contains("0-byte key"), e.getMessage());
        assertTrue(ReplayMaps.implemented().containsAll(List.of("queue", "stack")));
        assertThrows(IllegalArgumentException.class, () -> TraceReplayer.replay(new StringReader("pop\n"),
                ReplayOptions.of("queue").withZeroSeed(true)), "a queue takes no ZERO_SEED");
    }
}
