package dev.maplab.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the chain-length study ({@code out/profile/chains.json}, written by
 * {@code dev.maplab.profile.ChainStudy}) defensively: it does not insist on one layout.
 *
 * <p>The preferred layout is a list of rows, one per (distribution, max_entries, fill):
 * <pre>
 * {"study": "chains", "rows": [
 *   {"distribution": "uniform", "max_entries": 1024, "fill": 0.5, "n_buckets": 1024, "entries": 512,
 *    "load": 0.5, "histogram": [bucketsWith0, bucketsWith1, ...],
 *    "mean_chain": ..., "max_chain": ..., "visited_hit": ..., "visited_miss": ...,
 *    "poisson": {"mean_chain": ..., "max_chain": ..., "visited_hit": ..., "visited_miss": ...}}]}
 * </pre>
 * but the reader also accepts rows nested under distribution names and numeric keys
 * ({@code {"uniform": {"1024": {"0.5": {...}}}}}), camelCase or snake_case names and common synonyms
 * ({@code maxEntries}, {@code nBuckets}, {@code mean_chain_length}, {@code avg_visited_successful},
 * {@code poisson_max_chain}, {@code {"mean_chain": {"observed": .., "poisson": ..}}}), histograms as
 * arrays, {@code {"0": n}} objects, {@code [[length, n]]} pairs or {@code [{"length", "count"}]} objects,
 * and fills as fractions or percentages. What is missing is derived where it can be (load from
 * entries and buckets, the metrics from the histogram, Poisson expectations from the load) and left
 * {@code NaN} otherwise. Any object that carries a load, a bucket count, a histogram or a chain metric
 * is a row.
 */
public final class ChainProfile {
    private static final Set<String> DISTRIBUTION_KEYS = Set.of("distribution", "dist", "keydistribution", "keydist",
            "keys", "pattern", "workload", "keypattern", "name");
    private static final Set<String> MAX_ENTRIES_KEYS = Set.of("maxentries", "mapsize", "size", "capacity");
    private static final Set<String> FILL_KEYS = Set.of("fill", "fillfactor", "fillratio", "fillpercent", "fillpct");
    private static final Set<String> BUCKET_KEYS = Set.of("nbuckets", "buckets", "bucketcount", "numbuckets", "nbucket");
    private static final Set<String> ENTRY_KEYS = Set.of("entries", "nentries", "elements", "inserted", "count", "numentries");
    private static final Set<String> LOAD_KEYS = Set.of("load", "loadfactor", "alpha");
    private static final Set<String> HISTOGRAM_KEYS = Set.of("histogram", "hist", "chainhistogram", "chainlengthhistogram",
            "chainlengths", "lengthhistogram", "histogramofchainlengths");
    private static final String[] DISTRIBUTION_WORDS = {"sequential", "uniform", "random", "advers", "zipf", "seed", "dense", "sparse"};

    private enum Metric { MEAN, MAX, HIT, MISS, MEAN_NON_EMPTY }

    private final List<ChainRow> rows;
    private final List<String> warnings;

    private ChainProfile(List<ChainRow> rows, List<String> warnings) {
        this.rows = List.copyOf(rows);
        this.warnings = List.copyOf(warnings);
    }

    public List<ChainRow> rows() {
        return rows;
    }

