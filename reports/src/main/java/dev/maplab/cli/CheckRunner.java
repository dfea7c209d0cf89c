package dev.maplab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * {@code maplab check STRUCTURE}: the structure's JUnit semantic tests and Lincheck tests (through Maven),
 * then its jcstress tests (through {@code dev.maplab.stress.StressRunner}), then one merged result file.
 *
 * <ol>
 *   <li>Maven runs {@code test} on structures and lincheck with {@code -Dtest=<package>/**}, passing
 *       {@code maplab.quick} and {@code maplab.results} (the absolute {@code reports/out}) to the tests.
 *       Test failures do not stop Maven ({@code maven.test.failure.ignore}): they are read back from
 *       surefire's XML. The structures module's reports become {@code parts/<structure>-junit.json};
 *       Lincheck tests write {@code parts/<structure>-lincheck.json} themselves.</li>
 *   <li>{@code java -cp stress/target/jcstress.jar dev.maplab.stress.StressRunner <structure> [--quick]
 *       --out reports/out} writes {@code parts/<structure>-jcstress.json} and exits 1 on a failure or a
 *       missed mutant. Without the jar or the class, or when the runner answers 2 (usage: no jcstress suite
 *       for the structure), jcstress is skipped with a warning.</li>
 *   <li>Every {@code parts/<structure>-*.json} is merged into {@code check/<structure>.json}, and a
 *       table is printed.</li>
 * </ol>
 * The parts of the structure are deleted first, so nothing stale is merged. A tool that exits
 * abnormally becomes a failing entry of its own, so the result file says what went wrong.
 */
public final class CheckRunner {
    public static final String STRESS_RUNNER = "dev.maplab.stress.StressRunner";

    private final Workspace ws;
    private final PrintWriter out;

    public CheckRunner(Workspace ws) {
        this.ws = ws;
        this.out = ws.log();
    }

    public Outcome run(String structure, boolean quick) {
        Registry.CheckSuite suite = Registry.check(structure);
        if (suite == null) {
            out.println("check " + structure + ": not implemented yet (no check suite registered), skipped");
            out.flush();
            return Outcome.NOT_IMPLEMENTED;
        }
        Path parts = ws.out().resolve("check").resolve("parts");
        deleteParts(parts, structure);

        List<String> maven = mavenCommand(suite, quick);
        List<String> stress = stressCommand(structure, quick);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("maven", maven);
        options.put("lincheck", Map.of("maplab.quick", quick));
        options.put("jcstress", stress);
        RunEnvironment env = RunEnvironment.start(ws, "check", structure, quick, options);

        List<CheckEntry> runner = new ArrayList<>();
        runTests(suite, structure, maven, parts, runner);
        runStress(structure, stress, parts, runner);

        List<CheckEntry> merged = merge(parts, structure, runner);
        Path result = ws.out().resolve("check").resolve(structure + ".json");
        AtomicFiles.writeJson(result, merged);
        printTable(merged);
        long failing = merged.stream().filter(CheckEntry::failing).count();
        Outcome outcome = failing > 0 ? Outcome.FAILED : Outcome.PASSED;
        out.println("check " + structure + ": " + summary(merged) + " -> " + ws.relative(result)
                + (failing > 0 ? "  FAILED" : ""));
        out.flush();
        env.finish(outcome);
        return outcome;
    }

    List<String> mavenCommand(Registry.CheckSuite suite, boolean quick) {
        List<String> cmd = new ArrayList<>(ws.maven());
        cmd.addAll(List.of("-B", "-q", "-pl", "structures,lincheck", "test",
                "-Dtest=" + suite.surefirePattern(),
                "-Dsurefire.failIfNoSpecifiedTests=false",
                "-Dmaven.test.failure.ignore=true",
                "-Dmaplab.quick=" + quick,
                "-Dmaplab.results=" + ws.out()));
        return cmd;
    }

    List<String> stressCommand(String structure, boolean quick) {
        List<String> cmd = new ArrayList<>(List.of(Workspace.java(), "-cp", ws.relative(ws.stressJar()), STRESS_RUNNER, structure));
        if (quick) {
            cmd.add("--quick");
        }
        cmd.addAll(List.of("--out", ws.out().toString()));
        return cmd;
    }

    /** (a) JUnit and Lincheck through Maven; the structures module's surefire reports become the junit part. */
    private void runTests(Registry.CheckSuite suite, String structure, List<String> maven, Path parts, List<CheckEntry> runner) {
        // Surefire rewrites the report of every class it runs; older reports are not this run's.
        long since = System.currentTimeMillis() - 2000;
        int rc = ws.run(maven);
        if (rc != 0) {
            runner.add(CheckEntry.toolFailure("maven test run (structures, lincheck)", "junit",
                    "mvn exited with " + rc + " (a build or test-run error; see the output above): " + String.join(" ", maven)));
        }
        try {
            List<CheckEntry> junit = SurefireReports.read(ws.root().resolve("structures/target/surefire-reports"), "junit",
                    suite::covers, since);
            AtomicFiles.writeJson(parts.resolve(structure + "-junit.json"), junit);

            // Lincheck tests record their own entries; surefire's view of them only fills gaps: if they wrote
            // nothing, or a test failed without the part saying so (a crash before it could write).
            List<CheckEntry> lincheckRuns = SurefireReports.read(ws.root().resolve("lincheck/target/surefire-reports"),
                    "lincheck", suite::covers, since);
            Path lincheckPart = parts.resolve(structure + "-lincheck.json");
            if (!Files.exists(lincheckPart)) {
                if (!lincheckRuns.isEmpty()) {
                    out.println("warning: the Lincheck tests of " + structure + " wrote no " + ws.relative(lincheckPart)
                            + "; using surefire's results");
                }
                runner.addAll(lincheckRuns);
            } else if (readPart(lincheckPart).stream().noneMatch(CheckEntry::failing)) {
                lincheckRuns.stream().filter(CheckEntry::failing).forEach(runner::add);
            }
        } catch (IOException e) {
            runner.add(CheckEntry.toolFailure("surefire reports", "junit", "cannot read: " + e.getMessage()));
        }
    }

    /** (b) the jcstress runner, if it exists. */
    private void runStress(String structure, List<String> cmd, Path parts, List<CheckEntry> runner) {
        Path jar = ws.stressJar();
        if (!Files.isRegularFile(jar)) {
            out.println("warning: " + ws.relative(jar) + " is missing (./maplab builds it): jcstress skipped for " + structure);
            return;
        }
        if (!hasClass(jar, STRESS_RUNNER)) {
            out.println("warning: " + STRESS_RUNNER + " is not in " + ws.relative(jar) + " yet: jcstress skipped for " + structure);
            return;
        }
        int rc = ws.run(cmd);
        Path part = parts.resolve(structure + "-jcstress.json");
        if (rc == 2 && !Files.exists(part)) {
            // StressRunner's usage error: it has no jcstress suite for this structure (its message is above).
            out.println("warning: no jcstress suite for " + structure + " yet (StressRunner exit 2): jcstress skipped");
            return;
        }
        if (rc == 1 && readPart(part).stream().noneMatch(CheckEntry::failing)) {
            runner.add(CheckEntry.toolFailure("jcstress runner", "jcstress",
                    "StressRunner exited with 1 (failure) but its part file records no failing entry"));
        } else if (rc != 0 && rc != 1) {
            runner.add(CheckEntry.toolFailure("jcstress runner", "jcstress", "StressRunner exited with " + rc));
        }
    }

    static boolean hasClass(Path jar, String className) {
        try (ZipFile z = new ZipFile(jar.toFile())) {
            return z.getEntry(className.replace('.', '/') + ".class") != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteParts(Path parts, String structure) {
        if (!Files.isDirectory(parts)) {
            return;
        }
        try (Stream<Path> s = Files.list(parts)) {
            for (Path p : s.filter(p -> isPartOf(p, structure)).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + parts + ": " + e.getMessage(), e);
        }
    }

    private static boolean isPartOf(Path p, String structure) {
        String n = p.getFileName().toString();
        return n.startsWith(structure + "-") && n.endsWith(".json");
    }

    /** (c) junit, lincheck, jcstress, any other part, then the runner's own entries. */
    List<CheckEntry> merge(Path parts, String structure, List<CheckEntry> runner) {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(parts)) {
            try (Stream<Path> s = Files.list(parts)) {
                files = s.filter(p -> isPartOf(p, structure)).sorted(Comparator.comparing((Path p) -> toolRank(p, structure))
                        .thenComparing(Path::toString)).toList();
            } catch (IOException e) {
                runner.add(CheckEntry.toolFailure("check parts", "junit", "cannot list " + parts + ": " + e.getMessage()));
            }
        }
        List<CheckEntry> merged = new ArrayList<>();
        for (Path f : files) {
            merged.addAll(readPart(f));
        }
        merged.addAll(runner);
        return merged;
    }

    private static int toolRank(Path p, String structure) {
        String n = p.getFileName().toString();
        String tool = n.substring(structure.length() + 1, n.length() - ".json".length());
        int i = List.of("junit", "lincheck", "jcstress").indexOf(tool);
        return i < 0 ? 3 : i;
    }

    /** A part file: a JSON array of entries (a single object is taken as one entry). Unreadable: one failing entry. */
    List<CheckEntry> readPart(Path f) {
        if (!Files.isRegularFile(f)) {
            return List.of();
        }
        try {
            JsonNode node = AtomicFiles.JSON.readTree(f.toFile());
            List<CheckEntry> entries = new ArrayList<>();
            if (node.isArray()) {
                for (JsonNode e : node) {
                    entries.add(AtomicFiles.JSON.treeToValue(e, CheckEntry.class));
                }
            } else if (node.isObject()) {
                entries.add(AtomicFiles.JSON.treeToValue(node, CheckEntry.class));
            }
            return entries;
        } catch (IOException | RuntimeException e) {
            return List.of(CheckEntry.toolFailure(f.getFileName().toString(), "junit",
                    "unreadable part file " + ws.relative(f) + ": " + e.getMessage()));
        }
    }

    private static String summary(List<CheckEntry> entries) {
        Map<String, Integer> byOutcome = new LinkedHashMap<>();
        for (String o : List.of("pass", "caught", "unobserved", "missed", "fail")) {
            byOutcome.put(o, 0);
        }
        for (CheckEntry e : entries) {
            byOutcome.merge(e.outcome().isEmpty() ? "?" : e.outcome(), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder(entries.size() + " checks:");
        byOutcome.forEach((k, v) -> {
            if (v > 0 || k.equals("fail") || k.equals("missed")) {
                sb.append(' ').append(v).append(' ').append(k).append(',');
            }
        });
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    private void printTable(List<CheckEntry> entries) {
        if (entries.isEmpty()) {
            out.println("(no checks ran)");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"name", "tool", "subject", "expect", "outcome"});
        for (CheckEntry e : entries) {
            rows.add(new String[] {Text.ellipsis(e.name(), 72), e.tool(), e.subject(), e.expect(),
                    e.outcome() + (e.failing() ? "  <--" : "")});
        }
        Text.table(out, rows);
        for (CheckEntry e : entries) {
            if (e.failing() && !e.detail().isEmpty()) {
                out.println("  " + e.name() + ": " + Text.ellipsis(e.detail().replace('\n', ' '), 300));
            }
        }
    }
}
