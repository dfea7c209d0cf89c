package dev.maplab.check;

import static org.junit.jupiter.api.Assertions.fail;

import org.jetbrains.lincheck.LincheckAssertionError;

/**
 * Runs one Lincheck check with an expectation, records the outcome in {@link CheckLog} and fails the
 * JUnit test when the expectation is not met: production code must pass, a mutant must be caught.
 */
public final class LincheckOutcome {
    private static final int DETAIL_LIMIT = 6000;

    private LincheckOutcome() {
    }

    /** The subject must pass: a Lincheck failure is recorded as "fail" and rethrown. */
    public static void expectPass(String structure, String name, String subject, Runnable check) {
        long t0 = System.nanoTime();
        try {
            check.run();
        } catch (LincheckAssertionError e) {
            CheckLog.record(structure, name, subject, "pass", "fail", trim(e.getMessage()), secondsSince(t0));
            throw e;
        }
        CheckLog.record(structure, name, subject, "pass", "pass", "no linearizability violation found", secondsSince(t0));
    }

    /** The subject must be caught: the counterexample is recorded; no failure is recorded as "missed". */
    public static void expectCaught(String structure, String name, String subject, Runnable check) {
        long t0 = System.nanoTime();
        try {
            check.run();
        } catch (LincheckAssertionError e) {
            CheckLog.record(structure, name, subject, "caught", "caught", trim(e.getMessage()), secondsSince(t0));
            return;
        }
        CheckLog.record(structure, name, subject, "caught", "missed", "Lincheck found no violation", secondsSince(t0));
        fail(subject + " was not caught by " + name);
    }

    /**
     * A defect the tool cannot observe on this machine (a missing release on x86 under sequentially
     * consistent model checking): the run is recorded as it came out, and never counted as a catch
     * the kit claims.
     */
    public static void expectUnobservable(String structure, String name, String subject, Runnable check) {
        long t0 = System.nanoTime();
        try {
            check.run();
        } catch (LincheckAssertionError e) {
            CheckLog.record(structure, name, subject, "unobservable-on-x86", "caught", trim(e.getMessage()), secondsSince(t0));
            return;
        }
        CheckLog.record(structure, name, subject, "unobservable-on-x86", "unobserved",
                "as expected: Lincheck's model checking assumes sequential consistency, so a missing release"
                        + " in the right program order cannot show", secondsSince(t0));
    }

    private static String trim(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= DETAIL_LIMIT ? s : s.substring(0, DETAIL_LIMIT) + "\n... (truncated)";
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
