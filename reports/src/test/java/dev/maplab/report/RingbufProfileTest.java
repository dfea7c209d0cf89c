package dev.maplab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.maplab.profile.RingbufStudy;
import dev.maplab.verdict.ClaimVerdict;
import dev.maplab.verdict.Link;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ring buffer study's section of the report: a study written by {@link RingbufStudy} (tiny
 * configuration) is rendered with a table per experiment and its charts, under the anchors that the
 * claims C8-C15 link to, in the page and in the Markdown summary; without the study the section says so.
 */
class RingbufProfileTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> ANCHORS = List.of("ringbuf-drops", "ringbuf-ordering", "ringbuf-nmi", "ringbuf-copies");
    static final Set<String> RINGBUF_CLAIMS = Set.of("C8", "C9", "C10", "C11", "C12", "C13", "C14", "C15");

    static RingbufStudy.Config tiny() {
        return new RingbufStudy.Config(true, new int[] {2, 4}, new int[] {16, 64}, new double[] {0, 0.9}, 1 << 13, 300, 8, 10,
                20_000, new int[] {1, 2}, 20_000, new int[] {8, 512}, 4_000, 7);
    }

    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** An out directory with the study, ringbuf and perfbuf check files and a ringbuf bench file. */
    static Path out(Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        Files.createDirectories(out.resolve("profile"));
        Files.createDirectories(out.resolve("check"));
        Files.createDirectories(out.resolve("bench"));
        ObjectNode study = RingbufStudy.measure(tiny());
        JSON.writeValue(out.resolve("profile/ringbuf.json").toFile(), study);
        Files.writeString(out.resolve("check/ringbuf.json"), json("[{'name': 'jcstress HeadOfLineTest', 'tool': 'jcstress',"
                + " 'subject': 'production', 'expect': 'pass', 'outcome': 'pass', 'detail': ''},"
                + " {'name': 'jcstress HeadOfLineTest', 'tool': 'jcstress', 'subject': 'mutant:no-busy-stop',"
                + " 'expect': 'caught', 'outcome': 'caught', 'detail': ''}]"));
        Files.writeString(out.resolve("check/perfbuf.json"), json("[{'name': 'jcstress PerfSampleVisibleTest', 'tool': 'jcstress',"
                + " 'subject': 'production', 'expect': 'pass', 'outcome': 'pass', 'detail': ''}]"));
        StringBuilder bench = new StringBuilder("[");
        String[][] rows = {{"maplab", "1", "0.47"}, {"maplab-perfbuf", "1", "0.61"}, {"agrona", "1", "0.51"},
            {"maplab", "2", "0.29"}, {"maplab-perfbuf", "2", "0.15"}, {"agrona", "2", "0.48"}};
        for (String[] r : rows) {
            bench.append(bench.length() == 1 ? "" : ",").append("{'benchmark': 'dev.maplab.jmh.ringbuf.RingBufThroughputBench.delivered',"
                    + " 'mode': 'thrpt', 'threads': 1, 'params': {'impl': '" + r[0] + "', 'producers': '" + r[1] + "',"
                    + " 'recordSize': '64'}, 'primaryMetric': {'score': " + r[2] + ", 'scoreError': 0.01,"
                    + " 'scoreUnit': 'ops/us'}, 'secondaryMetrics': {}}");
        }
        Files.writeString(out.resolve("bench/ringbuf.json"), bench.append("]").toString().replace('\'', '"'));
        return out;
    }

    @Test
    void everyExperimentIsRenderedUnderTheAnchorsTheClaimsLinkTo(@TempDir Path tmp) throws Exception {
        Path out = out(tmp);
        Report.Rendered r = Report.renderFiles(out);
        String html = Files.readString(r.index());
        String md = Files.readString(r.summary());
        for (String a : ANCHORS) {
            assertTrue(html.contains("<h4 id=\"" + a + "\">"), a + " in index.html");
            assertTrue(md.contains("#### " + a.replace('-', ' ') + "\n"), a + " heading in summary.md (its GitHub anchor is " + a + ")");
        }
        int links = 0;
        for (ClaimVerdict v : r.verdicts()) {
            if (!RINGBUF_CLAIMS.contains(v.id())) {
                continue;
            }
            for (Link l : v.figures()) {
                if (l.href().startsWith("#")) {
                    links++;
                    assertTrue(html.contains("id=\"" + l.href().substring(1) + "\""), v.id() + " links " + l.href()
                            + ", which index.html does not have");
                }
            }
        }
        assertEquals(8, links, "each of C8-C15 decided and linking one figure: " + r.verdicts().stream()
                .filter(v -> RINGBUF_CLAIMS.contains(v.id())).map(v -> v.id() + " " + v.verdict() + " " + v.summary())
                .collect(java.util.stream.Collectors.joining("; ")));
        assertFalse(html.contains("Study: ringbuf"), "the dedicated view replaces the key/value listing");
        // tables: every drops row, both ordering designs, the head-of-line row, nmi rows, copies rows
        assertTrue(html.contains("<th>perfbuf drop-free memory</th>") && html.contains("<td>perfbuf</td>")
                && html.contains("<td>ringbuf-reserve-commit</td>") && html.contains("<th>Lock failures</th>"));
        assertTrue(md.contains("| CPUs | Burst | Skew |") && md.contains("| ringbuf-reserve-commit |"), "tables in summary.md");
        for (String chart : List.of(RingbufProfile.ZERO_DROP_CHART, RingbufProfile.DROP_RATE_CHART, RingbufProfile.NMI_CHART,
                RingbufProfile.COPIES_CHART)) {
            assertTrue(Files.exists(out.resolve(chart)), chart);
            assertTrue(html.contains("src=\"" + chart + "\"") && md.contains("](" + chart + ")"), chart + " shown in both");
        }
        assertTrue(r.results().problems().isEmpty(), r.results().problems().toString());
    }

    @Test
    void withoutTheStudyTheSectionSaysSo(@TempDir Path tmp) throws Exception {
        Report.Rendered r = Report.renderFiles(tmp.resolve("out"));
        assertTrue(Files.readString(r.index()).contains("No ring buffer study yet"));
        assertTrue(Files.readString(r.summary()).contains("No ring buffer study yet"));
    }

    @Test
    void bytesAreReadable() {
        assertEquals("512 B", RingbufProfile.bytes(512));
        assertEquals("64 KiB", RingbufProfile.bytes(1 << 16));
        assertEquals("1.5 MiB", RingbufProfile.bytes(3 << 19));
    }
}
