package dev.maplab.report;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Everything the suites left under {@code out}: check outcomes, JMH results, profiling studies and
 * run environments, read once. A file that cannot be read becomes an entry of {@link #problems()}
 * (shown in the report) instead of stopping the render; nothing here measures anything.
 */
public final class ResultSet {
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .build();

    private final List<CheckResult> checks;
    private final List<BenchResult> benches;
    private final Map<String, JsonNode> profiles;
    private final Map<String, JsonNode> environments;
    private final List<String> problems;
    private final ChainProfile chains;
    private final OperationsTable.Info operations;

    /**
     * @param profiles     study name ({@code chains} for {@code profile/chains.json}) to its tree
     * @param environments env file name ({@code env/bench-hash.json}) to its tree
     */
    public ResultSet(List<CheckResult> checks, List<BenchResult> benches, Map<String, JsonNode> profiles,
                     Map<String, JsonNode> environments, List<String> problems) {
        this.checks = List.copyOf(checks);
        this.benches = List.copyOf(benches);
        this.profiles = Collections.unmodifiableMap(new TreeMap<>(profiles));
        this.environments = Collections.unmodifiableMap(new TreeMap<>(environments));
        List<String> p = new ArrayList<>(problems);
        JsonNode chainTree = profiles.get("chains");
        this.chains = chainTree == null ? null : ChainProfile.parse(chainTree, "profile/chains.json");
        if (chains != null) {
            p.addAll(chains.warnings());
        }
        JsonNode ops = profiles.get("operations");
        OperationsTable.Info info = null;
        if (ops != null) {
            try {
                info = OperationsTable.read(ops);
            } catch (RuntimeException e) {
                p.add("profile/operations.json: " + e.getMessage());
            }
        }
        this.operations = info;
        this.problems = List.copyOf(p);
    }

    /** An empty result set (every claim OPEN). */
    public static ResultSet empty() {
        return new ResultSet(List.of(), List.of(), Map.of(), Map.of(), List.of());
    }

    /** Reads {@code out/check/*.json}, {@code out/bench/*.json}, {@code out/profile/*.json} and {@code out/env/*.json}. */
    public static ResultSet load(Path out) {
        List<String> problems = new ArrayList<>();
        List<CheckResult> checks = new ArrayList<>();
        for (Path f : jsonFiles(out.resolve("check"), problems)) {
            String structure = stem(f);
            String rel = "check/" + f.getFileName();
            try {
                checks.addAll(parseChecks(JSON.readTree(f.toFile()), structure, rel));
            } catch (IOException | RuntimeException e) {
                problems.add(rel + ": cannot be read: " + e.getMessage());
            }
        }
        List<BenchResult> benches = new ArrayList<>();
        for (Path f : jsonFiles(out.resolve("bench"), problems)) {
            String rel = "bench/" + f.getFileName();
            try {
                benches.addAll(parseJmh(JSON.readTree(f.toFile()), stem(f), rel, problems));
            } catch (IOException | RuntimeException e) {
                problems.add(rel + ": cannot be read: " + e.getMessage());
            }
        }
        Map<String, JsonNode> profiles = new LinkedHashMap<>();
        for (Path f : jsonFiles(out.resolve("profile"), problems)) {
            try {
                profiles.put(stem(f), JSON.readTree(f.toFile()));
            } catch (IOException | RuntimeException e) {
                problems.add("profile/" + f.getFileName() + ": cannot be read: " + e.getMessage());
            }
        }
        Map<String, JsonNode> env = new LinkedHashMap<>();
        for (Path f : jsonFiles(out.resolve("env"), problems)) {
            try {
                env.put("env/" + f.getFileName(), JSON.readTree(f.toFile()));
            } catch (IOException | RuntimeException e) {
                problems.add("env/" + f.getFileName() + ": cannot be read: " + e.getMessage());
            }
        }
        return new ResultSet(checks, benches, profiles, env, problems);
    }

    private static List<Path> jsonFiles(Path dir, List<String> problems) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p)).sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            problems.add(dir.getFileName() + "/: cannot be listed: " + e.getMessage());
            return List.of();
        }
    }

    private static String stem(Path f) {
        String n = f.getFileName().toString();
        return n.substring(0, n.length() - ".json".length());
    }

    /** The entries of a check file: a JSON array, or an object holding one under {@code checks}. */
    public static List<CheckResult> parseChecks(JsonNode root, String structure, String source) {
        JsonNode array = root.isArray() ? root : root.path("checks");
        if (!array.isArray()) {
            throw new IllegalArgumentException("expected a JSON array of checks");
        }
        List<CheckResult> list = new ArrayList<>();
        for (JsonNode n : array) {
            if (!n.isObject()) {
                continue;
            }
            JsonNode d = n.path("detail");
            String detail = d.isMissingNode() || d.isNull() ? "" : d.isTextual() ? d.asText() : d.toPrettyString();
            list.add(new CheckResult(structure, n.path("name").asText(""), n.path("tool").asText(""),
                    n.path("subject").asText(""), n.path("expect").asText(""), n.path("outcome").asText(""), detail,
                    ChainProfile.num(n.path("seconds")), source));
        }
        return list;
    }

    /** The results of a JMH {@code -rf json} file. */
    public static List<BenchResult> parseJmh(JsonNode root, String structure, String source, List<String> problems) {
        if (!root.isArray()) {
            throw new IllegalArgumentException("expected a JMH JSON array");
        }
        List<BenchResult> list = new ArrayList<>();
        for (JsonNode n : root) {
            JsonNode pm = n.path("primaryMetric");
            if (!n.has("benchmark") || pm.isMissingNode()) {
                problems.add(source + ": an entry without benchmark or primaryMetric was skipped");
                continue;
            }
            Map<String, String> params = new HashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = n.path("params").properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                params.put(f.getKey(), f.getValue().asText());
            }
            String impl = params.remove("impl");
            double alloc = Double.NaN;
            double allocErr = Double.NaN;
            Iterator<Map.Entry<String, JsonNode>> sec = n.path("secondaryMetrics").properties().iterator();
            while (sec.hasNext()) {
                Map.Entry<String, JsonNode> f = sec.next();
                if (f.getKey().endsWith("gc.alloc.rate.norm")) {
                    alloc = ChainProfile.num(f.getValue().path("score"));
                    allocErr = ChainProfile.num(f.getValue().path("scoreError"));
                }
            }
            JsonNode subject = n.path("secondaryMetrics").path(PAIRED_SUBJECT);
            JsonNode anchor = n.path("secondaryMetrics").path(PAIRED_ANCHOR);
            if (impl != null && params.containsKey("anchor") && subject.isObject() && anchor.isObject()) {
                addPaired(list, n, structure, impl, params, subject, anchor, source);
                continue;
            }
            list.add(new BenchResult(structure, n.path("benchmark").asText(), n.path("mode").asText("?"),
                    n.path("threads").asInt(1), impl == null ? "?" : impl, params, ChainProfile.num(pm.path("score")),
                    ChainProfile.num(pm.path("scoreError")), pm.path("scoreUnit").asText("?"), alloc, allocErr, source));
        }
        return list;
    }

    /** The secondary results of a paired benchmark (two rings taking turns in one run, {@code RingBufPairedBench}). */
    static final String PAIRED_SUBJECT = "subjectRecords";
    static final String PAIRED_ANCHOR = "anchorRecords";

    /**
     * A paired entry becomes two rows, the maplab ring's and its anchor's, named {@code <benchmark>:records}, in a
     * group of their own ({@code pair=<impl> vs <anchor>}) so that the report's ratio compares the two rings that
     * took turns. Its primary score (slice pairs per time) is not a result and is dropped, and so is its
     * allocation per slice pair (the allocation target is the table benchmark's, per record).
     */
    private static void addPaired(List<BenchResult> list, JsonNode n, String structure, String impl,
            Map<String, String> params, JsonNode subject, JsonNode anchor, String source) {
        Map<String, String> p = new HashMap<>(params);
        String anchorImpl = p.remove("anchor");
        p.put("pair", impl + " vs " + anchorImpl);
        String name = n.path("benchmark").asText() + ":records";
        String mode = n.path("mode").asText("?");
        int threads = n.path("threads").asInt(1);
        list.add(new BenchResult(structure, name, mode, threads, impl, p, ChainProfile.num(subject.path("score")),
                ChainProfile.num(subject.path("scoreError")), subject.path("scoreUnit").asText("?"), Double.NaN, Double.NaN,
                source));
        list.add(new BenchResult(structure, name, mode, threads, anchorImpl, p, ChainProfile.num(anchor.path("score")),
                ChainProfile.num(anchor.path("scoreError")), anchor.path("scoreUnit").asText("?"), Double.NaN, Double.NaN,
                source));
    }

    public List<CheckResult> checks() {
        return checks;
    }

    /** The checks of one structure ({@code check/<structure>.json}). */
    public List<CheckResult> checks(String structure) {
        return checks.stream().filter(c -> c.structure().equals(structure)).collect(Collectors.toList());
    }

    /** Structures with a check file, sorted. */
    public List<String> checkStructures() {
        return checks.stream().map(CheckResult::structure).distinct().sorted().collect(Collectors.toList());
    }

    public List<BenchResult> benches() {
        return benches;
    }

    /** The benchmark results of one structure ({@code bench/<structure>.json}). */
    public List<BenchResult> benches(String structure) {
        return benches.stream().filter(b -> b.structure().equals(structure)).collect(Collectors.toList());
    }

    /** Every study file by name ({@code chains}, {@code operations}, and any other). */
    public Map<String, JsonNode> profiles() {
        return profiles;
    }

    /** The chain-length study, if {@code profile/chains.json} exists. */
    public Optional<ChainProfile> chains() {
        return Optional.ofNullable(chains);
    }

    /** The operations table, if {@code profile/operations.json} exists and could be read. */
    public Optional<OperationsTable.Info> operations() {
        return Optional.ofNullable(operations);
    }

    public Map<String, JsonNode> environments() {
        return environments;
    }

    public List<String> problems() {
        return problems;
    }
}
