package dev.maplab.stress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs the jcstress suites of the given structures ({@link StressSuites}) and judges them.
 *
 * <pre>
 *   java -cp stress/target/jcstress.jar dev.maplab.stress.StressRunner STRUCTURE... | all [--lenient] [--quick] [--out DIR]
 * </pre>
 *
 * <p>Each test runs against one subject (production, a variant or a mutant), which the forked JVM learns
 * from {@code -Dmaplab.subject.<package>} ({@link StressSubject}). A jcstress invocation spends several
 * seconds probing the JVM before it runs anything, so the runs are packed into as few invocations as the
 * subjects allow: the runs are grouped by (package, subject), and invocation {@code i} (a <em>round</em>)
 * takes the {@code i}-th group of every package. Every test class is in a round at most once, so its
 * outcome is unambiguous; jcstress forks one JVM per test and configuration, so tests of different
 * packages in one round never share a JVM.
 *
 * <p>Each run's outcome is written to {@code DIR/check/parts/STRUCTURE-jcstress.json} (default DIR
 * {@code reports/out}) as soon as it is known. Exit status 1 when a production test saw a forbidden
 * outcome, a mutant was not caught, or jcstress matched no test ({@code FATAL: No matching tests.}, which
 * jcstress itself answers with status 0); otherwise 0. A structure without a jcstress suite is a usage
 * error (status 2), or, with {@code --lenient}, a warning and skipped.
 */