    /** What the reader could not use, for the report's problems list. */
    public List<String> warnings() {
        return warnings;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The distributions in the order: sequential, uniform, others, adversarial ones last. */
    public List<String> distributions() {
        TreeSet<String> set = new TreeSet<>(Comparator.comparing((String d) -> distributionRank(d)).thenComparing(d -> d));
        for (ChainRow r : rows) {
            set.add(r.distribution());
        }
        return new ArrayList<>(set);
    }

    private static int distributionRank(String d) {
        String l = d.toLowerCase(Locale.ROOT);
        if (l.contains("seq")) {
            return 0;
        }
        if (l.contains("uniform")) {
            return 1;
        }
        if (l.contains("advers")) {
            return 3;
        }
        return 2;
    }

    /** Parses a study file's tree; never throws on an unexpected layout (it finds fewer rows). */
    public static ChainProfile parse(JsonNode root, String source) {
        List<ChainRow> out = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        walk(root, new Ctx(null, Double.NaN, Double.NaN, Double.NaN), out, source, 0);
        if (out.isEmpty()) {
            warnings.add(source + ": no chain-length rows found (expected objects with load, n_buckets, histogram or chain metrics)");
        }
        for (ChainRow r : out) {
            if (Double.isNaN(r.load())) {
                warnings.add(source + ": a row of " + r.distribution() + " has no load and none can be derived");
            }
        }
        out.sort(Comparator.comparing((ChainRow r) -> distributionRank(r.distribution())).thenComparing(ChainRow::distribution)
                .thenComparingDouble(ChainRow::maxEntries).thenComparingDouble(ChainRow::fill));
        return new ChainProfile(out, warnings);
    }

    private record Ctx(String distribution, double maxEntries, double fill, double nBuckets) {
        Ctx with(String d, double m, double f) {
            return new Ctx(d != null ? d : distribution, !Double.isNaN(m) ? m : maxEntries, !Double.isNaN(f) ? f : fill,
                    !Double.isNaN(m) && m != maxEntries ? Double.NaN : nBuckets);
        }

        Ctx withBuckets(double b) {
            return Double.isNaN(b) ? this : new Ctx(distribution, maxEntries, fill, b);
        }
    }

    private static String alnum(String key) {
        return key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static void walk(JsonNode node, Ctx ctx, List<ChainRow> out, String source, int depth) {
        if (node == null || depth > 12) {
            return;
        }
        if (node.isArray()) {
            for (JsonNode el : node) {
                walk(el, ctx, out, source, depth + 1);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        Ctx here = ctx.with(text(node, DISTRIBUTION_KEYS), number(node, MAX_ENTRIES_KEYS), fillOf(node))
                .withBuckets(number(node, BUCKET_KEYS));
        if (looksLikeRow(node)) {
            out.add(row(node, here, source));
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            if (!v.isContainerNode()) {
                continue;
            }
            walk(v, refine(here, f.getKey()), out, source, depth + 1);
        }
    }

    /** A container's key may itself say the distribution ({@code "uniform"}), the size ({@code "1024"}) or the fill ({@code "0.5"}, {@code "50%"}). */
    private static Ctx refine(Ctx ctx, String key) {
        String k = key.trim();
        int eq = k.indexOf('=');
        if (eq > 0) {
            String name = alnum(k.substring(0, eq));
            String value = k.substring(eq + 1);
            if (DISTRIBUTION_KEYS.contains(name)) {
                return ctx.with(value, Double.NaN, Double.NaN);
            }
            if (MAX_ENTRIES_KEYS.contains(name)) {
                return ctx.with(null, BenchResult.parseNumber(value), Double.NaN);
            }
            if (FILL_KEYS.contains(name)) {
                return ctx.with(null, Double.NaN, asFraction(BenchResult.parseNumber(value)));
            }
            return ctx;
        }
        double x = BenchResult.parseNumber(k);
        if (!Double.isNaN(x)) {
            if (k.endsWith("%") || x <= 1.0) {
                return ctx.with(null, Double.NaN, k.endsWith("%") ? x : asFraction(x));
            }
            if (x == Math.rint(x)) {
                return ctx.with(null, x, Double.NaN);
            }
            return ctx;
        }
        String l = k.toLowerCase(Locale.ROOT);
        for (String w : DISTRIBUTION_WORDS) {
            if (l.contains(w)) {
                return ctx.with(k, Double.NaN, Double.NaN);
            }
        }
        return ctx;
    }

    /**
     * A row has a numeric load, a histogram, or a numeric chain metric beside its entries, fill or size. A bucket
     * count alone does not make a row (a size level of a nested layout carries one for its fills).
     */
    private static boolean looksLikeRow(JsonNode node) {
        boolean metric = false;
        boolean located = false;
        Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            String nk = alnum(f.getKey());
            JsonNode v = f.getValue();
            if (LOAD_KEYS.contains(nk) && !Double.isNaN(num(v))) {
                return true;
            }
            if (HISTOGRAM_KEYS.contains(nk) && v.isContainerNode()) {
                return true;
            }
            if (ENTRY_KEYS.contains(nk) || FILL_KEYS.contains(nk) || MAX_ENTRIES_KEYS.contains(nk)) {
                located |= !Double.isNaN(num(v));
            } else if (classify(nk) != null && !Double.isNaN(num(v))) {
                metric = true;
            }
        }
        return metric && located;
    }

    private static String text(JsonNode node, Set<String> keys) {
        Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            if (keys.contains(alnum(f.getKey())) && f.getValue().isTextual()) {
                return f.getValue().asText();
            }
        }
        return null;
    }

    private static double number(JsonNode node, Set<String> keys) {
        Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            if (keys.contains(alnum(f.getKey()))) {
                double v = num(f.getValue());
                if (!Double.isNaN(v)) {
                    return v;
                }
            }
        }
        return Double.NaN;
    }

    private static double fillOf(JsonNode node) {
        Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            String nk = alnum(f.getKey());
            if (FILL_KEYS.contains(nk)) {
                JsonNode v = f.getValue();
                double x = num(v);
                if (Double.isNaN(x)) {
                    continue;
                }
                if (v.isTextual() && v.asText().trim().endsWith("%")) {
                    return x; // parseNumber already made "50%" 0.5
                }
                return nk.contains("percent") || nk.contains("pct") ? x / 100.0 : asFraction(x);
            }
        }
        return Double.NaN;
    }

