package dev.maplab.cli;

import dev.maplab.profile.ChainStudy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one place that says which suites exist: which structures have a check suite and a benchmark
 * suite, which profiling studies are written, and how long each is expected to take. A structure or
 * study without an entry is reported as "not implemented yet" and skipped. Adding a suite is adding
 * one entry here.
 *
 * <p>Expected times (quick, full; seconds) are for a 2-core machine: quick ones measured there, full ones
 * estimated (a full JMH point is 2 forks of 16 s instead of one of 2 s). {@code maplab all} prefers the
 * time the same suite took last time, recorded in {@code reports/out/env/<suite>-<name>.json}.
 */
public final class Registry {
    /** Every structure the {@code maplab} command knows (DESIGN.md), in report order. */
    public static final List<String> STRUCTURES = List.of(
            "hash", "percpu", "lru", "ringbuf", "perfbuf", "array", "queue", "lpm", "mapinmap", "stacktrace");

    /** Every study {@code maplab profile} knows, written or not. */
    public static final List<String> STUDIES = List.of("chains", "lru", "ringbuf", "stacktrace", "operations");

    /**
     * A structure's check suite: the JUnit semantic tests (structures module) and Lincheck tests (lincheck
     * module) of the classes {@code <testPackage>.**.<testClasses>}, then the jcstress runner for the
     * structure.
     *
     * @param testClasses a surefire class-name glob inside the package ({@code *} for all); ringbuf and
     *                    perfbuf share a package and are told apart by it
     */
    public record CheckSuite(String structure, String testPackage, String testClasses, int quickSeconds, int fullSeconds) {
        /** The surefire {@code -Dtest} pattern. */
        public String surefirePattern() {
            return testPackage.replace('.', '/') + "/**/" + testClasses;
        }

        /** True for a test class (fully qualified) this suite runs. */
        public boolean covers(String className) {
            if (!className.startsWith(testPackage + ".")) {
                return false;
            }
            String simple = className.substring(className.lastIndexOf('.') + 1);
            String regex = Arrays.stream(testClasses.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
            return simple.matches(regex);
        }

        public int expectedSeconds(boolean quick) {
            return quick ? quickSeconds : fullSeconds;
        }
    }

    /**
     * A structure's JMH suite: the benchmarks whose names match {@code regex} (JMH's include pattern).
     *
     * @param quickParams JMH {@code -p name=v1,v2} overrides for quick runs: a subset of the points of a
     *                    sweep (the end points and one between), so that {@code all --quick} fits its budget;
     *                    full runs measure every point
     */
    public record BenchSuite(String structure, String regex, List<String> quickParams, int quickSeconds, int fullSeconds) {
        public BenchSuite {
            for (String p : quickParams) {
                if (!p.matches("[A-Za-z_][A-Za-z0-9_]*=[^=\\s]+")) {
                    throw new IllegalArgumentException("quickParams entry '" + p + "': expected name=v1,v2,...");
                }
            }
            quickParams = List.copyOf(quickParams);
        }

        public int expectedSeconds(boolean quick) {
            return quick ? quickSeconds : fullSeconds;
        }

        /** The JMH arguments that narrow the parameters in this mode ({@code -p name=values} pairs). */
        public List<String> paramArgs(boolean quick) {
            List<String> args = new java.util.ArrayList<>();
            if (quick) {
                quickParams.forEach(p -> args.addAll(List.of("-p", p)));
            }
            return args;
        }
    }

    /** {@code int run(boolean quick, Path out)}: a study's entry point; returns an exit code. */
    @FunctionalInterface
    public interface StudyRun {
        int run(boolean quick, Path out);
    }

    /** {@code int summarise(Path jfr, Path out)}: summarises a JFR recording for a study; returns an exit code. */
    @FunctionalInterface
    public interface JfrSummary {
        int summarise(Path jfr, Path out);
    }

    /** A profiling study ({@code maplab profile NAME}); {@code jfr} is null when it takes no recording. */
    public record Study(String name, StudyRun run, JfrSummary jfr, int quickSeconds, int fullSeconds) {
        public int expectedSeconds(boolean quick) {
            return quick ? quickSeconds : fullSeconds;
        }
    }

    /** Each structure's package under {@code dev.maplab} (ringbuf and perfbuf share one). */
    public static final Map<String, String> PACKAGES = Map.of(
            "hash", "dev.maplab.hash",
            "percpu", "dev.maplab.percpu",
            "lru", "dev.maplab.lru",
            "ringbuf", "dev.maplab.ringbuf",
            "perfbuf", "dev.maplab.ringbuf",
            "array", "dev.maplab.array",
            "queue", "dev.maplab.queue",
            "lpm", "dev.maplab.lpm",
            "mapinmap", "dev.maplab.mapinmap",
            "stacktrace", "dev.maplab.stacktrace");

