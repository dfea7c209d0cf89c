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

/** In-memory result sets of any structure, for the rules of C6, C16, C17 and C18. */
final class OtherMapsData {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<CheckResult> checks = new ArrayList<>();
    private final List<BenchResult> benches = new ArrayList<>();
    private final Map<String, JsonNode> profiles = new HashMap<>();

    static OtherMapsData data() {
        return new OtherMapsData();
    }

    OtherMapsData check(String structure, String name, String tool, String subject, String outcome) {
        String expect = subject.equals("production") ? "pass" : "caught";
        checks.add(new CheckResult(structure, name, tool, subject, expect, outcome, outcome.equals("fail") ? "expected 1 but was -2" : "",
                1.0, "check/" + structure + ".json"));
        return this;
    }

    OtherMapsData bench(String structure, String benchmark, String impl, Map<String, String> params, double score, String unit) {
        benches.add(new BenchResult(structure, "dev.maplab.jmh." + structure + "." + benchmark, unit.endsWith("/op") ? "avgt" : "thrpt", 1,
                impl, params, score, score * 0.02, unit, Double.NaN, Double.NaN, "bench/" + structure + ".json"));
        return this;
    }

    OtherMapsData profile(String study, String json) {
        try {
            profiles.put(study, JSON.readTree(json));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        return this;
    }

    ResultSet results() {
        return new ResultSet(checks, benches, profiles, Map.of(), List.of());
    }
}
