package dev.maplab.verdict;

import dev.maplab.report.CheckResult;
import dev.maplab.report.ResultSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * C2: concurrent delete, insert and lookup on linked lists are hazardous. Decided from the hash
 * table's checks: the mutant without the nulls restart (the hazard, unguarded), the production
 * (linearizable) table (the hazard, guarded), and the variant with the kernel's replace order.
 */
public final class C2ConcurrentChainsRule implements ClaimRule {
    /** The mutant that drops the nulls restart: {@code mutant:<name>} with a name matching this. */
    static final Pattern NULLS_MUTANT = Pattern.compile("(?i)nulls");
    /** The variant with the kernel's replace order: {@code variant:<name>} with a name matching this. */
    static final Pattern KERNEL_VARIANT = Pattern.compile("(?i)kernel|replace");
    /** A variant that counts as the production (linearizable) table. */
    static final Pattern LINEARIZABLE_VARIANT = Pattern.compile("(?i)lineariz");

    static final String RULE = "From check/hash.json (Lincheck and jcstress entries): the nulls-restart mutant is"
            + " mutant:<name> with a name matching /nulls/i, caught if at least one check catches it; the guarded table is"
            + " every production entry and every variant matching /lineariz/i, which must all pass; the kernel's replace"
            + " order is variant:<name> matching /kernel|replace/i, caught if at least one check catches it. No such"
            + " entries, or the nulls mutant not caught (then the passes prove nothing) = OPEN; a guarded-table check"
            + " failing = CONFIRMED (the hazard is real and not handled); otherwise NUANCED: the hazard is real (the"
            + " unguarded mutant is caught) but the nulls restart makes lookups safe against reuse, and the kernel's"
            + " replace order is or is not shown non-linearizable (its counterexample is the deciding figure).";

    @Override
    public String id() {
        return "C2";
    }

    @Override
    public String claim() {
        return "Linked lists have concurrency hazards when deleting, inserting and looking up at the same time.";
    }

    @Override
    public String rule() {
        return RULE;
    }

    private static boolean concurrencyTool(CheckResult c) {
        return c.tool().equals("lincheck") || c.tool().equals("jcstress");
    }

    static List<CheckResult> nullsMutant(List<CheckResult> checks) {
        return checks.stream().filter(c -> c.isMutant() && NULLS_MUTANT.matcher(c.subjectName()).find())
                .collect(Collectors.toList());
    }

    static List<CheckResult> guarded(List<CheckResult> checks) {
        return checks.stream().filter(C2ConcurrentChainsRule::concurrencyTool)
                .filter(c -> c.isProduction() || (c.isVariant() && LINEARIZABLE_VARIANT.matcher(c.subjectName()).find()))
                .collect(Collectors.toList());
    }

    static List<CheckResult> kernelVariant(List<CheckResult> checks) {
        return checks.stream().filter(c -> c.isVariant() && KERNEL_VARIANT.matcher(c.subjectName()).find()
                && !LINEARIZABLE_VARIANT.matcher(c.subjectName()).find()).collect(Collectors.toList());
    }

    private static Optional<CheckResult> caught(List<CheckResult> l) {
        return l.stream().filter(c -> c.outcome().equals("caught")).findFirst();
    }

    /** A check's detail on one line (its lines joined with " / "), cut at {@code max} characters. */
    static String excerpt(String s, int max) {
        String t = s.strip().replaceAll("\\s*\\R\\s*", " / ").replaceAll("[ \\t]+", " ");
        return t.length() > max ? t.substring(0, max) + " …" : t;
    }

    static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    @Override
    public ClaimVerdict decide(ResultSet results) {
        List<CheckResult> checks = results.checks("hash");
        if (checks.isEmpty()) {
            return ClaimVerdict.open(this, "Awaiting check/hash.json: the nulls-restart mutant, the production table and"
                    + " the kernel-replace variant under Lincheck/jcstress.", List.of());
        }
        List<String> evidence = List.of("check/hash.json");
        List<Link> figures = List.of(new Link("hash checks", "#hash-checks"));
        List<CheckResult> nulls = nullsMutant(checks);
        if (nulls.isEmpty()) {
            return ClaimVerdict.open(this, "check/hash.json has no nulls-restart mutant (mutant:*nulls*): without a"
                    + " check shown to catch the hazard, passes prove nothing.", evidence);
        }
        Optional<CheckResult> nullsCaught = caught(nulls);
        if (nullsCaught.isEmpty()) {
            return ClaimVerdict.open(this, "The checks missed the nulls-restart mutant (" + nulls.get(0).subject()
                    + ": " + nulls.get(0).outcome() + "), so the production table's passes are no evidence.", evidence);
        }
        List<CheckResult> guarded = guarded(checks);
        if (guarded.isEmpty()) {
            return ClaimVerdict.open(this, "The nulls-restart mutant is caught, but check/hash.json has no Lincheck or"
                    + " jcstress check of the production table.", evidence);
        }
        Optional<CheckResult> failing = guarded.stream().filter(c -> !c.outcome().equals("pass")).findFirst();
        String hazard = nullsCaught.get().name() + " catches " + nullsCaught.get().subject()
                + ", a lookup without the nulls restart";
        if (failing.isPresent()) {
            CheckResult f = failing.get();
            return ClaimVerdict.of(this, Verdict.CONFIRMED, "The hazard is real and not handled: " + hazard
                    + ", and even the guarded table fails " + f.name() + " (" + f.subject() + ", " + f.outcome() + ").",
                    f.name() + ": " + excerpt(f.detail(), 300), evidence, figures);
        }
        List<CheckResult> kernel = kernelVariant(checks);
        Optional<CheckResult> kernelCaught = caught(kernel);
        int passes = guarded.size();
        if (kernelCaught.isPresent()) {
            CheckResult k = kernelCaught.get();
            return ClaimVerdict.of(this, Verdict.NUANCED, "Lookups are safe against element reuse thanks to the nulls"
                    + " restart (" + hazard + "; the production table passes " + plural(passes, "check") + "), but the"
                    + " kernel's replace order is not linearizable: " + k.name() + " catches " + k.subject() + ".",
                    k.subject() + " counterexample (" + k.name() + "): " + excerpt(k.detail(), 400), evidence, figures);
        }
        String kernelState = kernel.isEmpty() ? "the kernel-replace variant is not checked yet"
                : "the kernel-replace variant was not caught (" + kernel.get(0).outcome() + ")";
        return ClaimVerdict.of(this, Verdict.NUANCED, "The hazard is real (" + hazard + "), but the nulls restart handles"
                + " it: the production table passes " + plural(passes, "check") + "; " + kernelState + ".",
                nullsCaught.get().name() + ": " + excerpt(nullsCaught.get().detail(), 300), evidence, figures);
    }
}
