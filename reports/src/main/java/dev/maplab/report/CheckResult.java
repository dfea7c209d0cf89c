package dev.maplab.report;

import java.util.Locale;

/**
 * One entry of {@code out/check/<structure>.json}: a Lincheck, jcstress or JUnit check of one
 * subject (the production structure, a mutant, or a variant) with what was expected and what happened.
 *
 * @param structure the structure the file is named after ({@code hash} for {@code check/hash.json})
 * @param name      the check's name
 * @param tool      {@code lincheck}, {@code jcstress} or {@code junit}
 * @param subject   {@code production}, {@code mutant:<name>} or {@code variant:<name>}
 * @param expect    {@code pass}, {@code caught} or {@code unobservable-on-x86}
 * @param outcome   {@code pass}, {@code caught}, {@code fail}, {@code missed} or {@code unobserved}
 * @param detail    the tool's message: the counterexample of a failure or a caught mutant; may be empty
 * @param seconds   how long the check ran; {@code NaN} when the file does not say
 * @param source    the file it came from, relative to {@code out}
 */
public record CheckResult(String structure, String name, String tool, String subject, String expect,
                          String outcome, String detail, double seconds, String source) {

    public CheckResult {
        name = nz(name);
        tool = nz(tool).toLowerCase(Locale.ROOT);
        subject = nz(subject).isEmpty() ? "production" : subject;
        expect = nz(expect).toLowerCase(Locale.ROOT);
        outcome = nz(outcome).toLowerCase(Locale.ROOT);
        detail = nz(detail);
        structure = nz(structure);
        source = nz(source);
    }

    private static String nz(String s) {
        return s == null ? "" : s.trim();
    }

    public boolean isProduction() {
        return subject.equals("production");
    }

    public boolean isMutant() {
        return subject.startsWith("mutant:");
    }

    public boolean isVariant() {
        return subject.startsWith("variant:");
    }

    /** The part after {@code mutant:} or {@code variant:}; the whole subject otherwise. */
    public String subjectName() {
        int colon = subject.indexOf(':');
        return colon < 0 ? subject : subject.substring(colon + 1);
    }

    /**
     * True when the outcome is the expected one: {@code pass} for {@code pass}, {@code caught} for
     * {@code caught}, and {@code unobserved} (or {@code missed}) for {@code unobservable-on-x86}.
     * An empty expectation means {@code pass} for production and {@code caught} otherwise.
     */
    public boolean asExpected() {
        String e = expect.isEmpty() ? (isProduction() ? "pass" : "caught") : expect;
        switch (e) {
            case "pass":
                return outcome.equals("pass");
            case "caught":
                return outcome.equals("caught");
            case "unobservable-on-x86":
                return outcome.equals("unobserved") || outcome.equals("missed");
            default:
                return false;
        }
    }

    /** Short status for tables: {@code ok} or {@code FAILING} (a failure, a missed mutant, or any other surprise). */
    public String status() {
        return asExpected() ? "ok" : "FAILING";
    }

    /** Whether the report prints {@link #detail}: for failures, for caught mutants/variants, and for any surprise. */
    public boolean showDetail() {
        return !detail.isEmpty() && (!asExpected() || outcome.equals("caught") || outcome.equals("fail"));
    }
}
