package dev.maplab.stress;

/**
 * One jcstress run the kit makes: a test (class simple name under {@code dev.maplab.stress.<pkg>}),
 * the subject it runs against ({@code production}, {@code variant:<name>}, {@code mutant:<name>},
 * passed to the forked JVM as {@code -Dmaplab.subject}) and what must come out.
 *
 * @param expect {@code pass} (no forbidden outcome), {@code caught} (a forbidden outcome seen) or
 *               {@code unobservable-on-x86} (recorded as it comes out, never claimed as a catch)
 */
public record StressRun(String pkg, String test, String subject, String expect) {
    public String className() {
        return "dev.maplab.stress." + pkg + "." + test;
    }
}
