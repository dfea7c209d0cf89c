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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * {@code maplab check STRUCTURE...}: the structures' JUnit semantic tests and Lincheck tests (through one
 * Maven run), then their jcstress tests (through one {@code dev.maplab.stress.StressRunner}), then one
 * merged result file per structure.
 *
 * <ol>
 *   <li>Maven runs {@code test} on structures and lincheck with {@code -Dtest=<package>/**,...} (every
 *       structure of the batch), passing {@code maplab.quick} and {@code maplab.results} (the absolute
 *       {@code reports/out}) to the tests. Test failures do not stop Maven ({@code maven.test.failure.ignore}):
 *       they are read back from surefire's XML. The structures module's reports become
 *       {@code parts/<structure>-junit.json}; Lincheck tests write {@code parts/<structure>-lincheck.json}
 *       themselves.</li>
 *   <li>{@code java -cp stress/target/jcstress.jar dev.maplab.stress.StressRunner <structure>... --lenient
 *       [--quick] --out reports/out} writes {@code parts/<structure>-jcstress.json} and exits 1 on a failure
 *       or a missed mutant; {@code --lenient} skips, with a warning, a structure that has no jcstress suite.
 *       Without the jar or the class, jcstress is skipped with a warning.</li>
 *   <li>Every {@code parts/<structure>-*.json} is merged into {@code check/<structure>.json}, and a
 *       table is printed.</li>
 * </ol>
 * The parts of the batch's structures are deleted first, so nothing stale is merged. A tool that exits
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

    /** Checks one structure: {@link #run(List, boolean)} of a list of one. */
    public Outcome run(String structure, boolean quick) {
        return run(List.of(structure), quick);
    }

    /**
     * Checks {@code structures} in one batch: one Maven run for the JUnit and Lincheck tests of all of them,
     * then one jcstress runner for all of them, then one result file per structure. A batch costs one
     * Maven start-up and one set of jcstress probes instead of one per structure.
     */
    public Outcome run(List<String> structures, boolean quick) {
        List<Registry.CheckSuite> suites = new ArrayList<>();
        Outcome total = Outcome.NOT_IMPLEMENTED;
        for (String structure : structures) {
            Registry.CheckSuite suite = Registry.check(structure);
            if (suite == null) {
                out.println("check " + structure + ": not implemented yet (no check suite registered), skipped");
            } else {
                suites.add(suite);
            }
        }
        out.flush();
        if (suites.isEmpty()) {
            return total;
        }
        Path parts = ws.out().resolve("check").resolve("parts");
        List<String> names = suites.stream().map(Registry.CheckSuite::structure).toList();
        for (String structure : names) {
            deleteParts(parts, structure);
        }

        List<String> maven = mavenCommand(suites, quick);
        List<String> stress = stressCommand(names, quick);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("maven", maven);
        options.put("lincheck", Map.of("maplab.quick", quick));
        options.put("jcstress", stress);
        String batch = batchName(names);
        if (names.size() > 1) {
            options.put("batch", names);
        }
        RunEnvironment env = RunEnvironment.start(ws, "check", batch, quick, options);
        List<RunEnvironment> members = new ArrayList<>();
        if (names.size() > 1) {
            for (String structure : names) {
                members.add(RunEnvironment.start(ws, "check", structure, quick, options));
            }
        }

        Map<String, List<CheckEntry>> runner = new LinkedHashMap<>();
        names.forEach(n -> runner.put(n, new ArrayList<>()));
        runTests(suites, maven, parts, runner);
        runStress(names, stress, parts, runner);

        for (int i = 0; i < names.size(); i++) {
            String structure = names.get(i);
            List<CheckEntry> merged = merge(parts, structure, runner.get(structure));
            Path result = ws.out().resolve("check").resolve(structure + ".json");
            AtomicFiles.writeJson(result, merged);
            printTable(merged);
            long failing = merged.stream().filter(CheckEntry::failing).count();
            Outcome outcome = failing > 0 ? Outcome.FAILED : Outcome.PASSED;
            out.println("check " + structure + ": " + summary(merged) + " -> " + ws.relative(result)
                    + (failing > 0 ? "  FAILED" : ""));
            out.flush();
            if (!members.isEmpty()) {
                members.get(i).finishInBatch(outcome, batch);
            }
            total = total.and(outcome);
        }
        env.finish(total);
        return total;
    }

    /** The env-file name of a batch: the structure itself, {@code all}, or the names joined by {@code +}. */
    static String batchName(List<String> structures) {
        if (structures.size() == 1) {
            return structures.get(0);
        }
        List<String> all = Registry.checks().stream().map(Registry.CheckSuite::structure).toList();
        return structures.equals(all) ? "all" : String.join("+", structures);
    }

    List<String> mavenCommand(List<Registry.CheckSuite> suites, boolean quick) {
        List<String> cmd = new ArrayList<>(ws.maven());
        cmd.addAll(List.of("-B", "-q", "-pl", "structures,lincheck", "test",
                "-Dtest=" + suites.stream().map(Registry.CheckSuite::surefirePattern).distinct().collect(Collectors.joining(",")),
                "-Dsurefire.failIfNoSpecifiedTests=false",
                "-Dmaven.test.failure.ignore=true",
                "-Dmaplab.quick=" + quick,
                "-Dmaplab.results=" + ws.out()));
        return cmd;
    }

    /** The jcstress runner for {@code structures}; {@code --lenient} skips those without a jcstress suite. */
    List<String> stressCommand(List<String> structures, boolean quick) {
        List<String> cmd = new ArrayList<>(List.of(Workspace.java(), "-cp", ws.relative(ws.stressJar()), STRESS_RUNNER));
        cmd.addAll(structures);
        cmd.add("--lenient");
        if (quick) {
            cmd.add("--quick");
        }
        cmd.addAll(List.of("--out", ws.out().toString()));
        return cmd;
    }

    /** (a) JUnit and Lincheck through Maven; the structures module's surefire reports become the junit parts. */
    private void runTests(List<Registry.CheckSuite> suites, List<String> maven, Path parts, Map<String, List<CheckEntry>> runner) {
        // Surefire rewrites the report of every class it runs; older reports are not this run's.
        long since = System.currentTimeMillis() - 2000;
        int rc = ws.run(maven);
        for (Registry.CheckSuite suite : suites) {
            String structure = suite.structure();
            List<CheckEntry> mine = runner.get(structure);
            if (rc != 0) {
                mine.add(CheckEntry.toolFailure("maven test run (structures, lincheck)", "junit",
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
                    mine.addAll(lincheckRuns);
                } else if (readPart(lincheckPart).stream().noneMatch(CheckEntry::failing)) {
                    lincheckRuns.stream().filter(CheckEntry::failing).forEach(mine::add);
                }
            } catch (IOException e) {
                mine.add(CheckEntry.toolFailure("surefire reports", "junit", "cannot read: " + e.getMessage()));
            }
        }
    }

    /** (b) the jcstress runner, if it exists, for every structure of the batch. */
    private void runStress(List<String> structures, List<String> cmd, Path parts, Map<String, List<CheckEntry>> runner) {
        Path jar = ws.stressJar();
        if (!Files.isRegularFile(jar)) {
            out.println("warning: " + ws.relative(jar) + " is missing (./maplab builds it): jcstress skipped");
            return;
        }
        if (!hasClass(jar, STRESS_RUNNER)) {
            out.println("warning: " + STRESS_RUNNER + " is not in " + ws.relative(jar) + " yet: jcstress skipped");
            return;
        }
        int rc = ws.run(cmd);
        boolean anyFailing = structures.stream()
                .anyMatch(s -> readPart(parts.resolve(s + "-jcstress.json")).stream().anyMatch(CheckEntry::failing));
        for (String structure : structures) {
            if (rc == 1 && !anyFailing) {
                runner.get(structure).add(CheckEntry.toolFailure("jcstress runner", "jcstress",
                        "StressRunner exited with 1 (failure) but no part file records a failing entry"));
            } else if (rc != 0 && rc != 1) {
                runner.get(structure).add(CheckEntry.toolFailure("jcstress runner", "jcstress", "StressRunner exited with " + rc));
            }
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
