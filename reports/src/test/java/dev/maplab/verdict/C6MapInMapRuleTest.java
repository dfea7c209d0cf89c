package dev.maplab.verdict;

import static dev.maplab.verdict.OtherMapsData.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class C6MapInMapRuleTest {
    private final C6MapInMapRule rule = new C6MapInMapRule();

    /** Two-level at {@code two[i]} and flat at {@code flat[i]} ops/us for sizes 2^10, 2^14, 2^18, 2^22. */
    static OtherMapsData sweep(double[] two, double[] flat) {
        OtherMapsData d = data();
        int[] sizes = {1 << 10, 1 << 14, 1 << 18, 1 << 22};
        for (int i = 0; i < sizes.length; i++) {
            Map<String, String> p = Map.of("entries", Integer.toString(sizes[i]));
            d.bench("mapinmap", "MapInMapLookupBench.lookupT1", "maplab", p, two[i], "ops/us");
            d.bench("mapinmap", "MapInMapLookupBench.lookupT1", "maplab-flat", p, flat[i], "ops/us");
        }
        return d;
    }

    @Test
    void noBenchmarkIsOpen() {
        assertEquals(Verdict.OPEN, rule.decide(data().results()).verdict());
        OtherMapsData one = data().bench("mapinmap", "MapInMapLookupBench.lookupT1", "maplab", Map.of("entries", "1024"), 5, "ops/us")
                .bench("mapinmap", "MapInMapLookupBench.lookupT1", "maplab-flat", Map.of("entries", "1024"), 10, "ops/us");
        assertEquals(Verdict.OPEN, rule.decide(one.results()).verdict(), "one size cannot say how size matters");
    }

    @Test
    void slowerAtEverySizeIsNuancedWithTheRatios() {
        ClaimVerdict v = rule.decide(sweep(new double[] {8, 4, 1.5, 0.8}, new double[] {18, 9, 3, 1.6}).results());
        assertEquals(Verdict.NUANCED, v.verdict(), v.summary());
        assertTrue(v.summary().contains("slower at every size"), v.summary());
        assertTrue(v.figure().contains("0.44× at 2^10") && v.figure().contains("0.50× at 2^22"), v.figure());
        assertEquals(java.util.List.of("bench/mapinmap.json"), v.evidence());
    }

    @Test
    void aCrossoverConfirms() {
        ClaimVerdict v = rule.decide(sweep(new double[] {8, 4, 2, 1.2}, new double[] {18, 5, 2, 1.0}).results());
        assertEquals(Verdict.CONFIRMED, v.verdict(), v.summary());
    }

    @Test
    void fasterEverywhereIsNuancedAndEqualEverywhereRefutes() {
        assertEquals(Verdict.NUANCED, rule.decide(sweep(new double[] {20, 10, 4, 2}, new double[] {18, 9, 3, 1.6}).results()).verdict());
        ClaimVerdict v = rule.decide(sweep(new double[] {18, 9, 3, 1.6}, new double[] {18, 9.1, 3, 1.6}).results());
        assertEquals(Verdict.REFUTED, v.verdict(), v.summary());
    }

    @Test
    void averageTimeUnitsAreReadLowerIsBetter() {
        OtherMapsData d = data();
        for (int s : new int[] {1 << 10, 1 << 22}) {
            Map<String, String> p = Map.of("entries", Integer.toString(s));
            d.bench("mapinmap", "MapInMapLookupBench.lookupT1", "maplab", p, 200, "ns/op");
            d.bench("mapinmap", "MapInMapLookupBench.lookupT1", "maplab-flat", p, 100, "ns/op");
        }
        ClaimVerdict v = rule.decide(d.results());
        assertTrue(v.figure().contains("0.50× at 2^10"), v.figure());
    }

    @Test
    void otherBenchmarksAndUnpairedResultsAreIgnored() {
        OtherMapsData d = sweep(new double[] {8, 4, 1.5, 0.8}, new double[] {18, 9, 3, 1.6})
                .bench("mapinmap", "OtherBench.lookupT1", "maplab", Map.of("entries", "1024"), 100, "ops/us")
                .bench("mapinmap", "MapInMapLookupBench.lookupT1", "maplab", Map.of("entries", "64"), 100, "ops/us");
        assertTrue(rule.decide(d.results()).figure().startsWith("two-level / one big HASH lookup speed: 0.44× at 2^10"));
    }
}
