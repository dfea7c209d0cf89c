package dev.maplab.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maplab.report.BenchResult;
import dev.maplab.report.CheckResult;
import dev.maplab.report.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The C8-C15 rules on hand-made result sets: OPEN without evidence, and each verdict where the figures say so. */
class RingbufRulesTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode study(String json) throws Exception {
        return JSON.readTree(json.replace('\'', '"'));
    }

    static ResultSet with(JsonNode study, List<CheckResult> checks, List<BenchResult> benches) {
        return new ResultSet(checks, benches, study == null ? Map.of() : Map.of("ringbuf", study), Map.of(), List.of());
    }

    static CheckResult check(String structure, String name, String subject, String outcome) {
        return new CheckResult(structure, name, "jcstress", subject, subject.equals("production") ? "pass" : "caught",
                outcome, "", 1, "check/" + structure + ".json");
    }

    static BenchResult bench(String impl, int producers, double score) {
        return new BenchResult("ringbuf", "dev.maplab.jmh.ringbuf.RingBufThroughputBench.delivered", "thrpt", 1, impl,
                Map.of("producers", Integer.toString(producers), "recordSize", "64"), score, 0.1, "ops/us", 0, 0,
                "bench/ringbuf.json");
    }

    static final String DROPS = "{'drops': ["
            + "{'cpus': 2, 'burst': 64, 'skew': 0.5, 'ringbuf': {'dropRate': 0.0, 'zeroDropBytes': 8192},"
            + " 'perfbuf': {'dropRate': 0.1, 'zeroDropBytes': 16384}},"
            + "{'cpus': 16, 'burst': 64, 'skew': 0.5, 'ringbuf': {'dropRate': 0.0, 'zeroDropBytes': 8192},"
            + " 'perfbuf': {'dropRate': 0.3, 'zeroDropBytes': 131072}}],"
            + " 'ordering': {'producers': 2, 'perfbuf': {'eventOrderInversionsPerMillion': 1200},"
            + " 'ringbuf': {'eventOrderInversionsPerMillion': 3, 'commitOrderInversionsPerMillion': 40}},"
            + " 'headOfLine': {'committedBehindLateRecord': 100, 'deliveredBeforeLateCommit': 0, 'deliveredAfterLateCommit': 101},"
            + " 'nmi': [{'producers': 1, 'lockFailuresPerMillion': 0, 'fullDrops': 0},"
            + " {'producers': 2, 'lockFailuresPerMillion': 250, 'fullDrops': 0}],"
            + " 'copies': [{'recordBytes': 64, 'perfbuf-output': {'recordsPerSecond': 1e7, 'bytesCopiedPerRecord': 128,"
            + " 'consumerCopiesPerMillion': 10}, 'ringbuf-output': {'recordsPerSecond': 1.1e7, 'bytesCopiedPerRecord': 128},"
            + " 'ringbuf-reserve-commit': {'recordsPerSecond': 1.5e7, 'bytesCopiedPerRecord': 64}}]}";

    @Test
    void everyRuleIsOpenWithoutEvidence() {
        ResultSet empty = ResultSet.empty();
        for (ClaimRule r : List.of(new C8PerfBufRoundTripRule(), new C9PerfBufMemoryRule(), new C10CopiesRule(),
                new C11PerfBufOrderRule(), new C12SharedRingRule(), new C13RingBufOrderRule(), new C14PerfBufThroughputRule(),
                new C15NmiTryLockRule())) {
            assertEquals(Verdict.OPEN, r.decide(empty).verdict(), r.id());
        }
    }

    @Test
    void studyFiguresDecideTheStudyClaims() throws Exception {
        ResultSet rs = with(study(DROPS), List.of(), List.of());
        assertEquals(Verdict.CONFIRMED, new C9PerfBufMemoryRule().decide(rs).verdict());
        assertEquals(Verdict.CONFIRMED, new C12SharedRingRule().decide(rs).verdict());
        assertEquals(Verdict.CONFIRMED, new C10CopiesRule().decide(rs).verdict());
        assertEquals(Verdict.CONFIRMED, new C11PerfBufOrderRule().decide(rs).verdict());
        assertEquals(Verdict.CONFIRMED, new C15NmiTryLockRule().decide(rs).verdict());
    }

    @Test
    void studyFiguresCanRefuteOrQualify() throws Exception {
        String flipped = DROPS.replace("'dropRate': 0.1", "'dropRate': 0.0").replace("'dropRate': 0.3", "'dropRate': 0.0")
                .replace("131072", "16384").replace("'lockFailuresPerMillion': 250", "'lockFailuresPerMillion': 0")
                .replace("1.5e7", "0.9e7").replace("'eventOrderInversionsPerMillion': 1200", "'eventOrderInversionsPerMillion': 0");
        ResultSet rs = with(study(flipped), List.of(), List.of());
        assertEquals(Verdict.REFUTED, new C9PerfBufMemoryRule().decide(rs).verdict());
        assertEquals(Verdict.REFUTED, new C15NmiTryLockRule().decide(rs).verdict());
        assertEquals(Verdict.NUANCED, new C10CopiesRule().decide(rs).verdict());
        assertEquals(Verdict.NUANCED, new C11PerfBufOrderRule().decide(rs).verdict());
    }

    @Test
    void checksDecideC8AndC13() throws Exception {
        List<CheckResult> checks = List.of(check("perfbuf", "PerfBufTest#wrappedRecords", "production", "pass"),
                check("ringbuf", "jcstress HeadOfLineTest", "production", "pass"),
                check("ringbuf", "jcstress HeadOfLineTest", "mutant:no-busy-stop", "caught"));
        ResultSet rs = with(study(DROPS), checks, List.of());
        assertEquals(Verdict.NUANCED, new C8PerfBufRoundTripRule().decide(rs).verdict(), "wrapped records are copied");
        assertEquals(Verdict.NUANCED, new C13RingBufOrderRule().decide(rs).verdict(), "reservation order, not commit order");
        List<CheckResult> missed = List.of(check("ringbuf", "jcstress HeadOfLineTest", "production", "pass"),
                check("ringbuf", "jcstress HeadOfLineTest", "mutant:no-busy-stop", "missed"));
        assertEquals(Verdict.OPEN, new C13RingBufOrderRule().decide(with(null, missed, List.of())).verdict());
        List<CheckResult> failing = List.of(check("ringbuf", "jcstress HeadOfLineTest", "production", "fail"));
        assertEquals(Verdict.REFUTED, new C13RingBufOrderRule().decide(with(null, failing, List.of())).verdict());
        List<CheckResult> perfFail = List.of(check("perfbuf", "PerfBufTest#wrappedRecords", "production", "fail"));
        assertEquals(Verdict.REFUTED, new C8PerfBufRoundTripRule().decide(with(null, perfFail, List.of())).verdict());
    }

    @Test
    void benchDecidesC14() {
        ResultSet fewProducers = with(null, List.of(), List.of(bench("maplab", 2, 5), bench("maplab-perfbuf", 2, 4),
                bench("maplab", 1, 8), bench("maplab-perfbuf", 1, 3)));
        assertEquals(Verdict.NUANCED, new C14PerfBufThroughputRule().decide(fewProducers).verdict());
        ResultSet many = with(null, List.of(), List.of(bench("maplab", 8, 2), bench("maplab-perfbuf", 8, 9)));
        assertEquals(Verdict.CONFIRMED, new C14PerfBufThroughputRule().decide(many).verdict());
        ResultSet refuted = with(null, List.of(), List.of(bench("maplab", 8, 9), bench("maplab-perfbuf", 8, 2)));
        assertEquals(Verdict.REFUTED, new C14PerfBufThroughputRule().decide(refuted).verdict());
    }

    @Test
    void c14IgnoresThePairedBenchmarksRows() {
        BenchResult paired = new BenchResult("ringbuf", "dev.maplab.jmh.ringbuf.RingBufPairedBench.slicePair:records",
                "thrpt", 1, "maplab", Map.of("producers", "8", "recordSize", "64", "pair", "maplab vs agrona"), 100, 0.1,
                "ops/us", Double.NaN, Double.NaN, "bench/ringbuf.json");
        ResultSet many = with(null, List.of(), List.of(paired, bench("maplab", 8, 2), bench("maplab-perfbuf", 8, 9)));
        assertEquals(Verdict.CONFIRMED, new C14PerfBufThroughputRule().decide(many).verdict(),
                "the table's maplab row (2), not the paired one (100)");
    }
}
