package dev.maplab.verdict;

import dev.maplab.report.CheckResult;
import dev.maplab.report.ResultSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * C3: HASH and PERCPU_HASH are fixed size. Decided from the hash table's JUnit checks on full maps:
 * new keys get {@code -E2BIG}; an existing key can still be replaced (the per-CPU spare element).
 */
public final class C3FixedSizeRule implements ClaimRule {
    /** The JUnit checks of check/hash.json that speak to a full map. */
    static final Pattern FULL_MAP_CHECK = Pattern.compile("(?i)e2big|full|spare");
    /** Among those, the ones about replacing an existing key in a full map; the others are about new keys. */
    static final Pattern REPLACE_CHECK = Pattern.compile("(?i)spare|replac|existing");

    static final String RULE = "From check/hash.json: the production JUnit entries whose name matches /E2big|Full|Spare/i."
            + " Those whose name also matches /spare|replac|existing/i are replace-in-a-full-map checks; the others are"
            + " new-key-in-a-full-map checks. No new-key check = OPEN; a new-key check not passing = REFUTED (a full map"
            + " took a new key); all passing, with replace checks that all pass = NUANCED (new keys get -E2BIG, but an"
            + " existing key can still be replaced); all new-key checks passing and no replace check, or a replace check"
            + " failing = CONFIRMED (nothing more goes in).";

    @Override
    public String id() {
        return "C3";
    }

    @Override
    public String claim() {
        return "HASH and PERCPU_HASH are fixed size: once max_entries is reached nothing more can be inserted.";
    }

    @Override
    public String rule() {
        return RULE;
    }

    /** The production JUnit checks matching {@link #FULL_MAP_CHECK}. */
    static List<CheckResult> fullMapChecks(List<CheckResult> checks) {
        return checks.stream().filter(c -> c.tool().equals("junit") && c.isProduction()
                && FULL_MAP_CHECK.matcher(c.name()).find()).collect(Collectors.toList());
    }

    /** Whether a full-map check is about replacing an existing key. */
    static boolean isReplaceCheck(CheckResult c) {
        return REPLACE_CHECK.matcher(c.name()).find();
    }

    @Override
    public ClaimVerdict decide(ResultSet results) {
        List<CheckResult> full = fullMapChecks(results.checks("hash"));
        List<CheckResult> newKey = full.stream().filter(c -> !isReplaceCheck(c)).collect(Collectors.toList());
        List<CheckResult> replace = full.stream().filter(C3FixedSizeRule::isReplaceCheck).collect(Collectors.toList());
        List<String> evidence = results.checks("hash").isEmpty() ? List.of() : List.of("check/hash.json");
        List<Link> figures = List.of(new Link("hash checks", "#hash-checks"));
        if (newKey.isEmpty()) {
            return ClaimVerdict.open(this, "Awaiting JUnit checks in check/hash.json named for E2BIG or a full map"
                    + " (inserting a new key into a full map).", evidence);
        }
        Optional<CheckResult> newKeyFails = newKey.stream().filter(c -> !c.outcome().equals("pass")).findFirst();
        if (newKeyFails.isPresent()) {
            CheckResult f = newKeyFails.get();
            return ClaimVerdict.of(this, Verdict.REFUTED, "A full map did not refuse a new key: " + f.name() + " "
                    + f.outcome() + ".", f.name() + ": " + C2ConcurrentChainsRule.excerpt(f.detail(), 300), evidence, figures);
        }
        String names = newKey.stream().map(CheckResult::name).collect(Collectors.joining(", "));
        if (replace.isEmpty()) {
            return ClaimVerdict.of(this, Verdict.CONFIRMED, "A full map refuses new keys with -E2BIG (" + C2ConcurrentChainsRule.plural(newKey.size(), "passing check")
                    + "); replacing an existing key in a full map is not checked yet.", names, evidence, figures);
        }
        Optional<CheckResult> replaceFails = replace.stream().filter(c -> !c.outcome().equals("pass")).findFirst();
        if (replaceFails.isPresent()) {
            CheckResult f = replaceFails.get();
            return ClaimVerdict.of(this, Verdict.CONFIRMED, "A full map refuses new keys with -E2BIG, and replacing an"
                    + " existing key failed too (" + f.name() + " " + f.outcome() + ").",
                    f.name() + ": " + C2ConcurrentChainsRule.excerpt(f.detail(), 300), evidence, figures);
        }
        String replaceNames = replace.stream().map(CheckResult::name).collect(Collectors.joining(", "));
        return ClaimVerdict.of(this, Verdict.NUANCED, "New keys get -E2BIG once max_entries are in, but an existing key"
                + " can still be updated in a full map: the replacement takes the CPU's spare element (" + C2ConcurrentChainsRule.plural(replace.size(), "passing check")
                + ").", "new-key checks: " + names + "; replace checks: " + replaceNames, evidence, figures);
    }
}
