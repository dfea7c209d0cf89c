package dev.maplab.verdict;

import static dev.maplab.verdict.OtherMapsData.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class C17LpmRuleTest {
    private final C17LpmRule rule = new C17LpmRule();

    static OtherMapsData correct() {
        return data().check("lpm", "dev.maplab.lpm.LpmReferenceTest#randomPrefixSetsAgreeWithTheReference", "junit", "production", "pass")
                .check("lpm", "dev.maplab.lpm.LpmTrieSelftestsTest#p01RandomAgainstReference", "junit", "production", "pass")
                .check("lpm", "model checking, random scenarios", "lincheck", "production", "pass")
                .check("lpm", "jcstress IntermediatePublicationTest", "jcstress", "mutant:early-publish", "caught");
    }

    /** ns/op of maplab, linear-scan and hash-per-length for one shape at 1000 and 1000000 routes. */
    static OtherMapsData timed(OtherMapsData d, String shape, double[] small, double[] large) {
        String[] impls = {"maplab", "linear-scan", "hash-per-length"};
        for (int i = 0; i < 3; i++) {
            d.bench("lpm", "LpmLookupBench.lookup", impls[i], Map.of("routes", "1000", "shape", shape), small[i], "ns/op");
            d.bench("lpm", "LpmLookupBench.lookup", impls[i], Map.of("routes", "1000000", "shape", shape), large[i], "ns/op");
        }
        return d;
    }

    @Test
    void fastTrieComparableToHashingConfirms() {
        OtherMapsData d = timed(correct(), "ipv4-mixed", new double[] {50, 3000, 60}, new double[] {300, 3_000_000, 400});
        ClaimVerdict v = rule.decide(d.results());
        assertEquals(Verdict.CONFIRMED, v.verdict(), v.summary());
        assertTrue(v.figure().contains("10000.00× a linear scan"), v.figure());
        assertEquals(java.util.List.of("check/lpm.json", "bench/lpm.json"), v.evidence());
    }

    @Test
    void hashingMuchFasterIsNuanced() {
        OtherMapsData d = timed(correct(), "ipv6-128", new double[] {80, 3000, 20}, new double[] {900, 3_000_000, 40});
        d = timed(d, "ipv4-mixed", new double[] {50, 3000, 60}, new double[] {600, 3_000_000, 200});
        ClaimVerdict v = rule.decide(d.results());
        assertEquals(Verdict.NUANCED, v.verdict(), v.summary());
        assertTrue(v.summary().contains("hash table per prefix length answers faster"), v.summary());
    }

    @Test
    void noBetterThanAScanRefutes() {
        OtherMapsData d = timed(correct(), "ipv4-32", new double[] {50, 60, 60}, new double[] {3000, 6000, 400});
        assertEquals(Verdict.REFUTED, rule.decide(d.results()).verdict());
    }

    @Test
    void incorrectMatchingRefutesAndMissingEvidenceIsOpen() {
        OtherMapsData bad = timed(correct().check("lpm", "dev.maplab.lpm.LpmTrieSelftestsTest#p03Delete", "junit", "production", "fail"),
                "ipv4-mixed", new double[] {50, 3000, 60}, new double[] {300, 3_000_000, 400});
        assertEquals(Verdict.REFUTED, rule.decide(bad.results()).verdict());
        assertEquals(Verdict.OPEN, rule.decide(correct().results()).verdict(), "no benchmark");
        assertEquals(Verdict.OPEN, rule.decide(timed(data(), "ipv4-mixed", new double[] {50, 3000, 60},
                new double[] {300, 3_000_000, 400}).results()).verdict(), "no checks");
        OtherMapsData missed = timed(correct().check("lpm", "jcstress ReplacedNodePublicationTest", "jcstress", "mutant:early-publish",
                "missed"), "ipv4-mixed", new double[] {50, 3000, 60}, new double[] {300, 3_000_000, 400});
        assertEquals(Verdict.OPEN, rule.decide(missed.results()).verdict());
    }
}
