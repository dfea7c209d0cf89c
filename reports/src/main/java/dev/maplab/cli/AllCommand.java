package dev.maplab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code maplab all [--quick]}: every registered check, benchmark and study suite, then the report, with
 * progress on the terminal. A failing suite does not stop the others; the exit code is 1 if any failed.
 */
@Command(name = "all", mixinStandardHelpOptions = true,
        description = {
            "Runs every registered suite: check (all structures), bench (all structures), profile (all studies),"
                    + " then report; shows progress (suite, i of n, elapsed and expected time) and ends with the"
                    + " claims and their verdicts (reports/out/claims.json) and the report's path.",
            "A failing suite does not stop the others."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every suite passed", "1:a suite failed", "2:usage error"})
final class AllCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "quick budgets for every suite (a smoke run of the whole kit)")
    boolean quick;

    /** One suite of the run; {@code expected} seconds come from the last run of it, else from the registry. */
    private record Step(String suite, String name, double expected, boolean measured, Supplier<Outcome> run) {
        String title() {
            return suite.equals(name) ? suite : suite + " " + name;
        }
    }

    private record Done(Step step, Outcome outcome, double seconds) {
    }

    @Override
    public Integer call() {
        Workspace ws = Maplab.workspace(spec);
        PrintWriter out = ws.log();
        CheckRunner check = new CheckRunner(ws);
        BenchRunner bench = new BenchRunner(ws);
        StudyRunner studies = new StudyRunner(ws);

        List<Step> steps = new ArrayList<>();
        // one batch: one Maven run and one jcstress runner for every structure (CheckRunner)
        List<String> checked = Registry.checks().stream().map(Registry.CheckSuite::structure).toList();
        int checkSeconds = Registry.checks().stream().mapToInt(s -> s.expectedSeconds(quick)).sum();
        steps.add(step(ws, "check", CheckRunner.batchName(checked), checkSeconds, () -> check.run(checked, quick)));
        for (Registry.BenchSuite s : Registry.benches()) {
            steps.add(step(ws, "bench", s.structure(), s.expectedSeconds(quick), () -> bench.run(s.structure(), quick)));
        }
        for (Registry.Study s : Registry.studies()) {
            steps.add(step(ws, "profile", s.name(), s.expectedSeconds(quick), () -> studies.profile(s.name(), quick)));
        }
        steps.add(new Step("report", "report", Registry.REPORT_SECONDS, false, studies::report));

        double expectedTotal = steps.stream().mapToDouble(Step::expected).sum();
        out.println("== maplab all" + (quick ? " --quick" : "") + ": " + steps.size() + " suites, expected about "
                + Text.duration(expectedTotal) + " ==");
        out.println("   not implemented yet: " + notImplemented());
        out.flush();

        long start = System.nanoTime();
        List<Done> done = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            double elapsed = seconds(start);
            double left = steps.subList(i, steps.size()).stream().mapToDouble(Step::expected).sum();
            out.println();
            out.println("== [" + (i + 1) + "/" + steps.size() + "] " + step.title() + ": expected " + Text.duration(step.expected())
                    + (step.measured() ? " (last run)" : "") + "; elapsed " + Text.duration(elapsed) + ", about "
                    + Text.duration(left) + " to go ==");
            out.flush();
            long t0 = System.nanoTime();
            Outcome outcome;
            try {
                outcome = step.run().get();
            } catch (RuntimeException e) {
                out.println(step.title() + ": " + e + "  FAILED");
                e.printStackTrace(out);
                outcome = Outcome.FAILED;
            }
            double took = seconds(t0);
            done.add(new Done(step, outcome, took));
            out.println("== [" + (i + 1) + "/" + steps.size() + "] " + step.title() + ": " + outcome.word() + " in "
                    + Text.duration(took) + " ==");
            out.flush();
        }

        out.println();
        out.println("== Summary (" + Text.duration(seconds(start)) + ") ==");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"suite", "outcome", "time", "expected"});
        for (Done d : done) {
            rows.add(new String[] {d.step().title(), d.outcome() == Outcome.FAILED ? "FAILED" : d.outcome().word(),
                Text.duration(d.seconds()), Text.duration(d.step().expected())});
        }
        Text.table(out, rows);
        out.println();
        Path claims = ws.out().resolve("claims.json");
        printClaims(claims, ws.relative(claims), out);
        Path index = ws.out().resolve("index.html");
        out.println();
        out.println("Report: " + (Files.exists(index) ? ws.relative(index) : "(not rendered: " + ws.relative(index) + " is missing)"));
        out.flush();
        return done.stream().anyMatch(d -> d.outcome() == Outcome.FAILED) ? 1 : 0;
    }

    private Step step(Workspace ws, String suite, String name, int registered, Supplier<Outcome> run) {
        return RunEnvironment.lastSeconds(ws, suite, name, quick)
                .map(s -> new Step(suite, name, s, true, run))
                .orElse(new Step(suite, name, registered, false, run));
    }

    private static String notImplemented() {
        List<String> parts = new ArrayList<>();
        List<String> noCheck = Registry.STRUCTURES.stream().filter(s -> Registry.check(s) == null).toList();
        List<String> noBench = Registry.STRUCTURES.stream().filter(s -> Registry.bench(s) == null).toList();
        List<String> noStudy = Registry.STUDIES.stream().filter(s -> Registry.study(s) == null).toList();
        if (!noCheck.isEmpty()) {
            parts.add("check " + String.join(" ", noCheck));
        }
        if (!noBench.isEmpty()) {
            parts.add("bench " + String.join(" ", noBench));
        }
        if (!noStudy.isEmpty()) {
            parts.add("profile " + String.join(" ", noStudy));
        }
        return parts.isEmpty() ? "nothing" : String.join("; ", parts);
    }

    /** The claims table from {@code claims} ({@code reports/out/claims.json}): id, verdict, summary. */
    static void printClaims(Path claims, String shownAs, PrintWriter out) {
        if (!Files.isRegularFile(claims)) {
            out.println("Claims: " + shownAs + " not written (the report computes it)");
            return;
        }
        JsonNode root;
        try {
            root = AtomicFiles.JSON.readTree(claims.toFile());
        } catch (IOException e) {
            out.println("Claims: cannot read " + shownAs + ": " + e.getMessage());
            return;
        }
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(root.properties());
        entries.sort(Comparator.comparingInt((Map.Entry<String, JsonNode> e) -> claimNumber(e.getKey()))
                .thenComparing(Map.Entry::getKey));
        out.println("Claims (" + shownAs + "):");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"claim", "verdict", "summary"});
        for (Map.Entry<String, JsonNode> e : entries) {
            rows.add(new String[] {e.getKey(), e.getValue().path("verdict").asText("?"),
                Text.ellipsis(e.getValue().path("summary").asText("").replace('\n', ' '), 100)});
        }
        Text.table(out, rows);
    }

    private static int claimNumber(String id) {
        String digits = id.replaceAll("\\D", "");
        try {
            return digits.isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
