package dev.maplab.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maplab.report.ResultSet;
import java.util.List;

/** C9 (perf buffer side) and C12 (ring buffer side) share the drops study; see {@link #RULE}. */
public final class C9PerfBufMemoryRule implements ClaimRule {
    static final String RULE = "From profile/ringbuf.json drops[] (same total memory as one shared ring or per-CPU rings,"
            + " bursty producers): (a) among rows where either design dropped, the share where perfbuf dropRate exceeds"
            + " ringbuf's; (b) for each (burst, skew), whether perfbuf zeroDropBytes (smallest total memory without drops)"
            + " at the most CPUs exceeds that at the fewest. (a) >= 50% and (b) in at least half the (burst, skew) pairs ="
            + " CONFIRMED; exactly one of them = NUANCED; neither = REFUTED; no drops rows = OPEN.";

    @Override
    public String id() {
        return "C9";
    }

    @Override
    public String claim() {
        return "The perf buffer wastes memory: large per-CPU buffers sit mostly empty, small ones drop bursts, and memory"
                + " grows with the CPU count.";
    }

    @Override
    public String rule() {
        return RULE;
    }

    /** {share of dropping rows where perf drops more, share of (burst, skew) where perf zero-drop memory grows, rows}. */
    static double[] figures(JsonNode drops, String side, String other) {
        int dropping = 0;
        int worse = 0;
        for (JsonNode row : drops) {
            double a = row.path(side).path("dropRate").asDouble();
            double b = row.path(other).path("dropRate").asDouble();
            if (a > 0 || b > 0) {
                dropping++;
                if (a > b) {
                    worse++;
                }
            }
        }
        int pairs = 0;
        int grows = 0;
        java.util.Map<String, long[]> byShape = new java.util.LinkedHashMap<>();
        for (JsonNode row : drops) {
            String key = row.path("burst").asInt() + "/" + row.path("skew").asDouble();
            long cpus = row.path("cpus").asLong();
            long z = row.path(side).path("zeroDropBytes").asLong();
            long[] v = byShape.computeIfAbsent(key, k -> new long[] {Long.MAX_VALUE, 0, Long.MIN_VALUE, 0});
            if (cpus < v[0]) {
                v[0] = cpus;
                v[1] = z;
            }
            if (cpus > v[2]) {
                v[2] = cpus;
                v[3] = z;
            }
        }
        for (long[] v : byShape.values()) {
            if (v[0] != v[2]) {
                pairs++;
                if (v[3] > v[1] || v[3] < 0) {
                    grows++;
                }
            }
        }
        return new double[] {dropping == 0 ? 0 : (double) worse / dropping, pairs == 0 ? 0 : (double) grows / pairs, drops.size()};
    }

    @Override
    public ClaimVerdict decide(ResultSet results) {
        JsonNode study = RingbufEvidence.study(results);
        if (study == null || study.path("drops").size() == 0) {
            return ClaimVerdict.open(this, "Awaiting profile/ringbuf.json (./maplab profile ringbuf).", List.of());
        }
        double[] f = figures(study.path("drops"), "perfbuf", "ringbuf");
        boolean a = f[0] >= 0.5;
        boolean b = f[1] >= 0.5;
        String figure = "perfbuf drops more than the shared ring in " + RingbufEvidence.pct(f[0]) + " of the dropping"
                + " configurations; its drop-free memory grows with the CPU count in " + RingbufEvidence.pct(f[1])
                + " of the burst shapes";
        Verdict v = a && b ? Verdict.CONFIRMED : a || b ? Verdict.NUANCED : Verdict.REFUTED;
        String summary = v == Verdict.CONFIRMED ? "With the same total memory, per-CPU rings drop bursts that one shared"
                + " ring absorbs, and the memory they need to drop nothing grows with the CPU count."
                : v == Verdict.NUANCED ? "Only part holds: " + (a ? "per-CPU rings drop more, but their drop-free memory"
                + " does not grow with CPUs in most burst shapes." : "their drop-free memory grows with CPUs, but they do"
                + " not drop more than the shared ring in most configurations.")
                : "Per-CPU rings neither dropped more nor needed more memory with more CPUs.";
        return ClaimVerdict.of(this, v, summary, figure, List.of(RingbufEvidence.STUDY),
                List.of(new Link("ring buffer drops", "#ringbuf-drops")));
    }
}
