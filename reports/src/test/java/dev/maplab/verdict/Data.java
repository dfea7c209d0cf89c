package dev.maplab.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maplab.report.BenchResult;
import dev.maplab.report.CheckResult;
import dev.maplab.report.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small in-memory result sets for the rule tests. */
final class Data {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<CheckResult> checks = new ArrayList<>();
    private final List<BenchResult> benches = new ArrayList<>();
    private final Map<String, JsonNode> profiles = new HashMap<>();

    static Data data() {
        return new Data();
    }

    Data check(String name, String tool, String subject, String expect, String outcome, String detail) {
        checks.add(new CheckResult("hash", name, tool, subject, expect, outcome, detail, 1.0, "check/hash.json"));
        return this;
    }

    Data bench(String method, String mode, String impl, long entries, String fill, double score, String unit) {
        benches.add(new BenchResult("hash", "dev.maplab.jmh.HashBench." + method, mode, 1, impl,
                Map.of("entries", Long.toString(entries), "fill", fill), score, score * 0.02, unit, 0, 0, "bench/hash.json"));
        return this;
    }

    Data profile(String study, String json) {
        try {
            profiles.put(study, JSON.readTree(json));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        return this;
    }

    /** A chain-study row in the flat layout. */
    static String row(String dist, long maxEntries, double fill, double visitedHit) {
        long entries = Math.round(maxEntries * fill);
        double load = (double) entries / maxEntries;
        return "{\"distribution\": \"" + dist + "\", \"max_entries\": " + maxEntries + ", \"fill\": " + fill
                + ", \"n_buckets\": " + maxEntries + ", \"entries\": " + entries + ", \"load\": " + load
                + ", \"visited_hit\": " + visitedHit + "}";
    }

    static String rows(String... rows) {
        return "{\"study\": \"chains\", \"rows\": [" + String.join(", ", rows) + "]}";
    }

    ResultSet results() {
        return new ResultSet(checks, benches, profiles, Map.of(), List.of());
    }
}
