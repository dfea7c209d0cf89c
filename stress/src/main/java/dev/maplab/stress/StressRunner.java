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

/**
 * Runs a structure's jcstress suite ({@link StressSuites}) and judges it.
 *
 * <pre>
 *   java -cp stress/target/jcstress.jar dev.maplab.stress.StressRunner STRUCTURE... | all [--quick] [--out DIR]
 * </pre>
 *
 * Runs of one subject are grouped into one jcstress invocation (one forked JVM per test and
 * configuration, {@code -Dmaplab.subject} telling the test which map to build). Each run's outcome is
 * written to {@code DIR/check/parts/STRUCTURE-jcstress.json} (default DIR {@code reports/out}) as soon
 * as it is known. Exit status 1 when a production test saw a forbidden outcome, a mutant was not
 * caught, or jcstress matched no test ({@code FATAL: No matching tests.}, which jcstress itself
 * answers with status 0); otherwise 0.
 */
public final class StressRunner {
    private static final Pattern STATUS = Pattern.compile("\\[(OK|FAILED|ERROR)\\]\\s+(\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final boolean quick;
    private final Path out;
    private final List<Map<String, Object>> entries = new ArrayList<>();

    private StressRunner(boolean quick, Path out) {
        this.quick = quick;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        List<String> structures = new ArrayList<>();
        boolean quick = false;
        Path out = Paths.get("reports", "out");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick": quick = true; break;
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
        for (String s : structures) {
            if (!StressSuites.structures().contains(s)) {
                usage("STRUCTURE = " + s + ": no jcstress suite; known: " + StressSuites.structures());
            }
        }
        boolean ok = true;
        for (String s : structures) {
            ok &= new StressRunner(quick, out).run(s);
        }
        System.exit(ok ? 0 : 1);
    }

    private static void usage(String error) {
        System.err.println("error: " + error);
        System.err.println("usage: StressRunner STRUCTURE... | all [--quick] [--out DIR]   STRUCTURE in " + StressSuites.structures());
        System.exit(2);
    }

    private boolean run(String structure) throws IOException, InterruptedException {
        Map<String, List<StressRun>> bySubject = new LinkedHashMap<>();
        for (StressRun r : StressSuites.of(structure)) {
            bySubject.computeIfAbsent(r.subject(), s -> new ArrayList<>()).add(r);
        }
        boolean ok = true;
        for (Map.Entry<String, List<StressRun>> group : bySubject.entrySet()) {
            ok &= runGroup(structure, group.getKey(), group.getValue());
        }
        return ok;
    }

    private boolean runGroup(String structure, String subject, List<StressRun> runs) throws IOException, InterruptedException {
        StringBuilder regex = new StringBuilder("^(");
        for (int i = 0; i < runs.size(); i++) {
            regex.append(i == 0 ? "" : "|").append(Pattern.quote(runs.get(i).className()));
        }
        regex.append(")$");
        Path results = Files.createTempDirectory("jcstress-" + structure);
        List<String> cmd = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", ownJar(), "org.openjdk.jcstress.Main",
                "-t", regex.toString(),
                "-jvmArgs", "-Xmx256m -Dmaplab.subject=" + subject,
                "-sc", "false",
                "-iters", quick ? "2" : "3",
                "-time", quick ? "150" : "200",
                "-r", results.toString(),
                "-v"));
        System.out.println("jcstress " + structure + " [" + subject + "]: " + runs.size() + " test(s)");
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
        for (StressRun r : runs) {
            String st = noMatch ? null : status.get(r.className());
            String outcome;
            String detail = resultTable(output, r.className());
            if (st == null || st.equals("ERROR")) {
                outcome = "fail";
                detail = (noMatch ? "FATAL: No matching tests. " : "no result (jcstress exit " + rc + "). ") + tail(output);
            } else {
                boolean forbiddenSeen = st.equals("FAILED");
                switch (r.expect()) {
                    case "pass": outcome = forbiddenSeen ? "fail" : "pass"; break;
                    case "caught": outcome = forbiddenSeen ? "caught" : "missed"; break;
                    default: outcome = forbiddenSeen ? "caught" : "unobserved"; break;
                }
            }
            ok &= !outcome.equals("fail") && !outcome.equals("missed");
            record(structure, r, outcome, detail, seconds / runs.size());
            System.out.printf("  %-28s %-34s expect %-20s -> %s%n", r.test(), r.subject(), r.expect(), outcome);
        }
        return ok;
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
        entries.add(e);
        Path dir = out.resolve("check").resolve("parts");
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, structure, ".tmp");
        JSON.writeValue(tmp.toFile(), entries);
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
