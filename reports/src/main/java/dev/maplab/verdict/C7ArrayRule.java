package dev.maplab.verdict;

import dev.maplab.report.BenchResult;
import dev.maplab.report.CheckResult;
import dev.maplab.report.Fmt;
import dev.maplab.report.ResultSet;
import dev.maplab.report.Units;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * C7: ARRAY is contiguous memory indexed directly, fast; elements cannot be deleted (overwrite with zeros
 * instead). Decided from the array's checks (delete answers -EINVAL; torn multi-word values with and without
 * {@code BPF_F_LOCK}) and from the lookup benchmark (array against hash at the same size).
 */
public final class C7ArrayRule implements ClaimRule {
    /** The JUnit checks of check/array.json about deleting an element. */
    static final Pattern DELETE_CHECK = Pattern.compile("(?i)delete[a-z]*einval");
    /** The lookup benchmark: impl=maplab (ARRAY) against impl=maplab-hash (HASH), same {@code entries}. */
    static final String LOOKUP_BENCH = "ArrayLookupBench";
    /** The kernel's behaviour without the lock option: torn values are expected ("caught" by the torn-value checks). */
    static final String NO_LOCK_VARIANT = "variant:no-lock";
    /** The mutant whose F_LOCK update skips the lock: the torn-value checks must catch it. */
    static final String LOCK_MUTANT = "mutant:lock-not-taken";

    static final String RULE = "Delete: the production JUnit entries of check/array.json named /delete[a-z]*einval/i must"
            + " exist and pass. Speed: in bench/percpu.json, " + LOOKUP_BENCH + " impl=maplab (ARRAY) against impl=maplab-hash"
            + " (HASH) at each 'entries' measured for both: the advantage (maplab/maplab-hash throughput). Tearing: the"
            + " entries of " + NO_LOCK_VARIANT + " (multi-word values copied without BPF_F_LOCK) caught = torn values seen;"
            + " the production entries with the same names (with BPF_F_LOCK) must pass, and " + LOCK_MUTANT + " must be"
            + " caught for them to count. Verdict: no delete check or no lookup comparison = OPEN; the delete check failing,"
            + " or the array slower than the hash at every size = REFUTED; faster at only some sizes, or torn values seen"
            + " without the lock = NUANCED; otherwise CONFIRMED.";

    @Override
    public String id() {
        return "C7";
    }

    @Override
    public String claim() {
        return "ARRAY is contiguous memory indexed directly, fast; elements cannot be deleted (overwrite with zeros instead).";
    }

    @Override
    public String rule() {
        return RULE;
    }

    /** The array's advantage over the hash at one size. */
    record SizeRatio(double entries, double advantage, BenchResult array, BenchResult hash) {
    }

    static List<SizeRatio> ratios(List<BenchResult> bench) {
        List<SizeRatio> out = new ArrayList<>();
        for (BenchResult a : bench) {
            if (!a.shortName().startsWith(LOOKUP_BENCH + ".") || !a.impl().equals("maplab") || Double.isNaN(a.numericParam("entries"))) {
                continue;
            }
            bench.stream().filter(h -> h.shortName().equals(a.shortName()) && h.impl().equals("maplab-hash")
                    && h.threads() == a.threads() && h.numericParam("entries") == a.numericParam("entries") && h.unit().equals(a.unit()))
                    .findFirst()
                    .ifPresent(h -> {
                        double adv = Units.advantage(a.score(), h.score(), a.unit());
                        if (!Double.isNaN(adv)) {
                            out.add(new SizeRatio(a.numericParam("entries"), adv, a, h));
                        }
                    });
        }
        out.sort(Comparator.comparingDouble(SizeRatio::entries));
        return out;
    }

    static List<CheckResult> deleteChecks(List<CheckResult> checks) {
        return checks.stream().filter(c -> c.tool().equals("junit") && c.isProduction() && DELETE_CHECK.matcher(c.name()).find())
                .collect(Collectors.toList());
    }

