package dev.maplab.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maplab.report.CheckResult;
import dev.maplab.report.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * C4: "LRU_HASH removes the least recently used entry when full, so inserts succeed." Decided from the LRU
 * checks ({@code check/lru.json}: the kernel's LRU selftests pass and the mutants are caught, so the model
 * can be trusted) and the LRU study ({@code profile/lru.json}: inserts into full maps, the victim's rank in
 * exact-LRU order, evictions before the map is full, hit ratio against exact LRU).
 */
public final class C4LruRule implements ClaimRule {
    /** Share of evictions that must remove the least recent key for the claim to hold as stated. */
    static final double EXACT_SHARE = 0.99;
    /** Largest hit-ratio gap to exact LRU (absolute) compatible with "is an LRU". */
    static final double GAP = 0.01;
    /** The production checks that speak to the LRU's semantics (the selftests). */
    static final Pattern SEMANTIC_CHECK = Pattern.compile("(?i)selftest|sanity|L-\\d\\d");

    static final String RULE = "Trust: in check/lru.json, every entry must be as expected (production passes, each mutant"
            + " caught) and at least one production check must name the kernel's LRU selftests (/selftest|sanity|L-nn/i);"
            + " otherwise OPEN. Data: profile/lru.json, summary.insert_failures (failed update(BPF_ANY) of a new key into a"
            + " full map, over every trace, size and CPU count) and, for common-lru: summary.victims.exact_lru_share (share of"
            + " evictions whose victim was the least recently used key present), evictions_before_full, and"
            + " summary.hit_ratio_gap_vs_exact (exact-LRU hit ratio minus the BPF LRU's, mean and max over rows); no such"
            + " file = OPEN. Verdict: any failed insert = REFUTED (inserts do not always succeed); exact_lru_share >= 0.99,"
            + " no eviction before full and max gap <= 0.01 = CONFIRMED; otherwise NUANCED, with the share, the earliest"
            + " eviction fill and the gaps as the figure.";

    @Override
    public String id() {
        return "C4";
    }

    @Override
    public String claim() {
        return "LRU_HASH removes the least recently used entry when full, so inserts succeed.";
    }

    @Override
    public String rule() {
        return RULE;
    }

