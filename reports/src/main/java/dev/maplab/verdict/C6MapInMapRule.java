package dev.maplab.verdict;

import dev.maplab.report.BenchResult;
import dev.maplab.report.Fmt;
import dev.maplab.report.ResultSet;
import dev.maplab.report.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * C6: HASH_OF_MAPS splits a big map into a two-level lookup to avoid long traversals, but the second level
 * has its own cost. Decided from the map-in-map lookup benchmark: a two-level lookup (HASH_OF_MAPS, then the
 * inner HASH; impl=maplab) against one big HASH with the same total entries (impl=maplab-flat), per size.
 */
public final class C6MapInMapRule implements ClaimRule {
    /** The benchmark class whose results decide. */
    static final String BENCH = "MapInMapLookupBench";
    static final String TWO_LEVEL = "maplab";
    static final String FLAT = "maplab-flat";
    /** Two-level at or below this fraction of the flat map's speed: the second level costs. */
    static final double COST = 0.95;
    /** Two-level at or above this multiple of the flat map's speed at the largest size: the split pays. */
    static final double BENEFIT = 1.05;
    /** The sizes must span at least this factor. */
    static final double MIN_SIZE_SPAN = 16;

    static final String RULE = "From bench/mapinmap.json: " + BENCH + " results of impl=" + TWO_LEVEL + " (HASH_OF_MAPS -> HASH)"
            + " and impl=" + FLAT + " (one HASH of the same entries) with equal benchmark, threads, mode and parameters;"
            + " per pair the two-level speed relative to the flat one (direction-aware), median per 'entries'. At least two"
            + " sizes at least 16x apart, else OPEN. Cost = the ratio is at most 0.95 at some size; benefit = the ratio is at"
            + " least 1.05 at the largest size. Benefit and cost = CONFIRMED (the split pays for big maps and costs for small"
            + " ones); cost only, or benefit only = NUANCED; neither = REFUTED (no measurable difference).";

    @Override
    public String id() {
        return "C6";
    }

    @Override
    public String claim() {
        return "HASH_OF_MAPS splits a big map into a two-level lookup to avoid long traversals, but the second level has its own cost.";
    }

    @Override
    public String rule() {
        return RULE;
    }

    /** The median two-level / flat ratio at one size, with the pairs behind it. */
    record SizeRatio(double entries, double ratio, int pairs, String example) {
    }

    /** Ratios per size, ascending; empty when nothing pairs. */
    static List<SizeRatio> ratios(List<BenchResult> bench) {
        Map<Double, List<Double>> bySize = new TreeMap<>();
        Map<Double, String> example = new TreeMap<>();
        for (BenchResult two : bench) {
            if (!two.shortName().startsWith(BENCH + ".") || !two.impl().equals(TWO_LEVEL)) {
                continue;
            }
            double entries = two.numericParam("entries");
            if (Double.isNaN(entries)) {
                continue;
            }
            for (BenchResult flat : bench) {
                if (flat.impl().equals(FLAT) && flat.benchmark().equals(two.benchmark()) && flat.threads() == two.threads()
                        && flat.mode().equals(two.mode()) && flat.unit().equals(two.unit()) && Objects.equals(flat.params(), two.params())) {
                    double r = Units.advantage(two.score(), flat.score(), two.unit());
                    if (!Double.isNaN(r)) {
                        bySize.computeIfAbsent(entries, k -> new ArrayList<>()).add(r);
                        example.putIfAbsent(entries, two.shortName() + ": " + Fmt.num(two.score()) + " vs " + Fmt.num(flat.score())
                                + " " + two.unit());
                    }
                }
            }
        }
        List<SizeRatio> out = new ArrayList<>();
        for (Map.Entry<Double, List<Double>> e : bySize.entrySet()) {
            List<Double> rs = e.getValue().stream().sorted().collect(Collectors.toList());
            out.add(new SizeRatio(e.getKey(), rs.get((rs.size() - 1) / 2), rs.size(), example.get(e.getKey())));
        }
        return out;
    }

    @Override
    public ClaimVerdict decide(ResultSet results) {
        List<BenchResult> bench = results.benches("mapinmap");
        List<String> evidence = bench.isEmpty() ? List.of() : List.of("bench/mapinmap.json");
        List<SizeRatio> sizes = ratios(bench);
        if (sizes.size() < 2 || sizes.get(sizes.size() - 1).entries() / sizes.get(0).entries() < MIN_SIZE_SPAN) {
            return ClaimVerdict.open(this, "Awaiting bench/mapinmap.json with " + BENCH + " impl=" + TWO_LEVEL + " and impl=" + FLAT
                    + " at sizes at least 16x apart (./maplab bench mapinmap).", evidence);
        }
        SizeRatio small = sizes.get(0);
        SizeRatio large = sizes.get(sizes.size() - 1);
        SizeRatio worst = sizes.stream().min((a, b) -> Double.compare(a.ratio(), b.ratio())).orElseThrow();
        SizeRatio best = sizes.stream().max((a, b) -> Double.compare(a.ratio(), b.ratio())).orElseThrow();
        boolean cost = worst.ratio() <= COST;
        boolean benefit = large.ratio() >= BENEFIT;
        String figure = "two-level / one big HASH lookup speed: " + sizes.stream().map(s -> Fmt.ratio(s.ratio()) + " at "
                + Fmt.size(s.entries())).collect(Collectors.joining(", ")) + " entries (" + large.example() + " at "
                + Fmt.size(large.entries()) + ")";
        List<Link> figures = List.of(new Link("map-in-map benchmarks", "#mapinmap-benchmarks"));
        if (cost && benefit) {
            return ClaimVerdict.of(this, Verdict.CONFIRMED, "The split pays for big maps and costs for small ones: two-level"
                    + " lookups run at " + Fmt.ratio(large.ratio()) + " the speed of one big HASH at " + Fmt.size(large.entries())
                    + " entries and at " + Fmt.ratio(worst.ratio()) + " at " + Fmt.size(worst.entries()) + ".", figure, evidence, figures);
        }
        if (cost) {
            boolean everywhere = best.ratio() <= COST;
            return ClaimVerdict.of(this, Verdict.NUANCED, "The second level has its cost, but the split avoids nothing: a"
                    + " two-level lookup runs at " + Fmt.ratio(worst.ratio()) + "–" + Fmt.ratio(best.ratio()) + " the speed of one"
                    + " big HASH with the same entries from " + Fmt.size(small.entries()) + " to " + Fmt.size(large.entries())
                    + (everywhere ? ", slower at every size" : ", and not faster at the largest size") + ": one big HASH has no long"
                    + " traversal for the split to avoid (its chains stay short, C1), and the two-level lookup pays a second hash"
                    + " lookup and a pointer to follow.", figure, evidence, figures);
        }
        if (benefit) {
            return ClaimVerdict.of(this, Verdict.NUANCED, "Two-level lookups are faster at " + Fmt.size(large.entries())
                    + " entries (" + Fmt.ratio(large.ratio()) + ") and not measurably slower at any size: the second level's cost"
                    + " does not show.", figure, evidence, figures);
        }
        return ClaimVerdict.of(this, Verdict.REFUTED, "Two-level and one-level lookups are within 5% of each other at every"
                + " size from " + Fmt.size(small.entries()) + " to " + Fmt.size(large.entries()) + " entries: the split neither"
                + " avoids a traversal nor costs measurably.", figure, evidence, figures);
    }
}