    /** A fill above 1 is taken as a percentage. */
    private static double asFraction(double x) {
        return x > 1.0 ? x / 100.0 : x;
    }

    /** A number from a numeric or textual node ({@code "NaN"}, {@code "50%"}, {@code "2^20"}); {@code NaN} otherwise. */
    static double num(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return Double.NaN;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual()) {
            return BenchResult.parseNumber(v.asText());
        }
        return Double.NaN;
    }

    /**
     * Which metric a normalised key names (its path inside the row joined: {@code chainmax},
     * {@code lookupsuccessful}, {@code poissonexpectedmax}); {@code null} for anything else. Misses and
     * hits by what a lookup found; mean and max by their words; sizes, counts and "same distribution"
     * variants are not metrics.
     */
    private static Metric classify(String nk) {
        String k = stripPoisson(nk);
        if (k.contains("entries") || k.contains("log2") || k.contains("size") || k.contains("same") || k.contains("probes")
                || k.contains("seed") || k.contains("seconds") || k.contains("tvd")) {
            return null;
        }
        if (k.contains("nonempty") || k.contains("occupied")) {
            return k.contains("mean") || k.contains("avg") || k.contains("average") ? Metric.MEAN_NON_EMPTY : null;
        }
        if (k.contains("miss") || k.contains("unsuccess") || k.contains("notfound") || k.contains("absent")) {
            return Metric.MISS;
        }
        if (k.contains("hit") || k.contains("success") || k.contains("found") || k.contains("present")) {
            return Metric.HIT;
        }
        if (k.contains("bucket") || k.contains("hist")) {
            return null;
        }
        if (k.contains("max") || k.contains("longest")) {
            return Metric.MAX;
        }
        if (k.contains("mean") || k.contains("avg") || k.contains("average")) {
            return Metric.MEAN;
        }
        return null;
    }

    private static boolean isPoisson(String nk) {
        return nk.contains("poisson") || nk.contains("expected") || nk.contains("expectation") || nk.contains("theory");
    }

    private static String stripPoisson(String nk) {
        return nk.replace("poisson", "").replace("expectations", "").replace("expectation", "").replace("expected", "")
                .replace("theory", "").replace("observed", "").replace("measured", "").replace("actual", "");
    }

    private static final class Acc {
        String distribution;
        double maxEntries = Double.NaN;
        double fill = Double.NaN;
        double nBuckets = Double.NaN;
        double entries = Double.NaN;
        double load = Double.NaN;
        long[] histogram = new long[0];
        final double[] observed = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        final double[] poisson = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    }

    private static ChainRow row(JsonNode node, Ctx ctx, String source) {
        Acc a = new Acc();
        a.distribution = ctx.distribution();
        a.maxEntries = ctx.maxEntries();
        a.fill = ctx.fill();
        a.nBuckets = ctx.nBuckets();
        String d = text(node, DISTRIBUTION_KEYS);
        if (d != null) {
            a.distribution = d;
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            String nk = alnum(f.getKey());
            JsonNode v = f.getValue();
            if (BUCKET_KEYS.contains(nk)) {
                if (!Double.isNaN(num(v))) {
                    a.nBuckets = num(v);
                }
            } else if (ENTRY_KEYS.contains(nk)) {
                a.entries = num(v);
            } else if (LOAD_KEYS.contains(nk)) {
                a.load = num(v);
            } else if (HISTOGRAM_KEYS.contains(nk)) {
                a.histogram = histogram(v);
            } else if (!MAX_ENTRIES_KEYS.contains(nk) && !FILL_KEYS.contains(nk) && !DISTRIBUTION_KEYS.contains(nk)) {
                metrics(nk, v, a, 0);
            }
        }
        double mx = number(node, MAX_ENTRIES_KEYS);
        if (!Double.isNaN(mx)) {
            a.maxEntries = mx;
        }
        double fl = fillOf(node);
        if (!Double.isNaN(fl)) {
            a.fill = fl;
        }
        return complete(a, source);
    }

    /** Reads a metric, or an object of metrics whose names continue the key ({@code "chain": {"mean": ..}}). */
    private static void metrics(String prefix, JsonNode v, Acc a, int depth) {
        if (v.isObject() && depth < 3) {
            Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                String sub = alnum(f.getKey());
                if (HISTOGRAM_KEYS.contains(sub)) {
                    if (a.histogram.length == 0 && !isPoisson(prefix)) {
                        a.histogram = histogram(f.getValue());
                    }
                    continue;
                }
                metrics(prefix + sub, f.getValue(), a, depth + 1);
            }
            return;
        }
        Metric m = classify(prefix);
        double x = num(v);
        if (m == null || Double.isNaN(x)) {
            return;
        }
        (isPoisson(prefix) ? a.poisson : a.observed)[m.ordinal()] = x;
    }

    static long[] histogram(JsonNode v) {
        java.util.TreeMap<Integer, Long> counts = new java.util.TreeMap<>();
        if (v.isArray()) {
            int i = 0;
            for (JsonNode el : v) {
                if (el.isNumber() || el.isTextual()) {
                    double x = num(el);
                    if (!Double.isNaN(x)) {
                        counts.merge(i, (long) x, Long::sum);
                    }
                } else if (el.isArray() && el.size() >= 2) {
                    double l = num(el.get(0));
                    double c = num(el.get(1));
                    if (!Double.isNaN(l) && !Double.isNaN(c)) {
                        counts.merge((int) l, (long) c, Long::sum);
                    }
                } else if (el.isObject()) {
                    double l = Double.NaN;
                    double c = Double.NaN;
                    Iterator<Map.Entry<String, JsonNode>> it = el.properties().iterator();
                    while (it.hasNext()) {
                        Map.Entry<String, JsonNode> f = it.next();
                        String k = alnum(f.getKey());
                        if (k.startsWith("len") || k.equals("chain") || k.equals("chainlength") || k.equals("l") || k.equals("k")) {
                            l = num(f.getValue());
                        } else if (k.startsWith("count") || k.startsWith("bucket") || k.equals("n") || k.equals("frequency") || k.equals("freq")) {
                            c = num(f.getValue());
                        }
                    }
                    if (!Double.isNaN(l) && !Double.isNaN(c)) {
                        counts.merge((int) l, (long) c, Long::sum);
                    }
                }
                i++;
            }
        } else if (v.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                double l = BenchResult.parseNumber(f.getKey());
                double c = num(f.getValue());
                if (!Double.isNaN(l) && !Double.isNaN(c) && l >= 0) {
                    counts.merge((int) l, (long) c, Long::sum);
                }
            }
        }
        if (counts.isEmpty() || counts.firstKey() < 0) {
            return new long[0];
        }
        long[] h = new long[counts.lastKey() + 1];
        counts.forEach((l, c) -> h[l] = c);
        return h;
    }

    private static ChainRow complete(Acc a, String source) {
        long[] h = a.histogram;
        double hBuckets = 0;
        double hEntries = 0;
        double hEmpty = h.length > 0 ? h[0] : 0;
        double hMax = Double.NaN;
        double hVisited = 0;
        for (int l = 0; l < h.length; l++) {
            hBuckets += h[l];
            hEntries += (double) l * h[l];
            hVisited += h[l] * (l * (l + 1.0) / 2.0);
            if (h[l] > 0) {
                hMax = l;
            }
        }
        boolean hasHist = hBuckets > 0;
        if (Double.isNaN(a.nBuckets) && hasHist) {
            a.nBuckets = hBuckets;
        }
        if (Double.isNaN(a.entries) && hasHist) {
            a.entries = hEntries;
        }
        if (Double.isNaN(a.nBuckets) && !Double.isNaN(a.maxEntries)) {
            a.nBuckets = Long.highestOneBit(Math.max(1, (long) a.maxEntries - 1)) << 1; // roundup_pow_of_two, as htab does
            if (a.maxEntries == 1) {
                a.nBuckets = 1;
            }
        }
        if (Double.isNaN(a.entries) && !Double.isNaN(a.fill) && !Double.isNaN(a.maxEntries)) {
            a.entries = Math.round(a.fill * a.maxEntries);
        }
        if (Double.isNaN(a.fill) && !Double.isNaN(a.entries) && !Double.isNaN(a.maxEntries) && a.maxEntries > 0) {
            a.fill = a.entries / a.maxEntries;
        }
        if (Double.isNaN(a.load) && !Double.isNaN(a.entries) && !Double.isNaN(a.nBuckets) && a.nBuckets > 0) {
            a.load = a.entries / a.nBuckets;
        }
        double[] o = a.observed;
        String meanDefinition;
        double meanAll = hasHist ? hEntries / hBuckets : a.load;
        double meanNonEmpty = hasHist && hBuckets > hEmpty ? hEntries / (hBuckets - hEmpty) : Poisson.meanNonEmptyBuckets(a.load);
        if (!Double.isNaN(o[Metric.MEAN_NON_EMPTY.ordinal()])) {
            // The more telling mean: over all buckets it is the load whatever the hash does.
            o[Metric.MEAN.ordinal()] = o[Metric.MEAN_NON_EMPTY.ordinal()];
            meanDefinition = "non-empty buckets";
        } else if (Double.isNaN(o[Metric.MEAN.ordinal()])) {
            o[Metric.MEAN.ordinal()] = hasHist ? meanNonEmpty : Double.NaN;
            meanDefinition = "non-empty buckets";
        } else {
            double m = o[Metric.MEAN.ordinal()];
            meanDefinition = Math.abs(m - meanAll) <= Math.abs(m - meanNonEmpty) ? "all buckets" : "non-empty buckets";
        }
        if (Double.isNaN(o[Metric.MAX.ordinal()]) && hasHist) {
            o[Metric.MAX.ordinal()] = hMax;
        }
        if (Double.isNaN(o[Metric.HIT.ordinal()]) && hasHist && hEntries > 0) {
            o[Metric.HIT.ordinal()] = hVisited / hEntries;
        }
        if (Double.isNaN(o[Metric.MISS.ordinal()]) && hasHist) {
            o[Metric.MISS.ordinal()] = meanAll;
        }
        double[] p = a.poisson;
        boolean fromFile = !Double.isNaN(p[0]) || !Double.isNaN(p[1]) || !Double.isNaN(p[2]) || !Double.isNaN(p[3]);
        if (meanDefinition.equals("non-empty buckets") && !Double.isNaN(p[Metric.MEAN_NON_EMPTY.ordinal()])) {
            p[Metric.MEAN.ordinal()] = p[Metric.MEAN_NON_EMPTY.ordinal()];
        } else if (meanDefinition.equals("non-empty buckets")) {
            p[Metric.MEAN.ordinal()] = Double.NaN;
        }
        if (Double.isNaN(p[Metric.MEAN.ordinal()])) {
            p[Metric.MEAN.ordinal()] = meanDefinition.equals("all buckets") ? Poisson.meanAllBuckets(a.load) : Poisson.meanNonEmptyBuckets(a.load);
        }
        if (Double.isNaN(p[Metric.MAX.ordinal()])) {
            p[Metric.MAX.ordinal()] = Poisson.expectedMax(a.load, a.nBuckets);
        }
        if (Double.isNaN(p[Metric.HIT.ordinal()])) {
            p[Metric.HIT.ordinal()] = Poisson.visitedHit(a.entries, a.nBuckets);
        }
        if (Double.isNaN(p[Metric.MISS.ordinal()])) {
            p[Metric.MISS.ordinal()] = Poisson.visitedMiss(a.load);
        }
        String dist = a.distribution == null ? "unnamed" : a.distribution;
        return new ChainRow(dist, a.maxEntries, a.fill, a.nBuckets, a.entries, a.load, h,
                o[0], o[1], o[2], o[3], p[0], p[1], p[2], p[3], meanDefinition, fromFile, source);
    }
}