    @Override
    public ClaimVerdict decide(ResultSet results) {
        List<CheckResult> checks = results.checks("lru");
        JsonNode study = results.profiles().get("lru");
        List<String> evidence = new ArrayList<>();
        if (!checks.isEmpty()) {
            evidence.add("check/lru.json");
        }
        if (study != null) {
            evidence.add("profile/lru.json");
        }
        if (checks.isEmpty() || study == null) {
            return ClaimVerdict.open(this, "Awaiting " + (checks.isEmpty() ? "check/lru.json (./maplab check lru)" : "")
                    + (checks.isEmpty() && study == null ? " and " : "")
                    + (study == null ? "profile/lru.json (./maplab profile lru)" : "") + ".", evidence);
        }
        Optional<CheckResult> bad = checks.stream().filter(c -> !c.asExpected()).findFirst();
        if (bad.isPresent()) {
            CheckResult b = bad.get();
            return ClaimVerdict.open(this, "The LRU checks cannot be trusted yet: " + b.name() + " [" + b.subject() + "] expected "
                    + b.expect() + ", got " + b.outcome() + ".", evidence);
        }
        List<CheckResult> semantic = checks.stream().filter(c -> c.isProduction() && SEMANTIC_CHECK.matcher(c.name()).find())
                .collect(Collectors.toList());
        if (semantic.isEmpty()) {
            return ClaimVerdict.open(this, "check/lru.json has no production check of the kernel's LRU selftests.", evidence);
        }
        JsonNode summary = study.path("summary");
        JsonNode common = summary.path("victims").path("common-lru");
        JsonNode gap = summary.path("hit_ratio_gap_vs_exact").path("common-lru");
        if (summary.isMissingNode() || common.isMissingNode() || !summary.path("insert_failures").isNumber()
                || !common.path("exact_lru_share").isNumber() || !gap.path("mean").isNumber()) {
            return ClaimVerdict.open(this, "profile/lru.json lacks summary.insert_failures, summary.victims.common-lru or"
                    + " summary.hit_ratio_gap_vs_exact.common-lru.", evidence);
        }
        List<Link> figures = List.of(new Link("LRU victim ranks", "profile/lru-victim-rank.svg"),
                new Link("fill at the first eviction", "profile/lru-first-eviction.svg"),
                new Link("hit ratio, Zipf 1.0", "profile/lru-hit-ratio-zipf-1.0.svg"),
                new Link("hit ratio, loop", "profile/lru-hit-ratio-loop.svg"),
                new Link("lru checks", "#lru-checks"));
        long failures = summary.path("insert_failures").asLong();
        long evictions = common.path("evictions").asLong();
        double share = common.path("exact_lru_share").asDouble();
        double quarter = common.path("oldest_quarter_share").asDouble(Double.NaN);
        long early = common.path("evictions_before_full").asLong();
        double minFill = common.path("min_first_eviction_fill").asDouble(Double.NaN);
        String minFillAt = common.path("min_first_eviction_fill_at").asText("");
        double meanGap = gap.path("mean").asDouble();
        double maxGap = gap.path("max").asDouble();
        String maxGapAt = gap.path("max_at").asText("");
        JsonNode percpu = summary.path("victims").path("percpu-lru");
        JsonNode percpuGap = summary.path("hit_ratio_gap_vs_exact").path("percpu-lru");
        JsonNode caffeineGap = summary.path("hit_ratio_gap_vs_exact").path("caffeine");

        String figure = String.format(Locale.ROOT, "common LRU: %.1f%% of %d evictions removed the least recently used key"
                        + "%s; first eviction at %s fill at the earliest (%s), %d evictions before full; hit ratio %.1f"
                        + " points %s exact LRU on average, at worst %.1f points below (%s)%s%s",
                100 * share, evictions, Double.isNaN(quarter) ? "" : String.format(Locale.ROOT, " (%.1f%% from the oldest quarter)", 100 * quarter),
                Double.isNaN(minFill) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * minFill), minFillAt, early,
                100 * Math.abs(meanGap), meanGap >= 0 ? "below" : "above", 100 * maxGap, maxGapAt,
                percpu.isMissingNode() ? "" : String.format(Locale.ROOT, "; per-CPU LRU: %.1f%% exact victims, mean gap %.1f points",
                        100 * percpu.path("exact_lru_share").asDouble(), 100 * percpuGap.path("mean").asDouble()),
                caffeineGap.isMissingNode() ? "" : String.format(Locale.ROOT, "; Caffeine (W-TinyLFU): mean gap %.1f points",
                        100 * caffeineGap.path("mean").asDouble()));
        if (failures > 0) {
            return ClaimVerdict.of(this, Verdict.REFUTED, failures + " inserts of a new key into a full LRU map failed in the"
                    + " study: inserts do not always succeed.", figure, evidence, figures);
        }
        if (share >= EXACT_SHARE && early == 0 && maxGap <= GAP) {
            return ClaimVerdict.of(this, Verdict.CONFIRMED, "Inserts into full LRU maps always succeed and the victim is the"
                    + " least recently used key (" + pct(share) + " of evictions), with no eviction before the map is full.",
                    figure, evidence, figures);
        }
        List<String> why = new ArrayList<>();
        if (share < EXACT_SHARE) {
            why.add("only " + pct(share) + " of its evictions remove the least recently used key");
        }
        if (early > 0) {
            why.add("it starts evicting before the map is full (at " + (Double.isNaN(minFill) ? "?" : pct(minFill))
                    + " fill at the earliest): free nodes are handed to CPUs in batches of target_free, and a refill"
                    + " that finds too few shrinks for the shortfall while other batches still hold free nodes");
        }
        if (maxGap > GAP) {
            why.add(String.format(Locale.ROOT, "its hit ratio trails exact LRU by up to %.1f points", 100 * maxGap));
        }
        return ClaimVerdict.of(this, Verdict.NUANCED, "Inserts into a full LRU map always succeed (the kernel's selftests"
                + " pass; no failed insert in the study), but the BPF LRU is an approximation: " + String.join("; ", why) + ".",
                figure, evidence, figures);
    }

    private static String pct(double f) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * f);
    }
}
