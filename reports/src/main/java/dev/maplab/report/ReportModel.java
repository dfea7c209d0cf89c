package dev.maplab.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maplab.report.Charts.ChartRef;
import dev.maplab.report.Charts.Series;
import dev.maplab.report.Charts.Spec;
import dev.maplab.report.Charts.XAxis;
import dev.maplab.report.Views.BenchRow;
import dev.maplab.report.Views.BenchSection;
import dev.maplab.report.Views.BenchTable;
import dev.maplab.report.Views.ChainRowView;
import dev.maplab.report.Views.ChainsView;
import dev.maplab.report.Views.CheckRow;
import dev.maplab.report.Views.CheckSection;
import dev.maplab.report.Views.ClaimView;
import dev.maplab.report.Views.EnvView;
import dev.maplab.report.Views.KeyValue;
import dev.maplab.report.Views.OperationsRow;
import dev.maplab.report.Views.OperationsView;
import dev.maplab.report.Views.OtherStudyView;
import dev.maplab.report.Views.PublishedRow;
import dev.maplab.verdict.ClaimVerdict;
import dev.maplab.verdict.DocumentNotes;
import dev.maplab.verdict.Link;
import dev.maplab.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns a {@link ResultSet} and its verdicts into the views both templates render, drawing the charts
 * under {@code out/charts/} on the way. Every number the page shows is formatted here, once.
 */
final class ReportModel {
    /** At most this many charts per benchmark method and swept parameter. */
    static final int MAX_CHARTS_PER_SWEEP = 6;
    private static final List<String> SIZE_PARAMS = List.of("entries", "max_entries", "maxEntries", "size", "n");

    private final ResultSet results;
    private final List<ClaimVerdict> verdicts;
    private final Path out;
    private final List<String> problems = new ArrayList<>();

    ReportModel(ResultSet results, List<ClaimVerdict> verdicts, Path out) {
        this.results = results;
        this.verdicts = verdicts;
        this.out = out;
    }

