package dev.maplab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchResultTest {
    @Test
    void unitsKnowTheirDirection() {
        for (String u : List.of("ops/s", "ops/ms", "ops/us", "ops/ns", "MB/sec")) {
            assertEquals(Units.Direction.HIGHER_IS_BETTER, Units.direction(u), u);
        }
        for (String u : List.of("s/op", "ms/op", "us/op", "ns/op", "B/op")) {
            assertEquals(Units.Direction.LOWER_IS_BETTER, Units.direction(u), u);
        }
        assertEquals(Units.Direction.UNKNOWN, Units.direction("furlongs"));
        assertEquals(2.0, Units.advantage(20, 10, "ops/us"));
        assertEquals(2.0, Units.advantage(10, 20, "ns/op"));
        assertTrue(Double.isNaN(Units.advantage(10, 20, "furlongs")));
    }

    @Test
    void parsesJmhJsonWithGcProfilerAndNanErrors() throws Exception {
        String json = "[{\"benchmark\": \"dev.maplab.jmh.HashBench.lookup\", \"mode\": \"avgt\", \"threads\": 4,"
                + " \"params\": {\"impl\": \"chm\", \"entries\": \"1024\"},"
                + " \"primaryMetric\": {\"score\": 20.0, \"scoreError\": \"NaN\", \"scoreUnit\": \"ns/op\"},"
                + " \"secondaryMetrics\": {\"gc.alloc.rate.norm\": {\"score\": 24.0, \"scoreError\": 0.5, \"scoreUnit\": \"B/op\"}}},"
                + " {\"benchmark\": \"dev.maplab.jmh.HashBench.lookup\", \"mode\": \"avgt\", \"threads\": 4,"
                + " \"params\": {\"impl\": \"maplab\", \"entries\": \"1024\"},"
                + " \"primaryMetric\": {\"score\": 25.0, \"scoreError\": 3.0, \"scoreUnit\": \"ns/op\"}}, {\"no\": \"benchmark\"}]";
        List<String> problems = new ArrayList<>();
        List<BenchResult> r = ResultSet.parseJmh(new ObjectMapper().readTree(json), "hash", "bench/hash.json", problems);
        assertEquals(2, r.size());
        assertEquals(1, problems.size());
        BenchResult chm = r.get(0);
        assertEquals("chm", chm.impl());
        assertEquals("HashBench.lookup", chm.shortName());
        assertEquals(4, chm.threads());
        assertEquals(1024, chm.numericParam("entries"));
        assertFalse(chm.params().containsKey("impl"));
        assertTrue(Double.isNaN(chm.error()));
        assertFalse(chm.noisy());
        assertEquals(24.0, chm.allocPerOp());
        BenchResult maplab = r.get(1);
        assertTrue(maplab.isMaplab());
        assertTrue(maplab.noisy(), "3 of 25 is 12%");
        assertTrue(Double.isNaN(maplab.allocPerOp()));
    }

    @Test
    void aPairedEntryBecomesTheTwoRingsRowsInAGroupOfTheirOwn() throws Exception {
        String json = "[{\"benchmark\": \"dev.maplab.jmh.ringbuf.RingBufPairedBench.slicePair\", \"mode\": \"thrpt\","
                + " \"threads\": 1, \"params\": {\"impl\": \"maplab\", \"anchor\": \"agrona\", \"producers\": \"2\"},"
                + " \"primaryMetric\": {\"score\": 0.0001, \"scoreError\": 0.0, \"scoreUnit\": \"ops/us\"},"
                + " \"secondaryMetrics\": {"
                + " \"subjectRecords\": {\"score\": 8.0, \"scoreError\": 0.4, \"scoreUnit\": \"ops/us\"},"
                + " \"anchorRecords\": {\"score\": 10.0, \"scoreError\": 0.5, \"scoreUnit\": \"ops/us\"},"
                + " \"gc.alloc.rate.norm\": {\"score\": 900.0, \"scoreError\": 1.0, \"scoreUnit\": \"B/op\"}}}]";
        List<String> problems = new ArrayList<>();
        List<BenchResult> r = ResultSet.parseJmh(new ObjectMapper().readTree(json), "ringbuf", "bench/ringbuf.json", problems);
        assertEquals(List.of(), problems);
        assertEquals(2, r.size(), "the subject's row and the anchor's; the slice-pair score is dropped");
        BenchResult maplab = r.get(0);
        BenchResult agrona = r.get(1);
        assertEquals("maplab", maplab.impl());
        assertEquals("agrona", agrona.impl());
        assertEquals(8.0, maplab.score());
        assertEquals(10.0, agrona.score());
        assertEquals("RingBufPairedBench.slicePair:records", maplab.shortName());
        assertEquals("maplab vs agrona", maplab.params().get("pair"));
        assertEquals(maplab.params(), agrona.params(), "one group");
        assertFalse(maplab.params().containsKey("anchor"));
        assertTrue(Double.isNaN(maplab.allocPerOp()), "allocation per slice pair is not per record");
    }

    @Test
    void numbersInParameters() {
        assertEquals(0.5, BenchResult.parseNumber("50%"));
        assertEquals(1048576, BenchResult.parseNumber("2^20"));
        assertEquals(1000, BenchResult.parseNumber("1_000"));
        assertTrue(Double.isNaN(BenchResult.parseNumber("zipf")));
    }

    @Test
    void checkExpectations() {
        assertTrue(check("production", "pass", "pass").asExpected());
        assertFalse(check("production", "pass", "fail").asExpected());
        assertTrue(check("mutant:x", "caught", "caught").asExpected());
        assertFalse(check("mutant:x", "caught", "missed").asExpected());
        assertTrue(check("mutant:x", "unobservable-on-x86", "unobserved").asExpected());
        assertFalse(check("mutant:x", "unobservable-on-x86", "caught").asExpected(), "a surprise is shown");
        assertTrue(check("mutant:x", "", "caught").asExpected(), "mutants default to caught");
    }

    private static CheckResult check(String subject, String expect, String outcome) {
        return new CheckResult("hash", "n", "lincheck", subject, expect, outcome, "", 0, "check/hash.json");
    }
}
