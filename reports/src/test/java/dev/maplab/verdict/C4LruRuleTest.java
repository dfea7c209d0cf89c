package dev.maplab.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maplab.report.CheckResult;
import dev.maplab.report.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class C4LruRuleTest {
    private static final C4LruRule RULE = new C4LruRule();

    private static CheckResult check(String name, String subject, String expect, String outcome) {
        return new CheckResult("lru", name, "junit", subject, expect, outcome, "", 1.0, "check/lru.json");
    }

    private static List<CheckResult> goodChecks() {
        List<CheckResult> l = new ArrayList<>();
        l.add(check("dev.maplab.lru.LruSelftestsTest#selftestCasePasses(Case, Config, int)[1]", "production", "pass", "pass"));
        l.add(check("semantics: selftests L-01..L-09 at N=1,2,4,8", "mutant:flags-before-acquire", "caught", "caught"));
        l.add(check("model checking, targeted: update 1, update 3; lookup 1 || update 1", "variant:kernel-replace", "caught", "caught"));
        return l;
    }

    private static JsonNode study(long failures, double share, long early, double meanGap, double maxGap) {
        String json = "{\"study\": \"lru\", \"summary\": {\"insert_failures\": " + failures + ","
                + " \"hit_ratio_gap_vs_exact\": {\"common-lru\": {\"rows\": 72, \"mean\": " + meanGap + ", \"max\": " + maxGap
                + ", \"max_at\": \"loop, 50% cache, 2 CPUs\", \"min\": -0.01, \"min_at\": \"x\"},"
                + " \"percpu-lru\": {\"rows\": 72, \"mean\": 0.05, \"max\": 0.2}, \"caffeine\": {\"rows\": 72, \"mean\": -0.03, \"max\": 0.1}},"
                + " \"victims\": {\"common-lru\": {\"evictions\": 1000, \"exact_lru_share\": " + share + ", \"oldest_quarter_share\": 0.9,"
                + " \"evictions_before_full\": " + early + ", \"insert_failures\": " + failures + ", \"min_first_eviction_fill\": 0.6,"
                + " \"min_first_eviction_fill_at\": \"zipf-1.0, capacity 164, 2 CPUs\"},"
                + " \"percpu-lru\": {\"evictions\": 900, \"exact_lru_share\": 0.2}}}}";
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ResultSet results(List<CheckResult> checks, JsonNode study) {
        return new ResultSet(checks, List.of(), study == null ? Map.of() : Map.of("lru", study), Map.of(), List.of());
    }

    @Test
    void openWithoutEitherFile() {
        assertEquals(Verdict.OPEN, RULE.decide(ResultSet.empty()).verdict());
        assertEquals(Verdict.OPEN, RULE.decide(results(goodChecks(), null)).verdict());
        ClaimVerdict v = RULE.decide(results(List.of(), study(0, 0.3, 10, 0.02, 0.1)));
        assertEquals(Verdict.OPEN, v.verdict());
        assertTrue(v.summary().contains("check/lru.json"), v.summary());
    }

    @Test
    void openWhenAMutantIsMissedOrAProductionCheckFails() {
        List<CheckResult> missed = goodChecks();
        missed.add(check("jcstress StealRacesOwnerPopTest", "mutant:steal-without-owner-lock", "caught", "missed"));
        ClaimVerdict v = RULE.decide(results(missed, study(0, 0.3, 10, 0.02, 0.1)));
        assertEquals(Verdict.OPEN, v.verdict());
        assertTrue(v.summary().contains("steal-without-owner-lock"), v.summary());
        List<CheckResult> failing = goodChecks();
        failing.add(check("dev.maplab.lru.LruAlgorithmTest#evictionsBeforeFull()", "production", "pass", "fail"));
        assertEquals(Verdict.OPEN, RULE.decide(results(failing, study(0, 0.3, 10, 0.02, 0.1))).verdict());
    }

    @Test
    void openWithoutASelftestCheck() {
        List<CheckResult> l = List.of(check("some other check", "production", "pass", "pass"));
        assertEquals(Verdict.OPEN, RULE.decide(results(l, study(0, 0.3, 10, 0.02, 0.1))).verdict());
    }

    @Test
    void refutedWhenAnInsertIntoAFullMapFailed() {
        ClaimVerdict v = RULE.decide(results(goodChecks(), study(3, 0.3, 10, 0.02, 0.1)));
        assertEquals(Verdict.REFUTED, v.verdict());
        assertTrue(v.summary().contains("3 inserts"), v.summary());
    }

    @Test
    void nuancedWhenVictimsAreOftenNotTheLeastRecent() {
        ClaimVerdict v = RULE.decide(results(goodChecks(), study(0, 0.42, 120, 0.021, 0.15)));
        assertEquals(Verdict.NUANCED, v.verdict());
        assertTrue(v.summary().contains("42.0%"), v.summary());
        assertTrue(v.summary().contains("before the map is full"), v.summary());
        assertTrue(v.figure().contains("42.0% of 1000 evictions"), v.figure());
        assertTrue(v.figure().contains("60.0% fill"), v.figure());
        assertEquals(List.of("check/lru.json", "profile/lru.json"), v.evidence());
        assertTrue(v.figures().stream().anyMatch(l -> l.href().equals("profile/lru-victim-rank.svg")));
    }

    @Test
    void nuancedByTheGapAlone() {
        ClaimVerdict v = RULE.decide(results(goodChecks(), study(0, 0.995, 0, 0.01, 0.05)));
        assertEquals(Verdict.NUANCED, v.verdict());
        assertTrue(v.summary().contains("5.0 points"), v.summary());
    }

    @Test
    void confirmedWhenItBehavesAsAnExactLru() {
        ClaimVerdict v = RULE.decide(results(goodChecks(), study(0, 0.995, 0, 0.001, 0.005)));
        assertEquals(Verdict.CONFIRMED, v.verdict());
    }

    @Test
    void openWhenTheStudyLacksItsSummary() {
        try {
            JsonNode bare = new ObjectMapper().readTree("{\"study\": \"lru\", \"rows\": []}");
            assertEquals(Verdict.OPEN, RULE.decide(results(goodChecks(), bare)).verdict());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