    // ---------------------------------------------------------------------------------------------
    // The entries: add a line when a suite lands.
    // ---------------------------------------------------------------------------------------------

    // Quick times: each structure's share of one batched `check --quick` of every structure, measured on
    // 2 cores (one Maven run, then one jcstress runner: 7 minutes in all); full times are estimates.
    private static final Map<String, CheckSuite> CHECKS = index(CheckSuite::structure,
            check("hash", "*", 110, 600),
            check("percpu", "*", 50, 330),
            check("lru", "*", 65, 720),
            check("ringbuf", "RingBuf*", 60, 300),
            check("perfbuf", "PerfBuf*", 20, 120),
            check("array", "*", 30, 120),
            check("queue", "*", 15, 300),
            check("lpm", "*", 35, 420),
            check("mapinmap", "*", 20, 120),
            check("stacktrace", "*", 25, 120));

    // Quick times measured on 2 cores with BenchRunner.QUICK (about 2.5 s per benchmark and parameter point).
    private static final Map<String, BenchSuite> BENCHES = index(BenchSuite::structure,
            new BenchSuite("hash", "dev\\.maplab\\.jmh\\.hash\\..*", List.of("fillPct=6,50,100"), 100, 1500),
            // ringbuf: the table (RingBufThroughputBench) and the paired runs against Agrona (RingBufPairedBench).
            new BenchSuite("ringbuf", "dev\\.maplab\\.jmh\\.ringbuf\\..*", List.of(), 75, 2900),
            new BenchSuite("lru", "dev\\.maplab\\.jmh\\.lru\\..*", List.of(), 30, 600),
            // percpu: the per-CPU counter, PERCPU_ARRAY vs shared atomics, and ARRAY vs HASH lookups (C5, C7).
            new BenchSuite("percpu", "dev\\.maplab\\.jmh\\.percpu\\..*", List.of(), 120, 1770),
            // queue: QUEUE/STACK push-pop beside ArrayBlockingQueue and a locked ArrayDeque (C16).
            new BenchSuite("queue", "dev\\.maplab\\.jmh\\.queue\\..*", List.of(), 45, 900),
            // lpm: LPM lookups against routes and prefix lengths, beside a linear scan and hash-per-length (C17).
            new BenchSuite("lpm", "dev\\.maplab\\.jmh\\.lpm\\..*", List.of("routes=1000,32000", "shape=ipv4-mixed,ipv6-mixed"), 30, 2400),
            // mapinmap: HASH_OF_MAPS -> HASH against one big HASH of the same entries, 2^10..2^22 (C6).
            new BenchSuite("mapinmap", "dev\\.maplab\\.jmh\\.mapinmap\\..*", List.of("entries=1024,16384,262144"), 15, 1000));

    private static final Map<String, Study> STUDY_SUITES = index(Study::name,
            new Study("chains", ChainStudy::run, ChainStudy::summariseJfr, 5, 600),
            new Study("ringbuf", dev.maplab.profile.RingbufStudy::run, null, 5, 900),
            new Study("lru", dev.maplab.profile.LruStudy::run, null, 15, 400),
            new Study("stacktrace", dev.maplab.profile.StackIdStudy::run, null, 5, 120),
            // C19: which operations each map type's ops table supplies (read from the code, not measured)
            new Study("operations", (quick, out) -> {
                dev.maplab.report.OperationsTable.write(out);
                return 0;
            }, null, 5, 5));

    /** Expected time of {@code maplab report} ({@code dev.maplab.report.Report.render}). */
    public static final int REPORT_SECONDS = 5;

    private Registry() {
    }

    private static CheckSuite check(String structure, String testClasses, int quickSeconds, int fullSeconds) {
        return new CheckSuite(structure, PACKAGES.get(structure), testClasses, quickSeconds, fullSeconds);
    }

    /** The check suite of {@code structure}, or null when it has none yet. */
    public static CheckSuite check(String structure) {
        return CHECKS.get(structure);
    }

    /** The benchmark suite of {@code structure}, or null when it has none yet. */
    public static BenchSuite bench(String structure) {
        return BENCHES.get(structure);
    }

    /** The study named {@code name}, or null when it is not written yet (or unknown). */
    public static Study study(String name) {
        return STUDY_SUITES.get(name);
    }

    public static List<CheckSuite> checks() {
        return List.copyOf(CHECKS.values());
    }

    public static List<BenchSuite> benches() {
        return List.copyOf(BENCHES.values());
    }

    public static List<Study> studies() {
        return List.copyOf(STUDY_SUITES.values());
    }

    @SafeVarargs
    private static <T> Map<String, T> index(Function<T, String> name, T... entries) {
        Map<String, T> m = new LinkedHashMap<>();
        for (T e : entries) {
            if (m.put(name.apply(e), e) != null) {
                throw new IllegalStateException("two registry entries for " + name.apply(e));
            }
        }
        return m;
    }
}
