package dev.maplab.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maplab.report.CheckResult;
import dev.maplab.report.Fmt;
import dev.maplab.report.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * C18: STACK_TRACE stores stacks under a 32-bit hash id of the instruction pointers. Decided from the stack-id
 * study (measured -EEXIST rates against n_buckets and the number of stacks, beside the birthday model for
 * n_buckets and for 2^32) and the stack map's checks (EEXIST against REUSE_STACKID).
 */
public final class C18StackIdRule implements ClaimRule {
    /** A row agrees with a model when |measured - expected| <= max(ABS, REL * expected). */
    static final double ABS = 0.01;
    static final double REL = 0.10;
    /** The fraction of rows that must agree for the study to follow a model. */
    static final double AGREEING = 0.9;
    static final Pattern COLLISION_CHECK = Pattern.compile("(?i)eexist|reuse");

    static final String RULE = "From profile/stacktrace.json: per row (n_buckets, k stacks), the measured fraction of stacks"
            + " refused with -EEXIST against two computed models, a uniform hash into n_buckets (1 - n(1-(1-1/n)^k)/k) and a"
            + " 32-bit id (≈ (k-1)/2^33); a row agrees with a model when |measured - expected| <= max(0.01, 10% of expected)."
            + " From check/stacktrace.json: the production JUnit entries named /eexist|reuse/i must exist and pass, else OPEN."
            + " No study = OPEN. At least 90% of rows agreeing with the 32-bit model (and not the n_buckets one) = CONFIRMED;"
            + " with the n_buckets model = NUANCED (the id is the hash masked to n_buckets: collisions follow the birthday"
            + " bound of n_buckets, not of 2^32); with neither = REFUTED.";

    @Override
    public String id() {
        return "C18";
    }

    @Override
    public String claim() {
        return "STACK_TRACE stores stacks under a 32-bit hash id of the instruction pointers.";
    }

    @Override
    public String rule() {
        return RULE;
    }

    /** One study row. */
    record Row(double nBuckets, double stacks, double measured, double expectedBuckets, double pCollisionMeasured,
               double pCollisionExpected) {
        double expected32() {
            return (stacks - 1) / 8589934592.0;
        }

        boolean agrees(double expected) {
            return Math.abs(measured - expected) <= Math.max(ABS, REL * expected);
        }
    }

    static List<Row> rows(JsonNode study) {
        List<Row> rows = new ArrayList<>();
        for (JsonNode r : study.path("rows")) {
            double n = r.path("n_buckets").asDouble(Double.NaN);
            double k = r.path("stacks").asDouble(Double.NaN);
            double m = r.path("refused_measured").asDouble(Double.NaN);
            double e = r.path("refused_expected").asDouble(Double.NaN);
            if (!Double.isNaN(n) && !Double.isNaN(k) && !Double.isNaN(m) && !Double.isNaN(e)) {
                rows.add(new Row(n, k, m, e, r.path("p_collision_measured").asDouble(Double.NaN),
                        r.path("p_collision_expected").asDouble(Double.NaN)));
            }
        }
        return rows;
    }

    @Override
    public ClaimVerdict decide(ResultSet results) {
        JsonNode study = results.profiles().get("stacktrace");
        List<CheckResult> checks = results.checks("stacktrace");
        List<String> evidence = new ArrayList<>();
        if (study != null) {
            evidence.add("profile/stacktrace.json");
        }
        if (!checks.isEmpty()) {
            evidence.add("check/stacktrace.json");
        }
        List<Row> rows = study == null ? List.of() : rows(study);
        if (rows.isEmpty()) {
            return ClaimVerdict.open(this, "Awaiting profile/stacktrace.json (./maplab profile stacktrace).", evidence);
        }
        List<CheckResult> collision = checks.stream().filter(c -> c.tool().equals("junit") && c.isProduction()
                && COLLISION_CHECK.matcher(c.name()).find()).collect(Collectors.toList());
        Optional<CheckResult> failing = collision.stream().filter(c -> !c.outcome().equals("pass")).findFirst();
        if (collision.isEmpty() || failing.isPresent()) {
            return ClaimVerdict.open(this, failing.map(f -> "The stack map's collision check " + f.name() + " " + f.outcome()
                    + ": the model cannot decide.").orElse("Awaiting check/stacktrace.json with the EEXIST and REUSE_STACKID"
                    + " checks (./maplab check stacktrace)."), evidence);
        }
        long withBuckets = rows.stream().filter(r -> r.agrees(r.expectedBuckets())).count();
        long with32 = rows.stream().filter(r -> r.agrees(r.expected32())).count();
        double need = AGREEING * rows.size();
        Row shown = rows.stream().filter(r -> Math.abs(r.stacks() / r.nBuckets() - 0.5) < 1e-9)
                .max(Comparator.comparingDouble(Row::nBuckets))
                .orElse(rows.stream().max(Comparator.comparingDouble(Row::nBuckets)).orElseThrow());
        double half = Math.sqrt(2 * shown.nBuckets() * Math.log(2));
        String figure = "at n_buckets " + Fmt.size(shown.nBuckets()) + " and " + Fmt.count(shown.stacks()) + " distinct stacks, "
                + Fmt.num(100 * shown.measured()) + "% refused with -EEXIST (birthday model for n_buckets: "
                + Fmt.num(100 * shown.expectedBuckets()) + "%; a 32-bit id: " + Fmt.num(100 * shown.expected32()) + "%); a collision is"
                + " more likely than not from " + Fmt.num(half) + " stacks (2^32: " + Fmt.num(Math.sqrt(2 * 4294967296.0 * Math.log(2))) + "); " + withBuckets + " of " + rows.size()
                + " rows within tolerance of the n_buckets model, " + with32 + " of the 32-bit one";
        List<Link> figures = List.of(new Link("stack-id study", "profile/stacktrace.json"), new Link("stack map checks", "#stacktrace-checks"));
        String checksText = C2ConcurrentChainsRule.plural(collision.size(), "passing EEXIST/REUSE_STACKID check");
        if (with32 >= need && withBuckets < need) {
            return ClaimVerdict.of(this, Verdict.CONFIRMED, "Stack ids behave as a 32-bit hash: distinct stacks almost never share"
                    + " one (" + checksText + ").", figure, evidence, figures);
        }
        if (withBuckets >= need) {
            return ClaimVerdict.of(this, Verdict.NUANCED, "Stacks are hashed with a 32-bit jhash2, but the id is that hash masked"
                    + " to n_buckets, one bucket per id and no chaining: collisions follow the birthday bound of n_buckets, not of"
                    + " 2^32 (" + Fmt.num(100 * shown.measured()) + "% of " + Fmt.count(shown.stacks()) + " stacks refused at "
                    + Fmt.size(shown.nBuckets()) + " buckets). A colliding stack gets -EEXIST, or with REUSE_STACKID evicts the stored"
                    + " one (" + checksText + ").", figure, evidence, figures);
        }
        return ClaimVerdict.of(this, Verdict.REFUTED, "The measured collision rate follows neither a 32-bit id nor the hash"
                + " masked to n_buckets.", figure, evidence, figures);
    }
}
