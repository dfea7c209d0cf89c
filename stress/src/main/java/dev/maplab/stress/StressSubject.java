package dev.maplab.stress;

/**
 * Which map a forked jcstress JVM builds: the subject named for the test's package.
 *
 * <p>{@link StressRunner} runs the tests of several packages in one jcstress invocation, each package
 * with its own subject, so the subject is passed per package: {@code -Dmaplab.subject.<package>=<subject>}
 * (for example {@code -Dmaplab.subject.hash=mutant:plain-publish}). A plain {@code -Dmaplab.subject}
 * still applies to every package that has no subject of its own (running one test by hand), and
 * without either the subject is {@code production}.
 */
public final class StressSubject {
    private StressSubject() {
    }

    /** The subject of {@code pkg} (the last segment of the test's package, {@code hash}, {@code ringbuf}, ...). */
    public static String of(String pkg) {
        return System.getProperty(property(pkg), System.getProperty("maplab.subject", "production"));
    }

    /** The system property that names the subject of {@code pkg}. */
    public static String property(String pkg) {
        return "maplab.subject." + pkg;
    }
}
