package dev.maplab.verdict;

import dev.maplab.report.BenchResult;
import dev.maplab.report.ChainProfile;
import dev.maplab.report.ChainRow;
import dev.maplab.report.Charts;
import dev.maplab.report.Fmt;
import dev.maplab.report.ResultSet;
import dev.maplab.report.Units;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * C1: does a very large hash map make lookups slow, and if so, is it the chain walk or the memory?
 * Two findings from two files, combined by a fixed table (see {@link #RULE}).
 */
public final class C1ChainLengthRule implements ClaimRule {
    /** A successful lookup may visit at most this much more (relative) than {@code 1 + load/2}. */
    static final double VISITED_TOLERANCE = 0.10;
    /** At equal fill, visited elements at the largest size may exceed those at the smallest by at most this much. */
    static final double GROWTH_TOLERANCE = 0.10;
    /** Throughput at the largest size below this fraction of the smallest size's is a slowdown. */
    static final double DROP_THRESHOLD = 0.80;
    /** Rows with fewer entries are too small a sample for a 10% tolerance (the mean of a few dozen positions is noisy). */
    static final double MIN_ENTRIES = 1000;
    /** The size sweep must span at least this factor (2^4) to speak of "large" against "small". */
    static final double MIN_SIZE_SPAN = 16;
    /** Benchmark methods that measure lookups. */
    static final Pattern LOOKUP_BENCHMARK = Pattern.compile("(?i)lookup|get|find");
    /** The JMH parameter that holds the map size, first match wins. */
    static final List<String> SIZE_PARAMS = List.of("entries", "max_entries", "maxEntries", "size", "n");

    static final String RULE = "Chains: in profile/chains.json, for every non-adversarial key distribution and every"
            + " (max_entries, fill) with at least 1000 entries, a successful lookup must visit within 10% of 1 + load/2"
            + " elements, and at equal fill"
            + " the largest max_entries may visit at most 10% more than the smallest (at least two sizes needed);"
            + " then chain length does not grow with size. Throughput: in bench/hash.json, lookup benchmarks"
            + " (name matching /lookup|get|find/i) of impl=maplab with a size parameter (entries, max_entries, size, n);"
            + " per parameter set the score at the largest size relative to the smallest (direction-aware, sizes at least"
            + " 16x apart), median over parameter sets; below 0.80 is a slowdown. Verdict: chains flat + slowdown ="
            + " NUANCED (slower from cache misses, not chain length); chains flat + no slowdown = REFUTED;"
            + " chains grow + slowdown = CONFIRMED; chains grow + no slowdown = NUANCED; either file missing = OPEN.";

    @Override
    public String id() {
        return "C1";
    }

    @Override
    public String claim() {
        return "A hash map is an array of linked-list buckets and a lookup walks one chain: does a very large map make lookups slow?";
    }

    @Override
    public String rule() {
        return RULE;
    }

    /** What the chain study says. */
    record ChainFinding(boolean flat, double worstDeviation, String worstAt, double growth, String growthAt,
                        double minSize, double maxSize, double typicalVisited, double typicalLoad, int rows) {
        String describe() {
            return "a successful lookup visits " + Fmt.num(typicalVisited) + " elements at load " + Fmt.num(typicalLoad)
                    + " (1 + load/2 = " + Fmt.num(1 + typicalLoad / 2) + "), worst deviation " + Fmt.pct(worstDeviation)
                    + " (" + worstAt + "), growth from " + Fmt.size(minSize) + " to " + Fmt.size(maxSize) + " entries "
                    + String.format(Locale.ROOT, "%+.0f%%", growth * 100) + " (" + growthAt + ")";
        }
    }

    /** What the benchmarks say. */
    record ThroughputFinding(double medianRatio, double minRatio, double maxRatio, int groups, double smallSize,
                             double largeSize, String medianGroup) {
        boolean drop() {
            return medianRatio < DROP_THRESHOLD;
        }

        String describe() {
            String range = groups > 1 ? " (range " + Fmt.num(minRatio) + "–" + Fmt.num(maxRatio) + " over " + groups + " parameter sets)" : "";
            return "maplab lookup speed at " + Fmt.size(largeSize) + " entries is " + Fmt.ratio(medianRatio) + " that at "
                    + Fmt.size(smallSize) + range + "; " + medianGroup;
        }
    }

    /** The chain finding, or empty when the study has no usable non-adversarial rows over at least two sizes. */
    static Optional<ChainFinding> chains(ChainProfile profile) {
        List<ChainRow> rows = new ArrayList<>();
        for (ChainRow r : profile.rows()) {
            if (!r.adversarial() && !Double.isNaN(r.visitedHit()) && !Double.isNaN(r.load()) && !Double.isNaN(r.maxEntries())
                    && r.entries() >= MIN_ENTRIES) {
                rows.add(r);
            }
        }
        if (rows.stream().map(ChainRow::maxEntries).distinct().count() < 2) {
            return Optional.empty();
        }
        double worst = -1;
        String worstAt = "";
        for (ChainRow r : rows) {
            double expected = 1 + r.load() / 2;
            double dev = Math.abs(r.visitedHit() - expected) / expected;
            if (dev > worst) {
                worst = dev;
                worstAt = r.distribution() + ", " + Fmt.size(r.maxEntries()) + ", fill " + Fmt.pct(r.fill());
            }
        }
        Map<String, List<ChainRow>> byFill = new TreeMap<>();
        for (ChainRow r : rows) {
            byFill.computeIfAbsent(r.distribution() + "@" + Math.round(r.fill() * 1000), k -> new ArrayList<>()).add(r);
        }
        double growth = Double.NEGATIVE_INFINITY;
        String growthAt = "";
        for (List<ChainRow> g : byFill.values()) {
            if (g.size() < 2) {
                continue;
            }
            ChainRow small = g.stream().min(Comparator.comparingDouble(ChainRow::maxEntries)).orElseThrow();
            ChainRow large = g.stream().max(Comparator.comparingDouble(ChainRow::maxEntries)).orElseThrow();
            double gr = large.visitedHit() / small.visitedHit() - 1;
            if (gr > growth) {
                growth = gr;
                growthAt = large.distribution() + ", fill " + Fmt.pct(large.fill());
            }
        }
        if (growth == Double.NEGATIVE_INFINITY) {
            return Optional.empty();
        }
        double minSize = rows.stream().mapToDouble(ChainRow::maxEntries).min().orElse(Double.NaN);
        double maxSize = rows.stream().mapToDouble(ChainRow::maxEntries).max().orElse(Double.NaN);
        ChainRow typical = rows.stream().filter(r -> r.maxEntries() == maxSize)
                .max(Comparator.comparingDouble(ChainRow::fill)).orElse(rows.get(0));
        boolean flat = worst <= VISITED_TOLERANCE && growth <= GROWTH_TOLERANCE;
        return Optional.of(new ChainFinding(flat, worst, worstAt, growth, growthAt, minSize, maxSize,
                typical.visitedHit(), typical.load(), rows.size()));
    }

    /** The throughput finding, or empty when no lookup benchmark of maplab sweeps the size over at least 16x. */
    static Optional<ThroughputFinding> throughput(List<BenchResult> bench) {
        String impl = bench.stream().anyMatch(b -> b.impl().equals("maplab")) ? "maplab"
                : bench.stream().map(BenchResult::impl).filter(BenchResult::isMaplab).sorted().findFirst().orElse(null);
        if (impl == null) {
            return Optional.empty();
        }
        Map<String, List<BenchResult>> groups = new LinkedHashMap<>();
        Map<String, String> sizeParamOf = new LinkedHashMap<>();
        for (BenchResult b : bench) {
            if (!b.impl().equals(impl) || !LOOKUP_BENCHMARK.matcher(b.shortName()).find()) {
                continue;
            }
            String sizeParam = SIZE_PARAMS.stream().filter(p -> !Double.isNaN(b.numericParam(p))).findFirst().orElse(null);
            if (sizeParam == null) {
                continue;
            }
            Map<String, String> rest = new TreeMap<>(b.params());
            rest.remove(sizeParam);
            String key = b.shortName() + " " + b.mode() + " threads=" + b.threads() + (rest.isEmpty() ? "" : " " + rest);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(b);
            sizeParamOf.put(key, sizeParam);
        }
        List<double[]> ratios = new ArrayList<>(); // ratio, small, large
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, List<BenchResult>> g : groups.entrySet()) {
            String p = sizeParamOf.get(g.getKey());
            BenchResult small = g.getValue().stream().min(Comparator.comparingDouble(b -> b.numericParam(p))).orElseThrow();
            BenchResult large = g.getValue().stream().max(Comparator.comparingDouble(b -> b.numericParam(p))).orElseThrow();
            double span = large.numericParam(p) / small.numericParam(p);
            double r = Units.advantage(large.score(), small.score(), large.unit());
            if (span < MIN_SIZE_SPAN || Double.isNaN(r) || !small.unit().equals(large.unit())) {
                continue;
            }
            ratios.add(new double[] {r, small.numericParam(p), large.numericParam(p)});
            names.add(g.getKey() + ": " + Fmt.num(large.score()) + " vs " + Fmt.num(small.score()) + " " + large.unit());
        }
        if (ratios.isEmpty()) {
            return Optional.empty();
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < ratios.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble(i -> ratios.get(i)[0]));
        int mid = order.get((order.size() - 1) / 2);
        double[] m = ratios.get(mid);
        return Optional.of(new ThroughputFinding(m[0], ratios.get(order.get(0))[0], ratios.get(order.get(order.size() - 1))[0],
                ratios.size(), m[1], m[2], names.get(mid)));
    }

    @Override
    public ClaimVerdict decide(ResultSet results) {
        Optional<ChainFinding> chain = results.chains().flatMap(C1ChainLengthRule::chains);
        Optional<ThroughputFinding> tp = throughput(results.benches("hash"));
        List<String> evidence = new ArrayList<>();
        if (results.chains().isPresent()) {
            evidence.add("profile/chains.json");
        }
        if (!results.benches("hash").isEmpty()) {
            evidence.add("bench/hash.json");
        }
        if (chain.isEmpty() && tp.isEmpty()) {
            return ClaimVerdict.open(this, "Awaiting profile/chains.json (a size sweep of non-adversarial keys) and"
                    + " bench/hash.json (maplab lookups over sizes at least 16x apart).", evidence);
        }
        if (chain.isEmpty()) {
            return ClaimVerdict.open(this, "Half the evidence: " + tp.get().describe() + "; awaiting a chain-length size"
                    + " sweep in profile/chains.json to tell chain length from cache misses.", evidence);
        }
        if (tp.isEmpty()) {
            return ClaimVerdict.open(this, "Half the evidence: " + chain.get().describe() + "; awaiting maplab lookup"
                    + " throughput over sizes in bench/hash.json to say whether size slows lookups.", evidence);
        }
        ChainFinding c = chain.get();
        ThroughputFinding t = tp.get();
        String figure = c.describe() + "; " + t.describe();
        List<Link> figures = List.of(new Link("visited elements vs max_entries", Charts.CHAINS_VISITED_VS_SIZE),
                new Link("mean chain length vs max_entries", Charts.CHAINS_MEAN_VS_SIZE),
                new Link("hash benchmarks", "#hash-benchmarks"));
        String sizes = Fmt.size(t.largeSize()) + " entries run at " + Fmt.ratio(t.medianRatio()) + " the lookup speed of "
                + Fmt.size(t.smallSize());
        String visits = "a successful lookup visits " + Fmt.num(c.typicalVisited()) + " elements at every size (1 + load/2 = "
                + Fmt.num(1 + c.typicalLoad() / 2) + ")";
        if (c.flat() && t.drop()) {
            return ClaimVerdict.of(this, Verdict.NUANCED, "Large maps are slower, but not because chains grow: " + sizes
                    + " while " + visits + "; the cost is cache misses, not the chain walk.", figure, evidence, figures);
        }
        if (c.flat()) {
            return ClaimVerdict.of(this, Verdict.REFUTED, "Size does not slow lookups: " + sizes + " and " + visits + ".",
                    figure, evidence, figures);
        }
        String growth = "chains do not stay at 1 + load/2 across sizes (" + c.describe() + ")";
        if (t.drop()) {
            return ClaimVerdict.of(this, Verdict.CONFIRMED, "Large maps are slower and their " + growth + "; " + sizes + ".",
                    figure, evidence, figures);
        }
        return ClaimVerdict.of(this, Verdict.NUANCED, "The " + growth + ", yet " + sizes + ".", figure, evidence, figures);
    }
}
