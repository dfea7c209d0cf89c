package dev.maplab.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.report.BenchResult;
import dev.maplab.report.CheckResult;
import dev.maplab.report.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class C7ArrayRuleTest {
    private static final String DELETE = "dev.maplab.array.ArraySelftestsTest#a01DeleteReturnsEinvalAndAZeroUpdateClearsTheElement";
    private static final String TORN = "jcstress TornValueTest";

    private final C7ArrayRule rule = new C7ArrayRule();
    private final List<CheckResult> checks = new ArrayList<>();
    private final List<BenchResult> benches = new ArrayList<>();

    private C7ArrayRuleTest check(String name, String tool, String subject, String expect, String outcome) {
        checks.add(new CheckResult("array", name, tool, subject, expect, outcome, "", 1.0, "check/array.json"));
        return this;
    }

    private C7ArrayRuleTest lookup(String impl, int entries, double score) {
        benches.add(new BenchResult("percpu", "dev.maplab.jmh.percpu.ArrayLookupBench.lookup", "thrpt", 1, impl,
                Map.of("entries", Integer.toString(entries)), score, score * 0.02, "ops/us", 0, 0, "bench/percpu.json"));
        return this;
    }

    private ResultSet results() {
        return new ResultSet(checks, benches, Map.of(), Map.of(), List.of());
    }

    @Test
    void deleteNamesAreMatched() {
        assertTrue(C7ArrayRule.DELETE_CHECK.matcher(DELETE).find());
        assertTrue(C7ArrayRule.DELETE_CHECK.matcher("deleteEINVAL").find());
        assertFalse(C7ArrayRule.DELETE_CHECK.matcher("a04DeleteBatchesAreNotSupported").find());
    }

    @Test
    void withoutDeleteCheckOrBenchmarkItIsOpen() {
        assertEquals(Verdict.OPEN, rule.decide(ResultSet.empty()).verdict());
        lookup("maplab", 1024, 300).lookup("maplab-hash", 1024, 60);
        ClaimVerdict v = rule.decide(results());
        assertEquals(Verdict.OPEN, v.verdict());
        assertTrue(v.summary().contains("EINVAL"), v.summary());
        assertEquals(List.of("bench/percpu.json"), v.evidence());
    }

    @Test
    void fasterUndeletableAndNoTearingConfirms() {
        check(DELETE, "junit", "production", "pass", "pass").lookup("maplab", 1024, 300).lookup("maplab-hash", 1024, 60)
                .lookup("maplab", 1048576, 90).lookup("maplab-hash", 1048576, 10).lookup("chm", 1024, 80);
        ClaimVerdict v = rule.decide(results());
        assertEquals(Verdict.CONFIRMED, v.verdict(), v.summary());
        assertTrue(v.summary().contains("5.00× at 2^10") && v.summary().contains("9.00× at 2^20"), v.summary());
    }

    @Test
    void tornValuesWithoutTheLockAreANuance() {
        check(DELETE, "junit", "production", "pass", "pass").lookup("maplab", 1024, 300).lookup("maplab-hash", 1024, 60)
                .check(TORN, "jcstress", "production", "pass", "pass")
                .check(TORN, "jcstress", C7ArrayRule.NO_LOCK_VARIANT, "caught", "caught")
                .check(TORN, "jcstress", C7ArrayRule.LOCK_MUTANT, "caught", "caught");
        ClaimVerdict v = rule.decide(results());
        assertEquals(Verdict.NUANCED, v.verdict(), v.summary());
        assertTrue(v.summary().contains("torn") && v.summary().contains("never with BPF_F_LOCK"), v.summary());
    }

    @Test
    void aLockNotShownToWorkIsSaid() {
        check(DELETE, "junit", "production", "pass", "pass").lookup("maplab", 1024, 300).lookup("maplab-hash", 1024, 60)
                .check(TORN, "jcstress", "production", "pass", "pass")
                .check(TORN, "jcstress", C7ArrayRule.NO_LOCK_VARIANT, "caught", "caught")
                .check(TORN, "jcstress", C7ArrayRule.LOCK_MUTANT, "caught", "missed");
        ClaimVerdict v = rule.decide(results());
        assertEquals(Verdict.NUANCED, v.verdict());
        assertTrue(v.summary().contains("not shown to prevent"), v.summary());
    }

    @Test
    void aDeletableElementRefutes() {
        check(DELETE, "junit", "production", "pass", "fail").lookup("maplab", 1024, 300).lookup("maplab-hash", 1024, 60);
        assertEquals(Verdict.REFUTED, rule.decide(results()).verdict());
    }

    @Test
    void slowerEverywhereRefutesAndSlowerSomewhereIsNuanced() {
        check(DELETE, "junit", "production", "pass", "pass").lookup("maplab", 1024, 50).lookup("maplab-hash", 1024, 60);
        assertEquals(Verdict.REFUTED, rule.decide(results()).verdict());
        lookup("maplab", 1048576, 90).lookup("maplab-hash", 1048576, 10);
        ClaimVerdict v = rule.decide(results());
        assertEquals(Verdict.NUANCED, v.verdict());
        assertTrue(v.summary().contains("only 1 of 2 sizes"), v.summary());
    }
}
