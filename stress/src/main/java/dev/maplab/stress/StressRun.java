package dev.maplab.stress;

/**
 * One jcstress run the kit makes: a test (class simple name under {@code dev.maplab.stress.<pkg>}),
 * the subject it runs against ({@code production}, {@code variant:<name>}, {@code mutant:<name>},
 * passed to the forked JVM as {@code -Dmaplab.subject}) and what must come out.
 *
 * @param expect {@code pass} (no forbidden outcome), {@code caught} (a forbidden outcome seen) or
 *               {@code unobservable-on-x86} (recorded as it comes out, never claimed as a catch)
 * @param quickIterations jcstress iterations per fork in a quick run: more than the default for a mutant
 *               whose window is rare, so that a quick run still catches it every time (its whole round
 *               runs with the most any of its runs asks for)
 */
public record StressRun(String pkg, String test, String subject, String expect, int quickIterations) {
    /** Iterations per fork in a quick run unless a run asks for more. */
    public static final int QUICK_ITERATIONS = 2;

    public StressRun {
        if (quickIterations < QUICK_ITERATIONS) {
            throw new IllegalArgumentException("quickIterations = " + quickIterations + ": at least " + QUICK_ITERATIONS);
        }
    }

    /** A run with the quick default of {@link #QUICK_ITERATIONS} iterations per fork. */
    public StressRun(String pkg, String test, String subject, String expect) {
        this(pkg, test, subject, expect, QUICK_ITERATIONS);
    }

    public String className() {
        return "dev.maplab.stress." + pkg + "." + test;
    }
}
