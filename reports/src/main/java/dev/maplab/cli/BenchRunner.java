package dev.maplab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code maplab bench STRUCTURE}: runs the structure's JMH benchmarks from {@code jmh/target/benchmarks.jar}
 * with the GC profiler and writes JMH's JSON to {@code reports/out/bench/<structure>.json}.
 *
 * <p>JMH writes its results to a temporary file that replaces the result file only when JMH succeeded, so
 * a failed or interrupted run leaves the previous results as they were. A registered suite whose
 * benchmarks are not in the jar yet is reported as not implemented and skipped.
 */
public final class BenchRunner {
    /**
     * Quick: one fork, one warm-up and three measurement iterations of half a second (a smoke run: ratios
     * with wide error bars, not numbers to publish). Three samples still give JMH an error estimate.
     */
    public static final List<String> QUICK = List.of("-f", "1", "-wi", "1", "-w", "500ms", "-i", "3", "-r", "500ms");
    /** Full: two forks, 3 warm-up and 5 measurement iterations of 2 s. */
    public static final List<String> FULL = List.of("-f", "2", "-wi", "3", "-w", "2s", "-i", "5", "-r", "2s");
    /** The forked benchmark JVMs may use {@code jdk.internal.misc} (as some anchors do): it is exported to them. */
    public static final String JVM_ARGS_APPEND = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";

    private final Workspace ws;
    private final PrintWriter out;

    public BenchRunner(Workspace ws) {
        this.ws = ws;
        this.out = ws.log();
    }

    public Outcome run(String structure, boolean quick) {
        Registry.BenchSuite suite = Registry.bench(structure);
        if (suite == null) {
            out.println("bench " + structure + ": not implemented yet (no benchmark suite registered), skipped");
            out.flush();
            return Outcome.NOT_IMPLEMENTED;
        }
        Path jar = ws.jmhJar();
        if (!Files.isRegularFile(jar)) {
            out.println("bench " + structure + ": " + ws.relative(jar) + " is missing (./maplab builds it; or mvn -pl jmh -am package)");
            out.flush();
            return Outcome.FAILED;
        }
        Processes.Captured list = ws.capture(List.of(Workspace.java(), "-jar", jar.toString(), "-l", suite.regex()));
        List<String> names = benchmarkNames(list.output());
        if (list.exitCode() != 0 && !list.output().contains("BenchmarkList")) {
            out.println(list.output().strip());
            out.println("bench " + structure + ": cannot list the benchmarks of " + ws.relative(jar) + " (exit "
                    + list.exitCode() + ")  FAILED");
            out.flush();
            return Outcome.FAILED;
        }
        if (names.isEmpty()) {
            out.println("bench " + structure + ": not implemented yet (no benchmark in " + ws.relative(jar) + " matches "
                    + suite.regex() + "), skipped");
            out.flush();
            return Outcome.NOT_IMPLEMENTED;
        }

        Path result = ws.out().resolve("bench").resolve(structure + ".json");
        Path tmp = AtomicFiles.temporary(result);
        List<String> jmhOptions = new ArrayList<>(options(quick));
        jmhOptions.addAll(suite.paramArgs(quick));
        List<String> cmd = new ArrayList<>(List.of(Workspace.java(), "-jar", ws.relative(jar), suite.regex()));
        cmd.addAll(List.of("-rf", "json", "-rff", tmp.toString()));
        cmd.addAll(jmhOptions);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("jmh", jmhOptions);
        options.put("benchmarks", names);
        options.put("command", cmd);
        RunEnvironment env = RunEnvironment.start(ws, "bench", structure, quick, options);
        out.println("bench " + structure + ": " + names.size() + " benchmark methods (" + (quick ? "quick" : "full") + ")");
        int rc = ws.run(cmd);
        Outcome outcome;
        try {
            if (rc == 0 && Files.isRegularFile(tmp)) {
                AtomicFiles.commit(tmp, result);
                // keep the kernel's in-kernel figures (bench kernel) beside the fresh JMH rows
                dev.maplab.kernel.KernelBench.mergeIntoStructures(ws.root());
                out.println("bench " + structure + ": results -> " + ws.relative(result));
                outcome = Outcome.PASSED;
            } else {
                out.println("bench " + structure + ": JMH failed (exit " + rc + "); " + ws.relative(result) + " left as it was  FAILED");
                outcome = Outcome.FAILED;
            }
        } catch (IOException e) {
            out.println("bench " + structure + ": cannot move the results into place: " + e.getMessage());
            outcome = Outcome.FAILED;
        } finally {
            AtomicFiles.discard(tmp);
        }
        out.flush();
        env.finish(outcome);
        return outcome;
    }

    /** JMH's options apart from the include pattern and result file: fail on error, GC profiler, iterations. */
    static List<String> options(boolean quick) {
        List<String> o = new ArrayList<>(List.of("-foe", "true", "-prof", "gc"));
        o.addAll(quick ? QUICK : FULL);
        o.addAll(List.of("-jvmArgsAppend", JVM_ARGS_APPEND));
        return o;
    }

    /** The benchmark names that {@code java -jar benchmarks.jar -l REGEX} printed after its "Benchmarks:" line. */
    static List<String> benchmarkNames(String listing) {
        List<String> names = new ArrayList<>();
        boolean started = false;
        for (String line : listing.split("\\R")) {
            if (line.startsWith("Benchmarks:")) {
                started = true;
            } else if (started && !line.isBlank()) {
                names.add(line.trim());
            }
        }
        return names;
    }
}