    Map<String, Object> build() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        List<CheckSection> checks = checks();
        List<BenchSection> benches = benches();
        ChainsView chains = chains();
        ChartRef published = published();
        OperationsView operations = operations();
        RingbufProfile.View ringbuf = ringbuf();
        List<OtherStudyView> others = otherStudies();
        m.put("claims", claims());
        m.put("verdictCounts", verdictCounts());
        m.put("notes", DocumentNotes.NOTES);
        m.put("checks", checks);
        m.put("checksTotal", checks.stream().mapToInt(CheckSection::total).sum());
        m.put("checksFailing", checks.stream().mapToInt(CheckSection::failing).sum());
        m.put("benches", benches);
        m.put("chains", chains);
        m.put("publishedChart", published);
        m.put("publishedSource", PublishedFigures.HASH_LOOKUP_VS_FILL_SOURCE);
        m.put("publishedRows", publishedRows());
        m.put("operations", operations);
        m.put("ringbuf", ringbuf);
        m.put("otherStudies", others);
        m.put("environments", environments());
        List<String> allProblems = new ArrayList<>(results.problems());
        allProblems.addAll(problems);
        m.put("problems", allProblems);
        m.put("inputs", inputs());
        return m;
    }

    /**
     * Draws a chart; a chart that cannot be drawn (no fonts in a bare headless JDK, say) becomes a problem
     * line and the rest of the report is still rendered.
     */
    private ChartRef draw(Spec spec) throws IOException {
        try {
            return Charts.write(spec, out);
        } catch (RuntimeException | LinkageError | InternalError e) {
            problems.add(spec.file() + ": the chart could not be drawn: " + e);
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------------- claims

    private List<ClaimView> claims() {
        List<ClaimView> list = new ArrayList<>();
        for (ClaimVerdict v : verdicts) {
            List<Link> evidence = new ArrayList<>();
            for (String e : v.evidence()) {
                evidence.add(new Link(e, e));
            }
            List<Link> figures = v.figures().stream()
                    .filter(l -> l.href().startsWith("#") || Files.exists(out.resolve(l.href())))
                    .collect(Collectors.toList());
            list.add(new ClaimView(v.id(), v.id().toLowerCase(Locale.ROOT), v.claim(), v.verdict().name(),
                    "verdict-" + v.verdict().name().toLowerCase(Locale.ROOT), v.summary(), v.rule(), v.figure(),
                    evidence, figures));
        }
        return list;
    }

    private Map<String, Integer> verdictCounts() {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            counts.put(v, 0);
        }
        verdicts.forEach(v -> counts.merge(v.verdict(), 1, Integer::sum));
        Map<String, Integer> named = new LinkedHashMap<>();
        counts.forEach((k, v) -> named.put(k.name(), v));
        return named;
    }

    // ---------------------------------------------------------------------------------------------- checks

    private List<CheckSection> checks() {
        List<CheckSection> sections = new ArrayList<>();
        for (String s : results.checkStructures()) {
            List<CheckResult> list = new ArrayList<>(results.checks(s));
            // Failing first, then production, variants, mutants; stable otherwise.
            list.sort(Comparator.comparing((CheckResult c) -> c.asExpected() ? 1 : 0)
                    .thenComparing(c -> c.isProduction() ? 0 : c.isVariant() ? 1 : 2));
            List<CheckRow> rows = new ArrayList<>();
            int failing = 0;
            for (CheckResult c : list) {
                if (!c.asExpected()) {
                    failing++;
                }
                rows.add(new CheckRow(c.name(), c.tool(), c.subject(), c.expect(), c.outcome(), c.status(), !c.asExpected(),
                        Double.isNaN(c.seconds()) ? "" : c.seconds() >= 1 ? String.format(Locale.ROOT, "%.1f", c.seconds())
                                : Fmt.num(c.seconds()),
                        c.showDetail(), c.detail()));
            }
            sections.add(new CheckSection(s, s + "-checks", "check/" + s + ".json", list.size(), list.size() - failing,
                    failing, rows));
        }
        return sections;
    }

    // ---------------------------------------------------------------------------------------------- benchmarks

    private static String paramsText(Map<String, String> params) {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    private static int implRank(String impl) {
        if (impl.equals("maplab")) {
            return 0;
        }
        if (BenchResult.isMaplab(impl)) {
            return 1;
        }
        return impl.equals("kernel") ? 3 : 2;
    }

    /** Orders parameter maps by each value, numerically where both are numbers. */
    static int compareParams(Map<String, String> a, Map<String, String> b) {
        Iterator<Map.Entry<String, String>> ia = a.entrySet().iterator();
        Iterator<Map.Entry<String, String>> ib = b.entrySet().iterator();
        while (ia.hasNext() && ib.hasNext()) {
            Map.Entry<String, String> x = ia.next();
            Map.Entry<String, String> y = ib.next();
            int c = x.getKey().compareTo(y.getKey());
            if (c != 0) {
                return c;
            }
            double nx = BenchResult.parseNumber(x.getValue());
            double ny = BenchResult.parseNumber(y.getValue());
            c = !Double.isNaN(nx) && !Double.isNaN(ny) ? Double.compare(nx, ny) : x.getValue().compareTo(y.getValue());
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(ia.hasNext(), ib.hasNext());
    }

    private List<BenchSection> benches() throws IOException {
        List<BenchSection> sections = new ArrayList<>();
        TreeSet<String> structures = results.benches().stream().map(BenchResult::structure).collect(Collectors.toCollection(TreeSet::new));
        for (String s : structures) {
            List<BenchResult> all = results.benches(s);
            Map<String, List<BenchResult>> byMethod = new TreeMap<>();
            for (BenchResult b : all) {
                byMethod.computeIfAbsent(b.benchmark() + "\u0000" + b.mode(), k -> new ArrayList<>()).add(b);
            }
            List<BenchTable> tables = new ArrayList<>();
            List<ChartRef> charts = new ArrayList<>();
            for (List<BenchResult> method : byMethod.values()) {
                tables.add(table(method));
                charts.addAll(benchCharts(s, method));
            }
            sections.add(new BenchSection(s, s + "-benchmarks", "bench/" + s + ".json", tables, charts));
        }
        return sections;
    }

    private static BenchTable table(List<BenchResult> method) {
        BenchResult first = method.get(0);
        Map<String, List<BenchResult>> groups = new LinkedHashMap<>();
        List<BenchResult> sorted = new ArrayList<>(method);
        sorted.sort((a, b) -> {
            int c = compareParams(a.params(), b.params());
            if (c != 0) {
                return c;
            }
            c = Integer.compare(a.threads(), b.threads());
            if (c != 0) {
                return c;
            }
            c = Integer.compare(implRank(a.impl()), implRank(b.impl()));
            return c != 0 ? c : a.impl().compareTo(b.impl());
        });
        for (BenchResult b : sorted) {
            groups.computeIfAbsent(paramsText(b.params()) + "\u0000" + b.threads(), k -> new ArrayList<>()).add(b);
        }
        List<BenchRow> rows = new ArrayList<>();
        for (List<BenchResult> g : groups.values()) {
            List<BenchResult> maplabs = g.stream().filter(BenchResult::isMaplab).collect(Collectors.toList());
            boolean start = true;
            for (BenchResult b : g) {
                String ratio = "";
                if (!b.isMaplab()) {
                    List<String> parts = new ArrayList<>();
                    for (BenchResult m : maplabs) {
                        if (!m.unit().equals(b.unit()) || b.score() == 0) {
                            parts.add(m.impl() + "/" + b.impl() + ": units differ");
                            continue;
                        }
                        double r = m.score() / b.score();
                        double adv = Units.advantage(m.score(), b.score(), b.unit());
                        String word = Double.isNaN(adv) ? "" : adv >= 1 ? " (" + m.impl() + " better)" : " (" + m.impl() + " worse)";
                        parts.add(m.impl() + "/" + b.impl() + " = " + Fmt.ratio(r) + word);
                    }
                    ratio = String.join("; ", parts);
                }
                double rel = b.relativeError();
                String flag = b.noisy() ? "error > 10% of score" : Double.isNaN(rel) ? "no error estimate" : "";
                String alloc = Double.isNaN(b.allocPerOp()) ? "" : Fmt.num(b.allocPerOp()) + " B/op";
                rows.add(new BenchRow(paramsText(b.params()), b.threads(), b.impl(), b.isMaplab(), start, Fmt.num(b.score()),
                        Double.isNaN(b.error()) ? "n/a" : Fmt.num(b.error()), Double.isNaN(rel) ? "n/a" : Fmt.pct(rel),
                        b.unit(), alloc, ratio, b.noisy(), flag));
                start = false;
            }
        }
        Units.Direction d = Units.direction(first.unit());
        return new BenchTable(first.shortName() + " (" + first.mode() + ")", first.benchmark(), first.mode(), first.unit(),
                d.words(), rows);
    }

    private static String sanitize(String s) {
        return s.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("(^-|-$)", "").toLowerCase(Locale.ROOT);
    }

    private List<ChartRef> benchCharts(String structure, List<BenchResult> method) throws IOException {
        List<ChartRef> charts = new ArrayList<>();
        BenchResult first = method.get(0);
        List<String> sweeps = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>();
        method.forEach(b -> names.addAll(b.params().keySet()));
        for (String p : names) {
            long distinct = method.stream().map(b -> b.numericParam(p)).filter(v -> !Double.isNaN(v)).distinct().count();
            if (distinct >= 2) {
                sweeps.add(p);
            }
        }
        if (method.stream().map(BenchResult::threads).distinct().count() >= 2) {
            sweeps.add("threads");
        }
        for (String p : sweeps) {
            Map<String, List<BenchResult>> groups = new TreeMap<>();
            for (BenchResult b : method) {
                Map<String, String> rest = new TreeMap<>(b.params());
                rest.remove(p);
                String key = paramsText(rest) + (p.equals("threads") ? "" : (rest.isEmpty() ? "" : ", ") + "threads=" + b.threads());
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(b);
            }
            int i = 0;
            for (Map.Entry<String, List<BenchResult>> g : groups.entrySet()) {
                if (i >= MAX_CHARTS_PER_SWEEP) {
                    problems.add("bench/" + structure + ".json: " + first.shortName() + ": only the first " + MAX_CHARTS_PER_SWEEP
                            + " charts against " + p + " are drawn (" + groups.size() + " parameter sets)");
                    break;
                }
                Map<String, List<double[]>> byImpl = new TreeMap<>(Comparator.comparing(ReportModel::implRank).thenComparing(x -> x));
                for (BenchResult b : g.getValue()) {
                    double x = p.equals("threads") ? b.threads() : b.numericParam(p);
                    if (!Double.isNaN(x)) {
                        byImpl.computeIfAbsent(b.impl(), k -> new ArrayList<>()).add(new double[] {x, b.score()});
                    }
                }
                if (byImpl.values().stream().allMatch(l -> l.size() < 2)) {
                    continue;
                }
                List<double[]> xs = byImpl.values().stream().flatMap(List::stream).collect(Collectors.toList());
                XAxis axis = xAxisFor(p, xs);
                List<Series> series = new ArrayList<>();
                byImpl.forEach((impl, pts) -> series.add(new Series(impl, pts, false)));
                String file = "charts/bench-" + sanitize(structure) + "-" + sanitize(first.shortName()) + "-" + sanitize(first.mode())
                        + "-vs-" + sanitize(p) + (i == 0 ? "" : "-" + i) + ".svg";
                String title = first.shortName() + " against " + p + (g.getKey().isEmpty() ? "" : " (" + g.getKey() + ")");
                Spec spec = new Spec(file, title, p + (axis == XAxis.LOG2 ? " (log scale)" : ""),
                        first.unit() + " (" + Units.direction(first.unit()).words() + ")", axis, Charts.wantsLogY(series), series,
                        "Score of each implementation against " + p + "; " + g.getKey() + ". From bench/" + structure + ".json.");
                ChartRef ref = draw(spec);
                if (ref != null) {
                    charts.add(ref);
                }
                i++;
            }
        }
        return charts;
    }

    private static XAxis xAxisFor(String param, List<double[]> points) {
        double min = points.stream().mapToDouble(p -> p[0]).min().orElse(0);
        double max = points.stream().mapToDouble(p -> p[0]).max().orElse(0);
        if (param.toLowerCase(Locale.ROOT).contains("fill") || (max <= 1 && min >= 0)) {
            return XAxis.PERCENT;
        }
        boolean integers = points.stream().allMatch(p -> p[0] == Math.rint(p[0]) && p[0] >= 1);
        if (integers && max / min >= 16 && !param.equals("threads")) {
            return XAxis.LOG2;
        }
        return XAxis.LINEAR;
    }

    // ---------------------------------------------------------------------------------------------- profiles

    private static final double EPS = 1e-9;

    private ChainsView chains() throws IOException {
        if (results.chains().isEmpty() || results.chains().get().isEmpty()) {
            return null;
        }
        ChainProfile profile = results.chains().get();
        List<ChainRow> rows = profile.rows();
        double fill = rows.stream().filter(r -> !Double.isNaN(r.fill())).mapToDouble(ChainRow::fill).max().orElse(Double.NaN);
        List<ChainRow> sizeSweep = rows.stream().filter(r -> Double.isNaN(fill) ? Double.isNaN(r.fill()) : Math.abs(r.fill() - fill) < EPS)
                .filter(r -> !Double.isNaN(r.maxEntries())).collect(Collectors.toList());
        double size = rows.stream().filter(r -> !Double.isNaN(r.maxEntries())).map(ChainRow::maxEntries)
                .min(Comparator.comparingDouble(v -> Math.abs(Math.log(v / PublishedFigures.HASH_LOOKUP_MAX_ENTRIES))))
                .orElse(Double.NaN);
        List<ChainRow> fillSweep = rows.stream().filter(r -> r.maxEntries() == size && !Double.isNaN(r.fill()))
                .collect(Collectors.toList());
        List<ChartRef> charts = new ArrayList<>();
        String atFill = "at fill " + Fmt.pct(fill);
        String atSize = "at max_entries " + Fmt.size(size);
        String meanDef = rows.get(0).meanDefinition();
        chart(charts, Charts.CHAINS_VISITED_VS_SIZE, "Elements visited by a successful lookup against max_entries, " + atFill,
                "max_entries (log scale)", "elements visited (hit)", XAxis.LOG2, sizeSweep, ChainRow::maxEntries,
                ChainRow::visitedHit, r -> 1 + r.load() / 2, "1 + load/2",
                "Observed per key distribution (solid) against 1 + load/2 (dashed). The deciding figure of C1: flat means"
                        + " chain length does not grow with size.");
        chart(charts, Charts.CHAINS_MEAN_VS_SIZE, "Mean chain length against max_entries, " + atFill, "max_entries (log scale)",
                "mean chain length (" + meanDef + ")", XAxis.LOG2, sizeSweep, ChainRow::maxEntries, ChainRow::meanChain,
                ChainRow::poissonMean, "Poisson", "Observed (solid) against the Poisson expectation for the same load (dashed).");
        chart(charts, Charts.CHAINS_MAX_VS_SIZE, "Longest chain against max_entries, " + atFill, "max_entries (log scale)",
                "max chain length", XAxis.LOG2, sizeSweep, ChainRow::maxEntries, ChainRow::maxChain, ChainRow::poissonMax,
                "Poisson E[max]", "Observed (solid) against the expected maximum of n_buckets Poisson chains (dashed).");
        chart(charts, Charts.CHAINS_MEAN_VS_FILL, "Mean chain length against fill, " + atSize, "fill", "mean chain length ("
                + meanDef + ")", XAxis.PERCENT, fillSweep, ChainRow::fill, ChainRow::meanChain, ChainRow::poissonMean, "Poisson",
                "Observed (solid) against the Poisson expectation (dashed).");
        chart(charts, Charts.CHAINS_MAX_VS_FILL, "Longest chain against fill, " + atSize, "fill", "max chain length",
                XAxis.PERCENT, fillSweep, ChainRow::fill, ChainRow::maxChain, ChainRow::poissonMax, "Poisson E[max]",
                "Observed (solid) against the expected maximum (dashed).");
        String note = "Mean chain length averages over " + meanDef + ". Poisson expectations are "
                + (rows.get(0).poissonFromFile() ? "the study's" : "computed by the report from each row's load") + ". "
                + rows.size() + " rows; tables show the size sweep " + atFill + " and the fill sweep " + atSize + ".";
        return new ChainsView("profile/chains.json", note, charts, "Size sweep, " + atFill, chainRows(sizeSweep),
                "Fill sweep, " + atSize, chainRows(fillSweep));
    }

    private void chart(List<ChartRef> charts, String file, String title, String xLabel, String yLabel, XAxis axis,
                       List<ChainRow> rows, java.util.function.ToDoubleFunction<ChainRow> x,
                       java.util.function.ToDoubleFunction<ChainRow> y, java.util.function.ToDoubleFunction<ChainRow> expected,
                       String expectedName, String caption) throws IOException {
        Map<String, List<double[]>> byDist = new LinkedHashMap<>();
        TreeMap<Double, Double> exp = new TreeMap<>();
        for (ChainRow r : rows) {
            double xv = x.applyAsDouble(r);
            byDist.computeIfAbsent(r.distribution(), k -> new ArrayList<>()).add(new double[] {xv, y.applyAsDouble(r)});
            double e = expected.applyAsDouble(r);
            if (!Double.isNaN(e)) {
                exp.putIfAbsent(xv, e);
            }
        }
        List<Series> series = new ArrayList<>();
        byDist.forEach((d, pts) -> series.add(new Series(d, pts, false)));
        List<double[]> e = new ArrayList<>();
        exp.forEach((k, v) -> e.add(new double[] {k, v}));
        series.add(new Series(expectedName, e, true));
        Spec spec = new Spec(file, title, xLabel, yLabel, axis, Charts.wantsLogY(series), series, caption);
        if (spec.drawable()) {
            ChartRef ref = draw(spec);
            if (ref != null) {
                charts.add(ref);
            }
        }
    }

    private static List<ChainRowView> chainRows(List<ChainRow> rows) {
        return rows.stream().map(r -> new ChainRowView(r.distribution(), Fmt.size(r.maxEntries()), Fmt.pct(r.fill()),
                Fmt.size(r.nBuckets()), Fmt.count(r.entries()), Fmt.num(r.load()), Fmt.num(r.meanChain()), Fmt.num(r.poissonMean()),
                Fmt.count(r.maxChain()), Fmt.num(r.poissonMax()), Fmt.num(r.visitedHit()), Fmt.num(r.poissonVisitedHit()),
                Fmt.num(r.visitedMiss()), Fmt.num(r.poissonVisitedMiss()))).collect(Collectors.toList());
    }

    private ChartRef published() throws IOException {
        List<Series> series = new ArrayList<>();
        double base = PublishedFigures.HASH_LOOKUP_VS_FILL.get(0).value();
        List<double[]> kernel = PublishedFigures.HASH_LOOKUP_VS_FILL.stream()
                .map(p -> new double[] {p.x(), p.value() / base}).collect(Collectors.toList());
        series.add(new Series("kernel, published (Ryzen 9 3950X)", kernel, true));
        // maplab and its anchors, if a hash lookup benchmark sweeps the fill: the size nearest 65536, fewest threads.
        List<BenchResult> hash = results.benches("hash").stream()
                .filter(b -> b.params().containsKey("fill") && b.shortName().toLowerCase(Locale.ROOT).contains("lookup"))
                .collect(Collectors.toList());
        if (!hash.isEmpty()) {
            String sizeParam = SIZE_PARAMS.stream().filter(p -> hash.stream().anyMatch(b -> !Double.isNaN(b.numericParam(p))))
                    .findFirst().orElse(null);
            double size = sizeParam == null ? Double.NaN : hash.stream().map(b -> b.numericParam(sizeParam)).filter(v -> !Double.isNaN(v))
                    .min(Comparator.comparingDouble(v -> Math.abs(Math.log(v / PublishedFigures.HASH_LOOKUP_MAX_ENTRIES)))).orElse(Double.NaN);
            int threads = hash.stream().mapToInt(BenchResult::threads).min().orElse(1);
            String method = hash.get(0).benchmark();
            Map<String, List<double[]>> byImpl = new TreeMap<>(Comparator.comparing(ReportModel::implRank).thenComparing(x -> x));
            for (BenchResult b : hash) {
                if (!b.benchmark().equals(method) || b.threads() != threads
                        || (sizeParam != null && b.numericParam(sizeParam) != size)) {
                    continue;
                }
                byImpl.computeIfAbsent(b.impl(), k -> new ArrayList<>()).add(new double[] {b.numericParam("fill"), b.score(),
                        Units.direction(b.unit()) == Units.Direction.LOWER_IS_BETTER ? -1 : 1});
            }
            byImpl.forEach((impl, pts) -> {
                pts.sort(Comparator.comparingDouble(p -> p[0]));
                double first = pts.get(0)[1];
                List<double[]> norm = pts.stream().map(p -> new double[] {p[0], p[2] > 0 ? p[1] / first : first / p[1]})
                        .collect(Collectors.toList());
                series.add(new Series(impl + " (this run)", norm, false));
            });
        }
        Spec spec = new Spec(Charts.PUBLISHED_LOOKUP_VS_FILL, "Hash lookup speed against fill, relative to the lowest fill",
                "fill", "lookup speed / speed at lowest fill", XAxis.PERCENT, false, series,
                "The published kernel figures (dashed) normalised to their 6% point, beside this run's lookup benchmarks"
                        + " (solid, normalised to their lowest fill) where bench/hash.json sweeps a fill parameter.");
        return draw(spec);
    }

    private static List<PublishedRow> publishedRows() {
        double base = PublishedFigures.HASH_LOOKUP_VS_FILL.get(0).value();
        return PublishedFigures.HASH_LOOKUP_VS_FILL.stream().map(p -> new PublishedRow(Fmt.pct(p.x()),
                String.format(Locale.ROOT, "%.3f", p.value()), Fmt.ratio(p.value() / base))).collect(Collectors.toList());
    }

    private OperationsView operations() {
        if (results.operations().isEmpty()) {
            return null;
        }
        OperationsTable.Info info = results.operations().get();
        List<OperationsRow> rows = new ArrayList<>();
        for (OperationsTable.TypeOps t : info.types()) {
            List<String> marks = info.allOperations().stream().map(op -> t.operations().contains(op) ? "yes" : "–")
                    .collect(Collectors.toList());
            rows.add(new OperationsRow(t.type(), t.implementation(), marks));
        }
        return new OperationsView("profile/operations.json", info.interfaceName(), info.allOperations(), rows,
                String.join(", ", info.notBuilt()));
    }

    /** The ring buffer study's view ({@link RingbufProfile}), or null when there is no {@code profile/ringbuf.json}. */
    private RingbufProfile.View ringbuf() throws IOException {
        JsonNode study = results.profiles().get("ringbuf");
        return study == null ? null : RingbufProfile.build(study, this::draw);
    }

    private List<OtherStudyView> otherStudies() {
        List<OtherStudyView> list = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : results.profiles().entrySet()) {
            if (e.getKey().equals("chains") || e.getKey().equals("operations") || e.getKey().equals("ringbuf")) {
                continue;
            }
            List<KeyValue> kv = flatten(e.getValue(), 40);
            list.add(new OtherStudyView(e.getKey(), "profile/" + e.getKey() + ".json", kv));
        }
        return list;
    }

    // ---------------------------------------------------------------------------------------------- environment

    private List<EnvView> environments() {
        List<EnvView> list = new ArrayList<>();
        results.environments().forEach((file, tree) -> list.add(new EnvView(file, flatten(tree, 200))));
        return list;
    }

    /** Flattens a tree to dotted keys; arrays of scalars are joined; at most {@code limit} entries. */
    static List<KeyValue> flatten(JsonNode node, int limit) {
        List<KeyValue> out = new ArrayList<>();
        flatten("", node, out, limit);
        if (out.size() >= limit) {
            out.add(new KeyValue("…", "(more in the file)"));
        }
        return out;
    }

    private static void flatten(String prefix, JsonNode node, List<KeyValue> out, int limit) {
        if (out.size() >= limit) {
            return;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), out, limit);
            }
        } else if (node.isArray()) {
            boolean scalars = true;
            for (JsonNode el : node) {
                scalars &= el.isValueNode();
            }
            if (scalars) {
                List<String> vals = new ArrayList<>();
                node.forEach(el -> vals.add(el.asText()));
                out.add(new KeyValue(prefix, String.join(" ", vals)));
            } else {
                int i = 0;
                for (JsonNode el : node) {
                    flatten(prefix + "[" + i++ + "]", el, out, limit);
                }
            }
        } else {
            out.add(new KeyValue(prefix.isEmpty() ? "(value)" : prefix, node.isNull() ? "null" : node.asText()));
        }
    }

    private List<String> inputs() {
        List<String> files = new ArrayList<>();
        results.checkStructures().forEach(s -> files.add("check/" + s + ".json"));
        results.benches().stream().map(BenchResult::source).distinct().sorted().forEach(files::add);
        results.profiles().keySet().forEach(k -> files.add("profile/" + k + ".json"));
        files.addAll(results.environments().keySet());
        return files;
    }
}
