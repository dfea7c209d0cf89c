package dev.maplab.verdict;

import dev.maplab.report.BenchResult;
import dev.maplab.report.CheckResult;
import dev.maplab.report.Fmt;
import dev.maplab.report.ResultSet;
import dev.maplab.report.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * C17: LPM_TRIE does efficient longest-prefix matching, used for IP addresses and routing. Correctness from
 * the LPM checks (the selftests and the comparison with a reference matcher, Lincheck against the same
 * matcher, and the mutants they catch); efficiency from the lookup benchmark against a linear scan and a
 * hash table per prefix length, at the largest route count measured.
 */
public final class C17LpmRule implements ClaimRule {
    static final String BENCH = "LpmLookupBench";
    static final String MAPLAB = "maplab";
    static final String LINEAR = "linear-scan";
    static final String HASHED = "hash-per-length";
    /** JUnit checks that compare the trie with a reference matcher. */
    static final Pattern REFERENCE_CHECK = Pattern.compile("(?i)reference|p01|p02");
    /** At least this many times a linear scan's speed is "efficient". */
    static final double SCAN_FACTOR = 10;
    /** Below this fraction of hash-per-length's speed, the trie is not the efficient choice. */
    static final double HASH_FRACTION = 0.5;

    static final String RULE = "Correctness, from check/lpm.json: any production entry not passing = REFUTED; a mutant not"
            + " caught, or none caught = OPEN; at least one passing production JUnit entry named /reference|p01|p02/i (the"
            + " trie against a reference matcher) and one passing production Lincheck entry are needed, else OPEN. Cost, from"
            + " bench/lpm.json: " + BENCH + " at the largest 'routes' measured, per 'shape', the trie's speed relative to"
            + " impl=" + LINEAR + " (S) and to impl=" + HASHED + " (H), direction-aware; medians over shapes. No such results"
            + " = OPEN. S below 10 = REFUTED (not efficient); H below 0.5 = NUANCED (correct and far faster than a scan, but a"
            + " hash table per prefix length is faster); otherwise CONFIRMED.";

    @Override
    public String id() {
        return "C17";
    }

    @Override
    public String claim() {
        return "LPM_TRIE does efficient longest-prefix matching, used for IP addresses and routing.";
    }

    @Override
    public String rule() {
        return RULE;
    }

    /** The trie against the anchors for one shape at the largest route count. */
    record ShapeFigures(String shape, double routes, double scan, double hashed, double trieScore, double smallestTrieScore,
                        double smallestRoutes, String unit) {
    }

    static double median(List<Double> values) {
        List<Double> s = values.stream().sorted().collect(Collectors.toList());
        return s.isEmpty() ? Double.NaN : s.get((s.size() - 1) / 2);
    }

    static Optional<BenchResult> find(List<BenchResult> bench, String impl, String shape, double routes, BenchResult like) {
        return bench.stream().filter(b -> b.impl().equals(impl) && b.benchmark().equals(like.benchmark())
                && b.threads() == like.threads() && b.unit().equals(like.unit()) && shape.equals(b.params().get("shape"))
                && b.numericParam("routes") == routes).findFirst();
    }

    /** Per shape, at the largest route count where the trie and both anchors were measured. */
    static List<ShapeFigures> figures(List<BenchResult> bench) {
        Map<String, List<BenchResult>> trieByShape = new TreeMap<>();
        for (BenchResult b : bench) {
            if (b.shortName().startsWith(BENCH + ".") && b.impl().equals(MAPLAB) && b.params().containsKey("shape")
                    && !Double.isNaN(b.numericParam("routes"))) {
                trieByShape.computeIfAbsent(b.params().get("shape"), k -> new ArrayList<>()).add(b);
            }
        }
        List<ShapeFigures> out = new ArrayList<>();
        for (Map.Entry<String, List<BenchResult>> e : trieByShape.entrySet()) {
            String shape = e.getKey();
            List<BenchResult> tries = e.getValue().stream().sorted((a, b) -> Double.compare(a.numericParam("routes"), b.numericParam("routes")))
                    .collect(Collectors.toList());
            for (int i = tries.size() - 1; i >= 0; i--) {
                BenchResult t = tries.get(i);
                double routes = t.numericParam("routes");
                Optional<BenchResult> lin = find(bench, LINEAR, shape, routes, t);
                Optional<BenchResult> hash = find(bench, HASHED, shape, routes, t);
                if (lin.isPresent() && hash.isPresent()) {
                    BenchResult smallest = tries.get(0);
                    out.add(new ShapeFigures(shape, routes, Units.advantage(t.score(), lin.get().score(), t.unit()),
                            Units.advantage(t.score(), hash.get().score(), t.unit()), t.score(), smallest.score(),
                            smallest.numericParam("routes"), t.unit()));
                    break;
                }
            }
        }
        return out;
    }