public final class StressRunner {
    private static final Pattern STATUS = Pattern.compile("\\[(OK|FAILED|ERROR)\\]\\s+(\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Iterations per fork in a full run. */
    static final int FULL_ITERATIONS = 3;

    private final boolean quick;
    private final Path out;
    /** The entries written so far, per structure (each structure's part file is rewritten whole). */
    private final Map<String, List<Map<String, Object>>> entries = new LinkedHashMap<>();

    private StressRunner(boolean quick, Path out) {
        this.quick = quick;
        this.out = out;
    }

    /** A run of a structure's suite. */
    record Planned(String structure, StressRun run) {
    }

    /** The runs of one package against one subject: one {@code -Dmaplab.subject.<pkg>} value. */
    record Group(String pkg, String subject, List<Planned> runs) {
    }

    public static void main(String[] args) throws Exception {
        List<String> structures = new ArrayList<>();
        boolean quick = false;
        boolean lenient = false;
        Path out = Paths.get("reports", "out");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick": quick = true; break;
                case "--lenient": lenient = true; break;
                case "--out": out = Paths.get(args[++i]); break;
                default:
                    if (args[i].startsWith("-")) {
                        usage("unknown argument '" + args[i] + "'");
                    }
                    if (args[i].equals("all")) {
                        structures.addAll(StressSuites.structures());
                    } else {
                        structures.add(args[i]);
                    }
            }
        }
        if (structures.isEmpty()) {
            usage("STRUCTURE is required");
        }
        List<String> known = new ArrayList<>();
        for (String s : structures) {
            if (StressSuites.structures().contains(s)) {
                known.add(s);
            } else if (lenient) {
                System.out.println("warning: no jcstress suite for " + s + " yet: skipped");
            } else {
                usage("STRUCTURE = " + s + ": no jcstress suite; known: " + StressSuites.structures());
            }
        }
        if (known.isEmpty()) {
            System.exit(0);
        }
        structures = known;
        boolean ok = new StressRunner(quick, out).run(structures.stream().distinct().toList());
        System.exit(ok ? 0 : 1);
    }

    private static void usage(String error) {
        System.err.println("error: " + error);
        System.err.println("usage: StressRunner STRUCTURE... | all [--lenient] [--quick] [--out DIR]   STRUCTURE in " + StressSuites.structures());
        System.exit(2);
    }

    /**
     * The rounds of {@code structures}' runs: round {@code i} holds the {@code i}-th (package, subject)
     * group of every package, groups in the order the suites list them (production first).
     */
    static List<List<Group>> rounds(List<String> structures) {
        Map<String, Map<String, List<Planned>>> byPackage = new LinkedHashMap<>();
        for (String structure : structures) {
            for (StressRun r : StressSuites.of(structure)) {
                byPackage.computeIfAbsent(r.pkg(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(r.subject(), k -> new ArrayList<>()).add(new Planned(structure, r));
            }
        }
        List<List<Group>> rounds = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<Planned>>> pkg : byPackage.entrySet()) {
            int i = 0;
            for (Map.Entry<String, List<Planned>> subject : pkg.getValue().entrySet()) {
                if (rounds.size() == i) {
                    rounds.add(new ArrayList<>());
                }
                rounds.get(i++).add(new Group(pkg.getKey(), subject.getKey(), subject.getValue()));
            }
        }
        return rounds;
    }

    private boolean run(List<String> structures) throws IOException, InterruptedException {
        List<List<Group>> rounds = rounds(structures);
        boolean ok = true;
        for (int i = 0; i < rounds.size(); i++) {
            ok &= runRound(i + 1, rounds.size(), rounds.get(i));
        }
        return ok;
    }

    private boolean runRound(int number, int of, List<Group> groups) throws IOException, InterruptedException {
        List<Planned> runs = new ArrayList<>();
        StringBuilder regex = new StringBuilder("^(");
        StringBuilder jvmArgs = new StringBuilder("-Xmx256m");
        for (Group g : groups) {
            jvmArgs.append(" -D").append(StressSubject.property(g.pkg())).append('=').append(g.subject());
            for (Planned p : g.runs()) {
                regex.append(runs.isEmpty() ? "" : "|").append(Pattern.quote(p.run().className()));
                runs.add(p);
            }
        }
        regex.append(")$");
        Path results = Files.createTempDirectory("jcstress-round" + number + "-");
        List<String> cmd = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", ownJar(), "org.openjdk.jcstress.Main",
                "-t", regex.toString(),
                "-jvmArgs", jvmArgs.toString(),
                "-sc", "false",
                "-iters", String.valueOf(iterations(runs, quick)),
                "-time", quick ? "150" : "200",
                // no heap pre-touch: it costs each forked JVM most of a second and changes no outcome
                "-pth", "false",
                "-r", results.toString(),
                "-v"));
        System.out.println("jcstress round " + number + "/" + of + ": " + runs.size() + " test(s): "
                + groups.stream().map(g -> g.pkg() + " [" + g.subject() + "]").collect(Collectors.joining(", ")));
        long t0 = System.nanoTime();
        // jcstress drops its binary result log into the working directory: keep it beside the HTML results
        Process p = new ProcessBuilder(cmd).directory(results.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        Files.writeString(results.resolve("console.txt"), output);

        boolean ok = true;
        Map<String, String> status = new LinkedHashMap<>();
        Matcher m = STATUS.matcher(output);
        while (m.find()) {
            status.put(m.group(2), m.group(1));
        }
        boolean noMatch = output.contains("FATAL: No matching tests.");
        for (Planned planned : runs) {
            StressRun r = planned.run();
            String st = noMatch ? null : status.get(r.className());
            String outcome;
            String detail = resultTable(output, r.className());
            if (st == null || st.equals("ERROR")) {
                outcome = "fail";
                detail = (noMatch ? "FATAL: No matching tests. " : "no result (jcstress exit " + rc + "). ") + tail(output);
            } else {
                outcome = judge(r.expect(), st.equals("FAILED"));
            }
            ok &= !outcome.equals("fail") && !outcome.equals("missed");
            record(planned.structure(), r, outcome, detail, seconds / runs.size());
            System.out.printf("  %-10s %-28s %-34s expect %-20s -> %s%n", planned.structure(), r.test(), r.subject(), r.expect(), outcome);
        }
        return ok;
    }

    /**
     * Iterations per fork for a round: in a quick run the most any of its runs asks for
     * ({@link StressRun#quickIterations()}, at least 2); in a full run {@link #FULL_ITERATIONS}, or more
     * where a run asks for more even when quick.
     */
    static int iterations(List<Planned> runs, boolean quick) {
        int asked = runs.stream().mapToInt(p -> p.run().quickIterations()).max().orElse(StressRun.QUICK_ITERATIONS);
        return quick ? asked : Math.max(FULL_ITERATIONS, asked);
    }

    /** The outcome of a run that expected {@code expect}, given whether a forbidden outcome was seen. */
    static String judge(String expect, boolean forbiddenSeen) {
        switch (expect) {
            case "pass": return forbiddenSeen ? "fail" : "pass";
            case "caught": return forbiddenSeen ? "caught" : "missed";
            default: return forbiddenSeen ? "caught" : "unobserved";
        }
    }

    /** The "Results across all configurations" table that jcstress prints for a test in verbose mode. */
    static String resultTable(String output, String className) {
        int at = output.lastIndexOf("] " + className);
        if (at < 0) {
            return "";
        }
        int start = output.indexOf("Results across all configurations:", at);
        if (start < 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        String[] lines = output.substring(start).split("\n");
        int i = 1;
        while (i < lines.length && lines[i].isBlank()) {
            i++;
        }
        for (; i < lines.length && !lines[i].isBlank() && !lines[i].contains("["); i++) {
            sb.append(lines[i].strip()).append('\n');
        }
        return sb.toString();
    }

    private static String tail(String s) {
        return s.length() <= 2000 ? s : s.substring(s.length() - 2000);
    }

    private void record(String structure, StressRun r, String outcome, String detail, double seconds) throws IOException {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", "jcstress " + r.test());
        e.put("tool", "jcstress");
        e.put("subject", r.subject());
        e.put("expect", r.expect());
        e.put("outcome", outcome);
        e.put("detail", detail);
        e.put("seconds", Math.round(seconds * 10) / 10.0);
        List<Map<String, Object>> mine = entries.computeIfAbsent(structure, k -> new ArrayList<>());
        mine.add(e);
        Path dir = out.resolve("check").resolve("parts");
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, structure, ".tmp");
        JSON.writeValue(tmp.toFile(), mine);
        Files.move(tmp, dir.resolve(structure + "-jcstress.json"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private static String ownJar() {
        try {
            return new File(StressRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate the jcstress jar", e);
        }
    }
}