    @Override
    public ClaimVerdict decide(ResultSet results) {
        List<CheckResult> checks = results.checks("array");
        List<BenchResult> bench = results.benches("percpu");
        List<String> evidence = new ArrayList<>();
        if (!checks.isEmpty()) {
            evidence.add("check/array.json");
        }
        List<SizeRatio> sizes = ratios(bench);
        if (!sizes.isEmpty()) {
            evidence.add("bench/percpu.json");
        }
        List<CheckResult> deletes = deleteChecks(checks);
        if (deletes.isEmpty() || sizes.isEmpty()) {
            return ClaimVerdict.open(this, "Awaiting " + (deletes.isEmpty() ? "check/array.json with a JUnit delete -> EINVAL"
                    + " check (./maplab check array)" : "") + (deletes.isEmpty() && sizes.isEmpty() ? " and " : "")
                    + (sizes.isEmpty() ? "bench/percpu.json with " + LOOKUP_BENCH + " impl=maplab and impl=maplab-hash"
                    + " (./maplab bench percpu)" : "") + ".", evidence);
        }
        List<Link> figures = List.of(new Link("array checks", "#array-checks"), new Link("per-CPU benchmarks", "#percpu-benchmarks"));
        String speed = sizes.stream().map(s -> Fmt.size(s.entries()) + " entries: " + Fmt.num(s.array().score()) + " vs "
                + Fmt.num(s.hash().score()) + " " + s.array().unit() + " (" + Fmt.ratio(s.advantage()) + ")")
                .collect(Collectors.joining("; "));
        String figure = "ARRAY vs HASH lookups, " + speed;
        Optional<CheckResult> deleteFails = deletes.stream().filter(c -> !c.outcome().equals("pass")).findFirst();
        if (deleteFails.isPresent()) {
            CheckResult f = deleteFails.get();
            return ClaimVerdict.of(this, Verdict.REFUTED, "An array element could be deleted, or delete did not answer"
                    + " -EINVAL: " + f.name() + " " + f.outcome() + ".", f.name() + ": " + C2ConcurrentChainsRule.excerpt(f.detail(), 300),
                    evidence, figures);
        }
        long faster = sizes.stream().filter(s -> s.advantage() > 1).count();
        if (faster == 0) {
            return ClaimVerdict.of(this, Verdict.REFUTED, "Array lookups are not faster than hash lookups at any size measured.",
                    figure, evidence, figures);
        }
        List<String> nuances = new ArrayList<>();
        if (faster < sizes.size()) {
            nuances.add("the array is faster at only " + faster + " of " + sizes.size() + " sizes");
        }
        List<CheckResult> noLock = checks.stream().filter(c -> c.subject().equals(NO_LOCK_VARIANT) && c.outcome().equals("caught"))
                .collect(Collectors.toList());
        boolean lockShown = checks.stream().anyMatch(c -> c.subject().equals(LOCK_MUTANT) && c.outcome().equals("caught"));
        List<String> tornNames = noLock.stream().map(CheckResult::name).distinct().collect(Collectors.toList());
        List<CheckResult> locked = checks.stream().filter(c -> c.isProduction() && tornNames.contains(c.name())).collect(Collectors.toList());
        String tearing = "";
        if (!noLock.isEmpty()) {
            boolean lockedPass = lockShown && !locked.isEmpty() && locked.stream().allMatch(c -> c.outcome().equals("pass"));
            tearing = "a multi-word value read while it is updated can be torn (" + noLock.get(0).name() + ", without BPF_F_LOCK)"
                    + (lockedPass ? ", never with BPF_F_LOCK (" + C2ConcurrentChainsRule.plural(locked.size(), "passing check") + ")"
                    : ", and the lock option was not shown to prevent it");
            nuances.add(tearing);
            figure += "; " + tearing;
        }
        String base = "Array lookups beat hash lookups (" + sizes.stream().map(s -> Fmt.ratio(s.advantage()) + " at "
                + Fmt.size(s.entries())).collect(Collectors.joining(", ")) + ") and delete answers -EINVAL ("
                + C2ConcurrentChainsRule.plural(deletes.size(), "passing check") + "; a zero update is the way to clear an element)";
        if (nuances.isEmpty()) {
            return ClaimVerdict.of(this, Verdict.CONFIRMED, base + ".", figure, evidence, figures);
        }
        return ClaimVerdict.of(this, Verdict.NUANCED, base + ", but " + String.join("; ", nuances) + ".", figure, evidence, figures);
    }
}
