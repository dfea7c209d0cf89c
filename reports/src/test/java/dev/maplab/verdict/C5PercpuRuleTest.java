package dev.maplab.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.report.BenchResult;
import dev.maplab.report.CheckResult;
import dev.maplab.report.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class C5PercpuRuleTest {
    private final C5PercpuRule rule = new C5PercpuRule();
    private final List<CheckResult> checks = new ArrayList<>();
    private final List<BenchResult> benches = new ArrayList<>();

    private C5PercpuRuleTest check(String structure, String name, String tool, String subject, String expect, String outcome) {
        checks.add(new CheckResult(structure, name, tool, subject, expect, outcome, "detail of " + name, 1.0,
                "check/" + structure + ".json"));
        return this;
    }

    private C5PercpuRuleTest bench(String cls, String method, int threads, String impl, int cpus, double score) {
        benches.add(new BenchResult("percpu", "dev.maplab.jmh.percpu." + cls + "." + method, "thrpt", threads, impl,
                Map.of("cpus", Integer.toString(cpus)), score, score * 0.02, "ops/us", 0, 0, "bench/percpu.json"));
        return this;
    }

    private ResultSet results() {
        return new ResultSet(checks, benches, Map.of(), Map.of(), List.of());
    }

    /** The cross-CPU checks: production passing, the interfering mutant caught. */
    private C5PercpuRuleTest crossCpuChecks(String productionOutcome) {
        return check("array", "jcstress PercpuSlotsTest", "jcstress", "production", "pass", productionOutcome)
                .check("array", "jcstress PercpuSlotsTest", "jcstress", C5PercpuRule.CROSS_CPU_MUTANT, "caught", "caught");
    }

    private C5PercpuRuleTest updates(double maplab, double atomiclong) {
        return bench("PercpuArrayUpdateBench", "updateT1", 1, "maplab", 2, 500)
                .bench("PercpuArrayUpdateBench", "updateT1", 1, "atomiclong", 2, 150)
                .bench("PercpuArrayUpdateBench", "updateT2", 2, "maplab", 2, maplab)
                .bench("PercpuArrayUpdateBench", "updateT2", 2, "atomiclong", 2, atomiclong);
    }

    @Test
    void withoutTheUpdateBenchmarkItIsOpen() {
        crossCpuChecks("pass");
        ClaimVerdict v = rule.decide(results());
        assertEquals(Verdict.OPEN, v.verdict());
        assertTrue(v.summary().contains("PercpuArrayUpdateBench"), v.summary());
        assertEquals(List.of("check/array.json"), v.evidence());
    }

    @Test
    void withoutTheInterferenceMutantCaughtItIsOpen() {
        updates(900, 60).check("array", "jcstress PercpuSlotsTest", "jcstress", "production", "pass", "pass")
                .check("array", "jcstress PercpuSlotsTest", "jcstress", C5PercpuRule.CROSS_CPU_MUTANT, "caught", "missed");
        ClaimVerdict v = rule.decide(results());
        assertEquals(Verdict.OPEN, v.verdict());
        assertTrue(v.summary().contains("missed"), v.summary());
    }

    @Test
    void fasterAndNoCaveatConfirms() {
        updates(900, 60).crossCpuChecks("pass");
        ClaimVerdict v = rule.decide(results());
        assertEquals(Verdict.CONFIRMED, v.verdict(), v.summary());
        assertTrue(v.figure().contains("at 2 threads"), v.figure());
        assertTrue(v.figure().contains("15.00×"), v.figure());
    }

    @Test
    void slowerThanTheSharedAtomicRefutes() {
        updates(50, 60).crossCpuChecks("pass");
        assertEquals(Verdict.REFUTED, rule.decide(results()).verdict());
    }

    @Test
    void crossCpuInterferenceRefutes() {
        updates(900, 60).crossCpuChecks("fail");
        ClaimVerdict v = rule.decide(results());
        assertEquals(Verdict.REFUTED, v.verdict());
        assertTrue(v.summary().contains("interfered"), v.summary());
    }

    @Test
    void aSumThatIsNotASnapshotOrADearTotalIsNuanced() {
        updates(900, 60).crossCpuChecks("pass")
                .check("percpu", "model checking, both signs: sum() not linearizable", "lincheck", "production", "caught", "caught")
                .check("percpu", "model checking, targeted: inc cpu0 || inc cpu0; then sum", "lincheck",
                        C5PercpuRule.SAME_CPU_MUTANT, "caught", "caught")
                .bench("PercpuArrayReadBench", "readTotal", 1, "maplab", 64, 20)
                .bench("PercpuArrayReadBench", "readTotal", 1, "atomiclong", 64, 400)
                .bench("CounterReadBench", "read", 1, "maplab", 64, 800)
                .bench("CounterReadBench", "sum", 1, "maplab", 64, 10);
        ClaimVerdict v = rule.decide(results());
        assertEquals(Verdict.NUANCED, v.verdict(), v.summary());
        assertTrue(v.summary().contains("not a snapshot"), v.summary());
        assertTrue(v.summary().contains("two contexts on one CPU"), v.summary());
        assertTrue(v.summary().contains("80.00×"), v.summary());
        assertTrue(v.figure().contains("at 64 CPUs costs 20.00× a shared read"), v.figure());
        assertEquals(List.of("bench/percpu.json", "check/percpu.json", "check/array.json"), v.evidence());
    }

    @Test
    void aCheapTotalAloneDoesNotQualify() {
        updates(900, 60).crossCpuChecks("pass")
                .bench("PercpuArrayReadBench", "readTotal", 1, "maplab", 2, 300)
                .bench("PercpuArrayReadBench", "readTotal", 1, "atomiclong", 2, 400);
        assertEquals(Verdict.CONFIRMED, rule.decide(results()).verdict());
    }
}
