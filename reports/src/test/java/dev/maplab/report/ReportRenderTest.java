package dev.maplab.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maplab.verdict.ClaimVerdict;
import dev.maplab.verdict.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportRenderTest {
    private static final Pattern SRC = Pattern.compile("(?:src|href)=\"([^\"#:]+)\"");
    private static final Pattern MD_LINK = Pattern.compile("\\]\\(([^)#:]+)\\)");

    private static Map<String, Verdict> verdicts(Report.Rendered r) {
        return r.verdicts().stream().collect(Collectors.toMap(ClaimVerdict::id, ClaimVerdict::verdict, (a, b) -> a, TreeMap::new));
    }

    @Test
    void everyClaimIsInBothPagesAndClaimsJson(@TempDir Path tmp) throws Exception {
        Path out = Fixtures.copy("basic", tmp.resolve("out"));
        Report.Rendered r = Report.renderFiles(out);
        String html = Files.readString(r.index());
        String md = Files.readString(r.summary());
        JsonNode claims = new ObjectMapper().readTree(r.claims().toFile());
        for (int i = 1; i <= 19; i++) {
            String id = "C" + i;
            assertTrue(html.contains("id=\"c" + i + "\"") && html.contains("<strong>" + id + "</strong>"), id + " in index.html");
            assertTrue(md.contains("### " + id + "\n"), id + " in summary.md");
            assertTrue(claims.has(id), id + " in claims.json");
        }
        assertEquals(Verdict.NUANCED, verdicts(r).get("C1"));
        assertEquals(Verdict.NUANCED, verdicts(r).get("C2"));
        assertEquals(Verdict.NUANCED, verdicts(r).get("C3"));
        assertEquals(Verdict.NUANCED, verdicts(r).get("C19"));
        assertEquals(Verdict.OPEN, verdicts(r).get("C4"));
        assertEquals("NUANCED", claims.get("C2").get("verdict").asText());
    }

    @Test
    void everyLinkedFileExistsAndChartsAreSvgFromTheCharts(@TempDir Path tmp) throws Exception {
        Path out = Fixtures.copy("basic", tmp.resolve("out"));
        Report.Rendered r = Report.renderFiles(out);
        String html = Files.readString(r.index());
        String md = Files.readString(r.summary());
        for (Matcher m = SRC.matcher(html); m.find();) {
            assertTrue(Files.exists(out.resolve(m.group(1))), "index.html links " + m.group(1));
        }
        for (Matcher m = MD_LINK.matcher(md); m.find();) {
            assertTrue(Files.exists(out.resolve(m.group(1))), "summary.md links " + m.group(1));
        }
        List<Path> charts;
        try (Stream<Path> s = Files.list(out.resolve("charts"))) {
            charts = s.sorted().collect(Collectors.toList());
        }
        assertTrue(charts.size() >= 6, charts.toString());
        for (Path c : charts) {
            String name = "charts/" + c.getFileName();
            assertTrue(html.contains("src=\"" + name + "\""), name + " shown in index.html");
            assertTrue(md.contains("](" + name + ")"), name + " shown in summary.md");
            String svg = Files.readString(c);
            assertTrue(svg.contains("<svg") && svg.contains("width='720") && svg.contains("height='400"), name);
        }
        assertTrue(md.contains("![Elements visited by a successful lookup against max_entries"), "chart as image link");
    }

    @Test
    void benchmarksShowRatiosAllocationAndNoisyFlags(@TempDir Path tmp) throws Exception {
        Path out = Fixtures.copy("basic", tmp.resolve("out"));
        String html = Files.readString(Report.renderFiles(out).index());
        assertTrue(html.contains("maplab/chm = 0.80× (maplab worse)"), "ratio maplab/anchor");
        assertTrue(html.contains("⚠ error &gt; 10% of score"), "noisy flag");
        assertTrue(html.contains("24 B/op"), "gc.alloc.rate.norm");
        assertTrue(html.contains("ops/us: higher is better"), "unit direction");
        assertTrue(html.contains("no error estimate"), "NaN error");
    }

    @Test
    void profilesOperationsAndEnvironmentAreShown(@TempDir Path tmp) throws Exception {
        Path out = Fixtures.copy("basic", tmp.resolve("out"));
        String html = Files.readString(Report.renderFiles(out).index());
        assertTrue(html.contains("adversarial-zero-seed"), "chain distributions");
        assertTrue(html.contains("Study: lru-hits"), "unknown study tolerated and listed");
        assertTrue(html.contains("dev.maplab.queue.QueueMap"), "operations table");
        assertTrue(html.contains("bench hash --quick") && html.contains("git.revision"), "environment");
        assertTrue(html.contains("50.739"), "published kernel figures");
    }

    @Test
    void aFailingCheckIsShownFailingWithItsDetail(@TempDir Path tmp) throws Exception {
        Path out = Fixtures.copy("failing", tmp.resolve("out"));
        Report.Rendered r = Report.renderFiles(out);
        String html = Files.readString(r.index());
        String md = Files.readString(r.summary());
        assertTrue(html.contains("<span class=\"status-failing\">3 failing</span>"), "failing count");
        Matcher row = Pattern.compile("<tr class=\"failing\">\\s*<td class=\"status-failing\">FAILING</td>\\s*<td>HashLincheckTest.modelChecking</td>"
                + "<td>lincheck</td><td>production</td><td>pass</td><td>fail</td>").matcher(html);
        assertTrue(row.find(), "the failing production check is a FAILING row");
        assertTrue(html.contains("LOST KEY 3"), "its counterexample is printed");
        assertTrue(html.contains("<td>mutant:no-nulls-restart</td><td>caught</td><td>missed</td>"), "missed mutant row");
        assertTrue(md.contains("| **FAILING** | HashLincheckTest.modelChecking | lincheck | production | pass | fail |"), md);
        assertTrue(md.contains("LOST KEY 3"));
        assertEquals(Verdict.OPEN, verdicts(r).get("C2"), "a missed nulls mutant makes C2 undecidable");
        assertEquals(Verdict.REFUTED, verdicts(r).get("C3"));
        assertTrue(html.contains("bench/broken.json: cannot be read") || html.contains("bench/broken.json"), "unreadable file listed");
        assertTrue(r.results().problems().stream().anyMatch(p -> p.startsWith("bench/broken.json")), r.results().problems().toString());
    }

    @Test
    void anEmptyOutRendersEveryClaimOpen(@TempDir Path tmp) throws Exception {
        Report.Rendered r = Report.renderFiles(tmp.resolve("out"));
        assertTrue(r.verdicts().stream().allMatch(v -> v.verdict() == Verdict.OPEN));
        String html = Files.readString(r.index());
        assertTrue(html.contains("No check results yet"));
        assertTrue(html.contains("No chain-length study yet"));
        assertEquals(0, Report.render(tmp.resolve("out")));
    }

    @Test
    void renderingIsDeterministic(@TempDir Path tmp) throws Exception {
        Path out = Fixtures.copy("basic", tmp.resolve("out"));
        Report.renderFiles(out);
        byte[] html = Files.readAllBytes(out.resolve("index.html"));
        byte[] md = Files.readAllBytes(out.resolve("summary.md"));
        byte[] chart = Files.readAllBytes(out.resolve("charts/chains-visited-vs-size.svg"));
        Report.renderFiles(out);
        assertArrayEquals(html, Files.readAllBytes(out.resolve("index.html")));
        assertArrayEquals(md, Files.readAllBytes(out.resolve("summary.md")));
        assertArrayEquals(chart, Files.readAllBytes(out.resolve("charts/chains-visited-vs-size.svg")));
    }

    @Test
    void htmlIsEscaped(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        Files.createDirectories(out.resolve("check"));
        Files.writeString(out.resolve("check/hash.json"), "[{\"name\": \"<script>alert(1)</script>\", \"tool\": \"junit\","
                + " \"subject\": \"production\", \"expect\": \"pass\", \"outcome\": \"fail\", \"detail\": \"a | b\\n<b>\"}]");
        Report.Rendered r = Report.renderFiles(out);
        String html = Files.readString(r.index());
        assertFalse(html.contains("<script>alert(1)</script>"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        String md = Files.readString(r.summary());
        assertTrue(md.contains("| &lt;script&gt;alert(1)&lt;/script&gt; |"), "table cell escaped in Markdown");
    }
}
