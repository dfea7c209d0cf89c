package dev.maplab.verdict;

import static dev.maplab.verdict.Data.data;
import static dev.maplab.verdict.Data.row;
import static dev.maplab.verdict.Data.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class C1ChainLengthRuleTest {
    private final C1ChainLengthRule rule = new C1ChainLengthRule();

    /** Chains at 1 + load/2 (= 1.5 at full fill) for 2^10..2^20, plus an adversarial set far off (ignored). */
    private static final String FLAT = rows(row("uniform", 1024, 1.0, 1.49), row("uniform", 1 << 14, 1.0, 1.50),
            row("uniform", 1 << 20, 1.0, 1.51), row("sequential", 4096, 0.5, 1.25), row("sequential", 1 << 20, 0.5, 1.26),
            row("uniform", 64, 1.0, 1.2), row("adversarial-zero-seed", 1024, 1.0, 512.5),
            row("adversarial-zero-seed", 1 << 14, 1.0, 8192.5));

    /** Visited elements grow with size (and leave 1 + load/2). */
    private static final String GROWING = rows(row("uniform", 1024, 1.0, 1.5), row("uniform", 1 << 14, 1.0, 2.4),
            row("uniform", 1 << 20, 1.0, 6.0));

    private static Data lookups(double small, double large) {
        return data().bench("lookup", "thrpt", "maplab", 1024, "1.0", small, "ops/us")
                .bench("lookup", "thrpt", "maplab", 1 << 20, "1.0", large, "ops/us")
                .bench("lookup", "thrpt", "chm", 1024, "1.0", 80, "ops/us")
                .bench("lookup", "thrpt", "chm", 1 << 20, "1.0", 80, "ops/us");
    }

    @Test
    void flatChainsAndASlowdownAreNuancedCacheMisses() {
        ClaimVerdict v = rule.decide(lookups(60, 25).profile("chains", FLAT).results());
        assertEquals(Verdict.NUANCED, v.verdict(), v.summary());
        assertTrue(v.summary().contains("cache misses"), v.summary());
        assertTrue(v.summary().contains("0.42×"), v.summary());
        assertEquals(List.of("profile/chains.json", "bench/hash.json"), v.evidence());
        assertFalse(v.figure().isEmpty());
    }

    @Test
    void flatChainsAndNoSlowdownRefute() {
        ClaimVerdict v = rule.decide(lookups(60, 57).profile("chains", FLAT).results());
        assertEquals(Verdict.REFUTED, v.verdict(), v.summary());
    }

    @Test
    void growingChainsAndASlowdownConfirm() {
        ClaimVerdict v = rule.decide(lookups(60, 20).profile("chains", GROWING).results());
        assertEquals(Verdict.CONFIRMED, v.verdict(), v.summary());
    }

    @Test
    void growingChainsWithoutSlowdownAreNuanced() {
        ClaimVerdict v = rule.decide(lookups(60, 59).profile("chains", GROWING).results());
        assertEquals(Verdict.NUANCED, v.verdict(), v.summary());
        assertTrue(v.summary().contains("yet"), v.summary());
    }

    @Test
    void slowdownThresholdIsTwentyPercent() {
        assertEquals(Verdict.NUANCED, rule.decide(lookups(100, 79).profile("chains", FLAT).results()).verdict());
        assertEquals(Verdict.REFUTED, rule.decide(lookups(100, 81).profile("chains", FLAT).results()).verdict());
    }

    @Test
    void visitedToleranceIsTenPercentOfOnePlusHalfTheLoad() {
        // 1 + load/2 = 1.5 at full fill: 1.6 is 6.7% off (flat), 1.7 is 13% off (not flat).
        String near = rows(row("uniform", 1024, 1.0, 1.5), row("uniform", 1 << 20, 1.0, 1.6));
        String far = rows(row("uniform", 1024, 1.0, 1.5), row("uniform", 1 << 20, 1.0, 1.7));
        assertTrue(C1ChainLengthRule.chains(data().profile("chains", near).results().chains().orElseThrow()).orElseThrow().flat());
        assertFalse(C1ChainLengthRule.chains(data().profile("chains", far).results().chains().orElseThrow()).orElseThrow().flat());
    }

    @Test
    void adversarialRowsDoNotDecide() {
        String onlyAdversarial = rows(row("adversarial-zero-seed", 1024, 1.0, 512.5), row("adversarial-zero-seed", 4096, 1.0, 2048.5));
        assertTrue(C1ChainLengthRule.chains(data().profile("chains", onlyAdversarial).results().chains().orElseThrow()).isEmpty());
    }

    @Test
    void timePerOperationIsReadInItsDirection() {
        // avgt: 10 ns/op small, 25 ns/op large: the large map runs at 0.4x the speed.
        Data d = data().bench("lookup", "avgt", "maplab", 1024, "1.0", 10, "ns/op")
                .bench("lookup", "avgt", "maplab", 1 << 20, "1.0", 25, "ns/op").profile("chains", FLAT);
        ClaimVerdict v = rule.decide(d.results());
        assertEquals(Verdict.NUANCED, v.verdict(), v.summary());
        assertTrue(v.summary().contains("0.40×"), v.summary());
    }

    @Test
    void sizesLessThanSixteenTimesApartAndOtherBenchmarksAreIgnored() {
        Data close = data().bench("lookup", "thrpt", "maplab", 1024, "1.0", 60, "ops/us")
                .bench("lookup", "thrpt", "maplab", 8192, "1.0", 20, "ops/us")
                .bench("update", "thrpt", "maplab", 1024, "1.0", 60, "ops/us")
                .bench("update", "thrpt", "maplab", 1 << 20, "1.0", 20, "ops/us");
        assertTrue(C1ChainLengthRule.throughput(close.results().benches("hash")).isEmpty());
    }

    @Test
    void missingEvidenceIsOpen() {
        assertEquals(Verdict.OPEN, rule.decide(data().results()).verdict());
        ClaimVerdict chainsOnly = rule.decide(data().profile("chains", FLAT).results());
        assertEquals(Verdict.OPEN, chainsOnly.verdict());
        assertTrue(chainsOnly.summary().contains("awaiting maplab lookup throughput"), chainsOnly.summary());
        ClaimVerdict benchOnly = rule.decide(lookups(60, 25).results());
        assertEquals(Verdict.OPEN, benchOnly.verdict());
        assertTrue(benchOnly.summary().contains("awaiting a chain-length size sweep"), benchOnly.summary());
    }

    @Test
    void smallSamplesDoNotDecide() {
        // 64 entries visiting 1.2 instead of 1.5 is sampling noise, not a growing chain.
        String noisySmall = rows(row("uniform", 64, 1.0, 1.2), row("uniform", 1024, 1.0, 1.5), row("uniform", 1 << 20, 1.0, 1.5));
        assertTrue(C1ChainLengthRule.chains(data().profile("chains", noisySmall).results().chains().orElseThrow()).orElseThrow().flat());
        String onlySmall = rows(row("uniform", 64, 1.0, 1.5), row("uniform", 512, 1.0, 1.5));
        assertTrue(C1ChainLengthRule.chains(data().profile("chains", onlySmall).results().chains().orElseThrow()).isEmpty());
    }

    @Test
    void oneSizeIsNotASweep() {
        String single = rows(row("uniform", 4096, 0.5, 1.25), row("uniform", 4096, 1.0, 1.5));
        assertEquals(Verdict.OPEN, rule.decide(lookups(60, 25).profile("chains", single).results()).verdict());
    }
}
