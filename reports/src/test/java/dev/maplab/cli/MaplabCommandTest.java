package dev.maplab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.replay.ReplayMaps;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line: usage errors exit 2 with a message and the usage; help works; replay reads stdin. */
class MaplabCommandTest {

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Maplab.run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(rc, out.toString(), err.toString());
    }

    private static void assertUsageError(Result r, String message) {
        assertEquals(2, r.exitCode(), "exit code; stderr: " + r.err());
        assertTrue(r.err().contains(message), "message '" + message + "' in: " + r.err());
        assertTrue(r.err().contains("Usage: maplab"), "usage in: " + r.err());
    }

    @Test
    void helpListsEveryCommand() {
        Result r = run("", "--help");
        assertEquals(0, r.exitCode());
        for (String c : new String[] {"check", "bench", "profile", "replay", "report", "all"}) {
            assertTrue(r.out().contains("  " + c + " "), c + " in: " + r.out());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"check", "bench", "profile", "replay", "report", "all"})
    void everyCommandHasHelp(String command) {
        Result r = run("", command, "--help");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("Usage: maplab " + command), r.out());
        assertTrue(r.out().contains("Exit codes:"), r.out());
    }

    @Test
    void anUnknownStructureIsAUsageError() {
        assertUsageError(run("", "check", "hash", "btree"), "unknown structure 'btree'");
        assertUsageError(run("", "bench", "nosuch", "--quick"), "unknown structure 'nosuch'");
    }

    @Test
    void aBadCpuCountIsAUsageError() {
        assertUsageError(run("", "replay", "--map", "hash", "--cpus", "0"), "--cpus");
        assertUsageError(run("", "replay", "--map", "hash", "--cpus", "two"), "'two' is not an int");
        assertUsageError(run("", "replay", "--map", "hash", "--max-entries", "0"), "--max-entries");
    }

    @Test
    void anUnknownMapTypeIsAUsageError() {
        assertUsageError(run("", "replay", "--map", "btree"), "unknown map type");
        ReplayMaps.TYPES.stream().filter(t -> !ReplayMaps.implemented().contains(t)).findFirst()
                .ifPresent(later -> assertUsageError(run("", "replay", "--map", later), "not implemented yet"));
        assertUsageError(run("", "replay"), "--map");
    }

    @Test
    void missingOrUnknownCommandsAreUsageErrors() {
        assertUsageError(run(""), "missing command");
        assertUsageError(run("", "chek"), "chek");
        assertUsageError(run("", "profile", "nosuch"), "unknown study 'nosuch'");
        assertUsageError(run("", "profile", "chains", "--jfr", "/nonexistent/recording.jfr"), "no such file");
        assertUsageError(run("", "check", "--fast"), "--fast");
    }

    @Test
    void replayReadsTheTraceFromStandardInput() {
        Result r = run("update 7 42\nlookup 7\nlookup 8\n", "replay", "--map", "hash");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("0\n42\n-ENOENT\n", r.out().replace("\r\n", "\n"));
    }

    @Test
    void aBadTraceLineExits2NamingTheLine() {
        Result r = run("update 7 42\nlookup seven\n", "replay", "--map", "hash");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("trace line 2: 'lookup seven'"), r.err());
        assertEquals("", r.out());
    }
}
