package dev.maplab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Surefire XML to check entries, part files to one result, and which entries fail a check. */
class CheckResultsTest {
    @TempDir
    Path dir;

    private static final String SUREFIRE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuite name="dev.maplab.hash.SomeTest" tests="4" failures="1" errors="1" skipped="1">
              <testcase name="passes" classname="dev.maplab.hash.SomeTest" time="0.012"/>
              <testcase name="fails(int)[1]" classname="dev.maplab.hash.SomeTest" time="1.5">
                <failure message="expected: &lt;1&gt; but was: &lt;2&gt;" type="org.opentest4j.AssertionFailedError">trace</failure>
              </testcase>
              <testcase name="errs" classname="dev.maplab.hash.SomeTest" time="0">
                <error type="java.lang.IllegalStateException">java.lang.IllegalStateException
                at somewhere</error>
              </testcase>
              <testcase name="skipped" classname="dev.maplab.hash.SomeTest" time="0"><skipped/></testcase>
              <testcase name="described" classname="H-01 test_hashmap: a display name" time="0"/>
            </testsuite>
            """;

    @Test
    void surefireReportsBecomeJunitEntries() throws Exception {
        Files.writeString(dir.resolve("TEST-dev.maplab.hash.SomeTest.xml"), SUREFIRE);
        Files.writeString(dir.resolve("dev.maplab.hash.SomeTest.txt"), "not a report");
        Files.writeString(dir.resolve("TEST-dev.maplab.lru.OtherTest.xml"), SUREFIRE.replace("hash.SomeTest", "lru.OtherTest"));
        Registry.CheckSuite hash = Registry.check("hash");
        List<CheckEntry> entries = SurefireReports.read(dir, "junit", hash::covers, 0);
        assertEquals(4, entries.size(), entries.toString());
        assertEquals(new CheckEntry("dev.maplab.hash.SomeTest#passes", "junit", "production", "pass", "pass", "", 0.012),
                entries.get(0));
        CheckEntry fail = entries.get(1);
        assertEquals("dev.maplab.hash.SomeTest#fails(int)[1]", fail.name());
        assertEquals("fail", fail.outcome());
        assertEquals("org.opentest4j.AssertionFailedError: expected: <1> but was: <2>", fail.detail());
        assertEquals(1.5, fail.seconds());
        assertEquals("fail", entries.get(2).outcome());
        assertTrue(entries.get(2).detail().startsWith("java.lang.IllegalStateException"), entries.get(2).detail());
        assertEquals("dev.maplab.hash.SomeTest#described", entries.get(3).name(), "the class comes from the file name");
        assertEquals(List.of(), SurefireReports.read(dir, "junit", hash::covers, System.currentTimeMillis() + 60_000),
                "reports older than the run are ignored");
    }

    @Test
    void failingMeansAFailureOrAnUnexpectedMiss() {
        assertTrue(entry("pass", "fail").failing());
        assertTrue(entry("caught", "missed").failing());
        assertFalse(entry("unobservable-on-x86", "missed").failing());
        assertFalse(entry("unobservable-on-x86", "unobserved").failing());
        assertFalse(entry("caught", "caught").failing());
        assertFalse(entry("pass", "pass").failing());
    }

    private static CheckEntry entry(String expect, String outcome) {
        return new CheckEntry("n", "lincheck", "mutant:m", expect, outcome, "", 1);
    }

    @Test
    void partsAreMergedJunitFirstThenLincheckThenJcstress() throws Exception {
        Path parts = dir.resolve("parts");
        Files.createDirectories(parts);
        Files.writeString(parts.resolve("hash-jcstress.json"),
                "[{\"name\":\"j\",\"tool\":\"jcstress\",\"subject\":\"production\",\"expect\":\"pass\",\"outcome\":\"pass\","
                        + "\"detail\":\"\",\"seconds\":7,\"extra\":true}]");
        Files.writeString(parts.resolve("hash-lincheck.json"),
                "[{\"name\":\"l\",\"tool\":\"lincheck\",\"subject\":\"mutant:x\",\"expect\":\"caught\",\"outcome\":\"missed\"}]");
        Files.writeString(parts.resolve("hash-junit.json"), "[]");
        Files.writeString(parts.resolve("hashy-junit.json"), "[{\"name\":\"not hash\"}]");
        Files.writeString(parts.resolve("hash-broken.json"), "{not json");
        CheckRunner runner = new CheckRunner(Workspace.locate(new PrintWriter(new StringWriter())));
        List<CheckEntry> merged = runner.merge(parts, "hash",
                new java.util.ArrayList<>(List.of(CheckEntry.toolFailure("jcstress runner", "jcstress", "exit 3"))));
        assertEquals(List.of("l", "j", "hash-broken.json", "jcstress runner"), merged.stream().map(CheckEntry::name).toList());
        assertTrue(merged.get(0).failing());
        assertTrue(merged.get(2).failing(), "an unreadable part is a failure");
    }

    @Test
    void checkSuitesCoverTheirPackage() {
        Registry.CheckSuite hash = Registry.check("hash");
        assertEquals("dev/maplab/hash/**/*", hash.surefirePattern());
        assertTrue(hash.covers("dev.maplab.hash.HashMapSelftestsTest"));
        assertTrue(hash.covers("dev.maplab.hash.mutant.NoNullsRestartTest"));
        assertFalse(hash.covers("dev.maplab.hashx.Test"));
        assertFalse(hash.covers("dev.maplab.lru.LruTest"));
        for (Registry.CheckSuite s : Registry.checks()) {
            assertTrue(Registry.STRUCTURES.contains(s.structure()), s.structure());
        }
    }

    @Test
    void claimsArePrintedInNumericOrder() throws Exception {
        Path claims = dir.resolve("claims.json");
        Files.writeString(claims, "{\"C10\": {\"verdict\": \"REFUTED\", \"summary\": \"ten\"},"
                + " \"C2\": {\"verdict\": \"NUANCED\", \"summary\": \"two\\nlines\", \"evidence\": []},"
                + " \"C1\": {\"verdict\": \"CONFIRMED\", \"summary\": \"one\"}}");
        StringWriter text = new StringWriter();
        AllCommand.printClaims(claims, "claims.json", new PrintWriter(text, true));
        List<String> lines = text.toString().lines().toList();
        assertEquals("Claims (claims.json):", lines.get(0));
        assertEquals(List.of("C1     CONFIRMED  one", "C2     NUANCED    two lines", "C10    REFUTED    ten"), lines.subList(3, 6));

        StringWriter none = new StringWriter();
        AllCommand.printClaims(dir.resolve("absent.json"), "absent.json", new PrintWriter(none, true));
        assertTrue(none.toString().contains("not written"), none.toString());
    }

    @Test
    void benchmarkListingIsParsed() {
        String listing = "# JMH version\nBenchmarks: \ndev.maplab.jmh.hash.Lookup.get\ndev.maplab.jmh.hash.Update.put\n";
        assertEquals(List.of("dev.maplab.jmh.hash.Lookup.get", "dev.maplab.jmh.hash.Update.put"),
                BenchRunner.benchmarkNames(listing));
        assertEquals(List.of(), BenchRunner.benchmarkNames("Benchmarks: \n"));
    }
}
