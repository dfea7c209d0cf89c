package dev.maplab.verdict;

import static dev.maplab.verdict.Data.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class C2ConcurrentChainsRuleTest {
    private final C2ConcurrentChainsRule rule = new C2ConcurrentChainsRule();

    private static Data guarded(String productionOutcome) {
        return data().check("HashLincheckTest.modelChecking", "lincheck", "production", "pass", productionOutcome,
                        productionOutcome.equals("pass") ? "" : "= Invalid execution results =\n| lookup(3): null |")
                .check("HashReuseStress", "jcstress", "production", "pass", "pass", "")
                .check("HashLincheckTest.modelChecking", "lincheck", "mutant:no-nulls-restart", "caught", "caught",
                        "= Invalid execution results =\nlookup(3) returned null");
    }

    @Test
    void kernelReplaceCaughtIsNuancedWithItsCounterexample() {
        Data d = guarded("pass").check("HashLincheckTest.modelChecking", "lincheck", "variant:kernel-replace", "caught", "caught",
                "= Invalid execution results =\n| update(1, 2): 0 | lookup(1): -ENOENT |");
        ClaimVerdict v = rule.decide(d.results());
        assertEquals(Verdict.NUANCED, v.verdict(), v.summary());
        assertTrue(v.summary().contains("not linearizable"), v.summary());
        assertTrue(v.figure().contains("lookup(1): -ENOENT"), v.figure());
        assertTrue(v.figure().startsWith("variant:kernel-replace counterexample"), v.figure());
    }

    @Test
    void kernelReplaceNotCaughtIsStillNuancedButSaysSo() {
        Data d = guarded("pass").check("HashLincheckTest.modelChecking", "lincheck", "variant:kernel-replace", "caught", "missed", "");
        ClaimVerdict v = rule.decide(d.results());
        assertEquals(Verdict.NUANCED, v.verdict());
        assertTrue(v.summary().contains("was not caught (missed)"), v.summary());
    }

    @Test
    void aFailingGuardedTableConfirmsTheHazard() {
        ClaimVerdict v = rule.decide(guarded("fail").results());
        assertEquals(Verdict.CONFIRMED, v.verdict(), v.summary());
        assertTrue(v.figure().contains("lookup(3): null"), v.figure());
    }

    @Test
    void aLinearizableVariantCountsAsTheGuardedTable() {
        Data d = data().check("HashLincheckTest.modelChecking", "lincheck", "mutant:no-nulls-restart", "caught", "caught", "x")
                .check("HashLincheckTest.modelChecking", "lincheck", "variant:linearizable", "pass", "fail", "y");
        assertEquals(Verdict.CONFIRMED, rule.decide(d.results()).verdict());
        assertEquals(1, C2ConcurrentChainsRule.guarded(d.results().checks("hash")).size());
        assertTrue(C2ConcurrentChainsRule.kernelVariant(d.results().checks("hash")).isEmpty());
    }

    @Test
    void aMissedNullsMutantMakesThePassesWorthless() {
        Data d = data().check("HashLincheckTest.modelChecking", "lincheck", "production", "pass", "pass", "")
                .check("HashLincheckTest.modelChecking", "lincheck", "mutant:no-nulls-restart", "caught", "missed", "");
        ClaimVerdict v = rule.decide(d.results());
        assertEquals(Verdict.OPEN, v.verdict());
        assertTrue(v.summary().contains("missed the nulls-restart mutant"), v.summary());
    }

    @Test
    void noChecksOrNoNullsMutantIsOpen() {
        assertEquals(Verdict.OPEN, rule.decide(data().results()).verdict());
        Data noMutant = data().check("HashLincheckTest.modelChecking", "lincheck", "production", "pass", "pass", "");
        assertEquals(Verdict.OPEN, rule.decide(noMutant.results()).verdict());
        Data noProduction = data().check("m", "lincheck", "mutant:nulls", "caught", "caught", "");
        assertEquals(Verdict.OPEN, rule.decide(noProduction.results()).verdict());
    }

    @Test
    void junitChecksAreNotConcurrencyEvidence() {
        Data d = guarded("pass").check("HashTableTest.fullMapInsertReturnsE2big", "junit", "production", "pass", "fail", "");
        assertEquals(2, C2ConcurrentChainsRule.guarded(d.results().checks("hash")).size());
        assertEquals(Verdict.NUANCED, rule.decide(d.results()).verdict());
    }

    @Test
    void excerptJoinsLinesAndCuts() {
        assertEquals("a / b / c", C2ConcurrentChainsRule.excerpt("a\n  b\r\nc\n", 100));
        assertEquals("abc …", C2ConcurrentChainsRule.excerpt("abcdef", 3));
    }
}