    @Override
    public ClaimVerdict decide(ResultSet results) {
        List<CheckResult> checks = results.checks("lpm");
        List<BenchResult> bench = results.benches("lpm");
        List<String> evidence = new ArrayList<>();
        if (!checks.isEmpty()) {
            evidence.add("check/lpm.json");
        }
        if (!bench.isEmpty()) {
            evidence.add("bench/lpm.json");
        }
        List<Link> links = List.of(new Link("LPM checks", "#lpm-checks"), new Link("LPM benchmarks", "#lpm-benchmarks"));
        List<CheckResult> production = checks.stream().filter(CheckResult::isProduction).collect(Collectors.toList());
        Optional<CheckResult> failing = production.stream().filter(c -> !c.outcome().equals("pass")).findFirst();
        if (failing.isPresent()) {
            CheckResult f = failing.get();
            return ClaimVerdict.of(this, Verdict.REFUTED, "The trie does not match correctly: " + f.name() + " (" + f.tool() + ") "
                    + f.outcome() + ".", f.name() + ": " + C2ConcurrentChainsRule.excerpt(f.detail(), 300), evidence, links);
        }
        List<CheckResult> mutants = checks.stream().filter(CheckResult::isMutant).collect(Collectors.toList());
        Optional<CheckResult> missed = mutants.stream().filter(c -> !c.outcome().equals("caught")).findFirst();
        if (missed.isPresent() || (!checks.isEmpty() && mutants.isEmpty())) {
            return ClaimVerdict.open(this, missed.map(m -> "The checks are not shown able to fail: " + m.subject() + " was "
                    + m.outcome() + " by " + m.name() + ".").orElse("No mutant was run against the LPM checks."), evidence);
        }
        List<CheckResult> reference = production.stream().filter(c -> c.tool().equals("junit") && REFERENCE_CHECK.matcher(c.name()).find())
                .collect(Collectors.toList());
        long lincheck = production.stream().filter(c -> c.tool().equals("lincheck")).count();
        List<ShapeFigures> shapes = figures(bench);
        if (reference.isEmpty() || lincheck == 0 || shapes.isEmpty()) {
            return ClaimVerdict.open(this, "Awaiting " + (reference.isEmpty() || lincheck == 0 ? "check/lpm.json with the"
                    + " reference-matcher JUnit checks and Lincheck (./maplab check lpm)" : "")
                    + ((reference.isEmpty() || lincheck == 0) && shapes.isEmpty() ? " and " : "")
                    + (shapes.isEmpty() ? "bench/lpm.json with " + BENCH + " for " + MAPLAB + ", " + LINEAR + " and " + HASHED
                    + " (./maplab bench lpm)" : "") + ".", evidence);
        }
        double s = median(shapes.stream().map(ShapeFigures::scan).collect(Collectors.toList()));
        double h = median(shapes.stream().map(ShapeFigures::hashed).collect(Collectors.toList()));
        double routes = shapes.stream().mapToDouble(ShapeFigures::routes).max().orElse(Double.NaN);
        String perShape = shapes.stream().map(f -> f.shape() + " at " + Fmt.count(f.routes()) + " routes: " + Fmt.num(f.trieScore())
                + " " + f.unit() + " (" + Fmt.count(f.smallestRoutes()) + " routes: " + Fmt.num(f.smallestTrieScore()) + "), "
                + Fmt.ratio(f.scan()) + " a linear scan's speed, " + Fmt.ratio(f.hashed()) + " hash-per-length's")
                .collect(Collectors.joining("; "));
        String correct = "matches like the reference matcher (" + C2ConcurrentChainsRule.plural(reference.size(), "JUnit check") + ", "
                + C2ConcurrentChainsRule.plural((int) lincheck, "Lincheck check") + ", " + C2ConcurrentChainsRule.plural(mutants.size(),
                "caught mutant run") + ")";
        String figure = "median over shapes, each at its largest route count (up to " + Fmt.count(routes) + "): " + Fmt.ratio(s)
                + " a linear scan, " + Fmt.ratio(h) + " hash-per-length; " + perShape;
        if (s < SCAN_FACTOR) {
            return ClaimVerdict.of(this, Verdict.REFUTED, "The trie " + correct + " but is only " + Fmt.ratio(s) + " as fast as a"
                    + " linear scan at " + Fmt.count(routes) + " routes.", figure, evidence, links);
        }
        if (h < HASH_FRACTION) {
            return ClaimVerdict.of(this, Verdict.NUANCED, "The trie " + correct + " and is " + Fmt.ratio(s) + " as fast as a"
                    + " linear scan at " + Fmt.count(routes) + " routes, but a hash table per prefix length answers faster"
                    + " (the trie runs at " + Fmt.ratio(h) + " its speed, median over shapes): the trie walks one node per branching"
                    + " bit, a dependent load each, where hashing probes one table per length present.", figure, evidence, links);
        }
        return ClaimVerdict.of(this, Verdict.CONFIRMED, "The trie " + correct + ", is " + Fmt.ratio(s) + " as fast as a linear"
                + " scan at " + Fmt.count(routes) + " routes and within 2x of a hash table per prefix length (" + Fmt.ratio(h) + ").",
                figure, evidence, links);
    }
}
