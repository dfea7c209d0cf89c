package dev.maplab.verdict;

import static dev.maplab.verdict.Data.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.report.CheckResult;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class C3FixedSizeRuleTest {
    private final C3FixedSizeRule rule = new C3FixedSizeRule();

    private static CheckResult junit(String name) {
        return new CheckResult("hash", name, "junit", "production", "pass", "pass", "", 0, "check/hash.json");
    }

    @Test
    void namesAreMatchedExplicitly() {
        for (String name : List.of("HashTableTest.fullMapInsertReturnsE2big", "E2BIG_onInsert", "insertIntoFULLmap",
                "replaceInFullMapUsesSpare", "spareElementPerCpu")) {
            assertTrue(C3FixedSizeRule.FULL_MAP_CHECK.matcher(name).find(), name);
        }
        for (String name : List.of("deleteMissingKeyReturnsEnoent", "lookupAfterUpdate", "getNextKeyOrder")) {
            assertFalse(C3FixedSizeRule.FULL_MAP_CHECK.matcher(name).find(), name);
        }
        assertTrue(C3FixedSizeRule.isReplaceCheck(junit("replaceInFullMapUsesSpare")));
        assertTrue(C3FixedSizeRule.isReplaceCheck(junit("fullMapUpdateOfExistingKeySucceeds")));
        assertFalse(C3FixedSizeRule.isReplaceCheck(junit("fullMapInsertReturnsE2big")));
    }

    @Test
    void onlyProductionJunitEntriesCount() {
        Data d = data().check("fullMapInsertReturnsE2big", "junit", "production", "pass", "pass", "")
                .check("fullMapInsertReturnsE2big", "junit", "mutant:no-capacity-check", "caught", "caught", "")
                .check("FullMapStress", "jcstress", "production", "pass", "pass", "")
                .check("deleteMissingKey", "junit", "production", "pass", "pass", "");
        List<String> names = C3FixedSizeRule.fullMapChecks(d.results().checks("hash")).stream()
                .map(c -> c.subject() + " " + c.name()).collect(Collectors.toList());
        assertEquals(List.of("production fullMapInsertReturnsE2big"), names);
    }

    @Test
    void e2bigAndSparePassingIsNuanced() {
        Data d = data().check("fullMapInsertReturnsE2big", "junit", "production", "pass", "pass", "")
                .check("replaceInFullMapUsesSpare", "junit", "production", "pass", "pass", "");
        ClaimVerdict v = rule.decide(d.results());
        assertEquals(Verdict.NUANCED, v.verdict(), v.summary());
        assertTrue(v.summary().contains("spare element"), v.summary());
    }

    @Test
    void e2bigWithoutReplaceCheckConfirms() {
        Data d = data().check("fullMapInsertReturnsE2big", "junit", "production", "pass", "pass", "");
        ClaimVerdict v = rule.decide(d.results());
        assertEquals(Verdict.CONFIRMED, v.verdict());
        assertTrue(v.summary().contains("not checked yet"), v.summary());
    }

    @Test
    void aFailingReplaceCheckConfirms() {
        Data d = data().check("fullMapInsertReturnsE2big", "junit", "production", "pass", "pass", "")
                .check("replaceInFullMapUsesSpare", "junit", "production", "pass", "fail", "expected 0 but was -7");
        ClaimVerdict v = rule.decide(d.results());
        assertEquals(Verdict.CONFIRMED, v.verdict());
        assertTrue(v.figure().contains("expected 0 but was -7"), v.figure());
    }

    @Test
    void aFullMapTakingANewKeyRefutes() {
        Data d = data().check("fullMapInsertReturnsE2big", "junit", "production", "pass", "fail", "expected -7 but was 0")
                .check("replaceInFullMapUsesSpare", "junit", "production", "pass", "pass", "");
        ClaimVerdict v = rule.decide(d.results());
        assertEquals(Verdict.REFUTED, v.verdict());
    }

    @Test
    void noFullMapCheckIsOpen() {
        assertEquals(Verdict.OPEN, rule.decide(data().results()).verdict());
        Data onlyReplace = data().check("replaceInFullMapUsesSpare", "junit", "production", "pass", "pass", "");
        assertEquals(Verdict.OPEN, rule.decide(onlyReplace.results()).verdict());
    }
}
