package dev.maplab.report;

import dev.maplab.verdict.ClaimVerdict;
import dev.maplab.verdict.Rules;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Renders {@code index.html} and {@code summary.md} from the result files under {@code out}.
 *
 * <p>Steps: read every result file ({@link ResultSet#load}), decide every claim from them
 * ({@link Rules#decideAll}), write {@code out/claims.json}, draw the charts into {@code out/charts/}
 * (JFreeChart to SVG), and fill two Pebble templates ({@code templates/index.peb}, HTML with
 * autoescaping; {@code templates/summary.peb}, Markdown) from the same views. Nothing is measured.
 */
public final class Report {
    private Report() {
    }

    /** Renders the report from {@code out} (normally {@code reports/out}); returns the process exit code. */
    public static int render(Path out) {
        try {
            Rendered r = renderFiles(out);
            System.out.println("report: " + r.index() + " and " + r.summary() + " (" + r.verdicts().size() + " claims, "
                    + r.results().checks().size() + " checks, " + r.results().benches().size() + " benchmark results)");
            if (!r.results().problems().isEmpty()) {
                System.err.println("report: " + r.results().problems().size() + " problems reading the results; see the"
                        + " report's last section");
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            System.err.println("report: cannot render from " + out + ": " + e);
            return 1;
        }
    }

    /** What one render produced. */
    public record Rendered(Path index, Path summary, Path claims, ResultSet results, List<ClaimVerdict> verdicts) {
    }

    /** Renders and returns the paths and the data it used; throws on any I/O failure. */
    public static Rendered renderFiles(Path out) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(out);
        ResultSet results = ResultSet.load(out);
        List<ClaimVerdict> verdicts = Rules.decideAll(results);
        Rules.writeClaimsJson(verdicts, out);
        clearCharts(out.resolve("charts"));
        Map<String, Object> model = new ReportModel(results, verdicts, out).build();
        Path index = out.resolve("index.html");
        Path summary = out.resolve("summary.md");
        writeAtomically(index, evaluate(htmlEngine(), "index", model));
        writeAtomically(summary, evaluate(markdownEngine(), "summary", model));
        return new Rendered(index, summary, out.resolve("claims.json"), results, verdicts);
    }

    /** Charts of an earlier render would be stale: remove the SVG files (only those) before drawing. */
    private static void clearCharts(Path charts) throws IOException {
        if (!Files.isDirectory(charts)) {
            return;
        }
        try (Stream<Path> s = Files.list(charts)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.getFileName().toString().endsWith(".svg")) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static ClasspathLoader loader() {
        ClasspathLoader loader = new ClasspathLoader(Report.class.getClassLoader());
        loader.setPrefix("templates");
        loader.setSuffix(".peb");
        return loader;
    }

    static PebbleEngine htmlEngine() {
        return new PebbleEngine.Builder().loader(loader()).autoEscaping(true).strictVariables(true).build();
    }

    static PebbleEngine markdownEngine() {
        return new PebbleEngine.Builder().loader(loader()).autoEscaping(false).strictVariables(true)
                .extension(new MarkdownExtension()).build();
    }

    private static String evaluate(PebbleEngine engine, String name, Map<String, Object> model) throws IOException {
        PebbleTemplate t = engine.getTemplate(name);
        StringWriter w = new StringWriter();
        t.evaluate(w, model);
        return w.toString();
    }

    /** Filters of the Markdown template: {@code md} (a table cell or inline text) and {@code fence} (inside a code block). */
    static final class MarkdownExtension extends AbstractExtension {
        @Override
        public Map<String, Filter> getFilters() {
            return Map.of("md", new SimpleFilter(Report::markdownInline), "fence", new SimpleFilter(Report::markdownFence));
        }
    }

    /** Escapes what would break a Markdown table cell or start markup: pipes, line breaks, angle brackets. */
    static String markdownInline(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\r", "").replace("\n", " ");
    }

    /** Keeps a fenced block closed: a triple backtick inside it is broken up. */
    static String markdownFence(String s) {
        return s.replace("```", "`\u200b``");
    }

    private static final class SimpleFilter implements Filter {
        private final java.util.function.UnaryOperator<String> f;

        SimpleFilter(java.util.function.UnaryOperator<String> f) {
            this.f = f;
        }

        @Override
        public List<String> getArgumentNames() {
            return List.of();
        }

        @Override
        public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int lineNumber) {
            return input == null ? "" : f.apply(input.toString());
        }
    }
}
