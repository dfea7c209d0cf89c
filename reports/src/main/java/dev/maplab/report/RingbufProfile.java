package dev.maplab.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maplab.report.Charts.ChartRef;
import dev.maplab.report.Charts.Series;
import dev.maplab.report.Charts.Spec;
import dev.maplab.report.Charts.XAxis;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The view of the ring buffer and perf buffer study ({@code profile/ringbuf.json}, written by
 * {@code dev.maplab.profile.RingbufStudy}): one section per experiment, each with the anchor that the
 * claims C8-C15 link to, a table of every row the study recorded and, where a curve says more than the
 * table, a chart.
 * <ul>
 *   <li>{@code #ringbuf-drops} (C9, C12): the same total memory as one shared ring or per-CPU rings under
 *       bursts; drops, memory in use, and the smallest drop-free memory against the CPU count;</li>
 *   <li>{@code #ringbuf-ordering} (C11, C13): inversions of the consumed stream against the event order
 *       and the commit order, and the head-of-line experiment;</li>
 *   <li>{@code #ringbuf-nmi} (C15): NMI-mode (try-lock) reservation failures with free space;</li>
 *   <li>{@code #ringbuf-copies} (C10, C8): bytes written per record and throughput of perfbuf output,
 *       ringbuf output and ringbuf reserve/commit, and the perf consumer's copies of wrapped records.</li>
 * </ul>
 * The headings read "ringbuf drops", "ringbuf ordering", ... so that the Markdown summary's heading
 * anchors are the same as the page's ids. A section whose part of the file is missing is left out.
 */
public final class RingbufProfile {
    public static final String SOURCE = "profile/ringbuf.json";
    public static final String ZERO_DROP_CHART = "charts/ringbuf-zero-drop-memory.svg";
    public static final String DROP_RATE_CHART = "charts/ringbuf-drop-rate.svg";
    public static final String NMI_CHART = "charts/ringbuf-nmi-lock-failures.svg";
    public static final String COPIES_CHART = "charts/ringbuf-copies-throughput.svg";
    private static final List<String> COPY_MODES = List.of("perfbuf-output", "ringbuf-output", "ringbuf-reserve-commit");

    private RingbufProfile() {
    }

    /** A table: a header and rows of formatted cells (the first column is text, the others numbers). */
    public record Table(String title, List<String> header, List<List<String>> rows) {
    }

    /** One experiment. */
    public record Section(String anchor, String heading, String title, String note, List<ChartRef> charts,
                          List<Table> tables) {
    }

    /** The whole study. */
    public record View(String source, String note, List<Section> sections) {
    }

    /** Draws a chart, or returns null when it cannot be drawn (the caller records why). */
    @FunctionalInterface
    interface Drawer {
        ChartRef draw(Spec spec) throws IOException;
    }

    static View build(JsonNode study, Drawer drawer) throws IOException {
        List<Section> sections = new ArrayList<>();
        if (study.path("drops").size() > 0) {
            sections.add(drops(study.path("drops"), drawer));
        }
        if (study.has("ordering") || study.has("headOfLine")) {
            sections.add(ordering(study.path("ordering"), study.path("headOfLine")));
        }
        if (study.path("nmi").size() > 0) {
            sections.add(nmi(study.path("nmi"), drawer));
        }
        if (study.path("copies").size() > 0) {
            sections.add(copies(study.path("copies"), drawer));
        }
        String note = (study.path("quick").asBoolean(false) ? "Quick preset" : "Full preset")
                + (study.has("generated") ? ", generated " + study.path("generated").asText() : "")
                + (study.has("cores") ? ", " + study.path("cores").asInt() + " cores" : "")
                + (study.has("recordBytes") ? ", " + study.path("recordBytes").asInt() + "-byte records where not stated" : "")
                + ". The threaded experiments (ordering, NMI) depend on the machine; the drops experiment is a"
                + " deterministic schedule.";
        return new View(SOURCE, note, sections);
    }

    // ------------------------------------------------------------------------------------------- drops

    private static Section drops(JsonNode rows, Drawer drawer) throws IOException {
        List<List<String>> cells = new ArrayList<>();
        for (JsonNode r : rows) {
            JsonNode ring = r.path("ringbuf");
            JsonNode perf = r.path("perfbuf");
            cells.add(List.of(Long.toString(r.path("cpus").asLong()), Long.toString(r.path("burst").asLong()),
                    Fmt.num(r.path("skew").asDouble()), bytes(r.path("totalBytes").asLong()),
                    Fmt.count(ring.path("produced").asDouble()),
                    drop(ring), drop(perf),
                    bytes(ring.path("peakUsedBytes").asLong()) + " / " + bytes(ring.path("meanUsedBytes").asLong()),
                    bytes(perf.path("peakUsedBytes").asLong()) + " / " + bytes(perf.path("meanUsedBytes").asLong()),
                    zeroDrop(ring.path("zeroDropBytes").asLong(-1)), zeroDrop(perf.path("zeroDropBytes").asLong(-1))));
        }
        Table table = new Table("", List.of("CPUs", "Burst", "Skew", "Memory", "Records", "ringbuf dropped",
                "perfbuf dropped", "ringbuf peak / mean used", "perfbuf peak / mean used", "ringbuf drop-free memory",
                "perfbuf drop-free memory"), cells);

        // Charts against the CPU count, one line per design and burst shape (the largest skew only when the
        // shapes would make more than eight lines).
        TreeSet<Double> skews = new TreeSet<>();
        TreeSet<Long> bursts = new TreeSet<>();
        rows.forEach(r -> {
            skews.add(r.path("skew").asDouble());
            bursts.add(r.path("burst").asLong());
        });
        boolean allSkews = 2 * skews.size() * bursts.size() <= 8;
        Map<String, List<double[]>> zero = new LinkedHashMap<>();
        Map<String, List<double[]>> rate = new LinkedHashMap<>();
        for (String side : List.of("ringbuf", "perfbuf")) {
            for (long b : bursts) {
                for (double s : skews) {
                    if (!allSkews && s != skews.last()) {
                        continue;
                    }
                    String name = side + ", burst " + b + ", skew " + Fmt.num(s);
                    for (JsonNode r : rows) {
                        if (r.path("burst").asLong() != b || r.path("skew").asDouble() != s) {
                            continue;
                        }
                        double cpus = r.path("cpus").asDouble();
                        long z = r.path(side).path("zeroDropBytes").asLong(-1);
                        if (z > 0) {
                            zero.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {cpus, z});
                        }
                        rate.computeIfAbsent(name, k -> new ArrayList<>())
                                .add(new double[] {cpus, 100 * r.path(side).path("dropRate").asDouble()});
                    }
                }
            }
        }
        List<ChartRef> charts = new ArrayList<>();
        List<Series> zs = series(zero);
        add(charts, drawer, new Spec(ZERO_DROP_CHART, "Smallest total memory without drops against CPUs", "CPUs",
                "drop-free memory (bytes)", XAxis.LINEAR, Charts.wantsLogY(zs), zs,
                "The smallest power-of-two total memory (shared ring, or all per-CPU rings together) that dropped nothing"
                        + " in the same burst schedule. C9 asks whether the perf buffer's grows with the CPU count, C12"
                        + " whether the shared ring's stays flat."));
        List<Series> rs = series(rate);
        long memory = rows.get(0).path("totalBytes").asLong();
        add(charts, drawer, new Spec(DROP_RATE_CHART, "Dropped records against CPUs, " + bytes(memory) + " in total",
                "CPUs", "dropped (% of records)", XAxis.LINEAR, false, rs,
                "The same total memory as one shared ring or as one ring per CPU, fed the same bursts."));
        return new Section("ringbuf-drops", "ringbuf drops", "Drops with the same memory: one shared ring or per-CPU rings"
                + " (C9, C12)", "Bursts of " + joinLongs(bursts) + " records start on a CPU drawn with skew "
                + joinDoubles(skews) + " (skew 0: uniform; larger: CPU 0 gets more); the consumer drains a fixed number of"
                + " records per tick. Dropped: count (share of records). Used: bytes waiting in the ring(s).",
                charts, List.of(table));
    }

    private static String drop(JsonNode side) {
        return Fmt.count(side.path("dropped").asDouble()) + " ("
                + String.format(Locale.ROOT, "%.2f%%", 100 * side.path("dropRate").asDouble()) + ")";
    }

    private static String zeroDrop(long z) {
        return z < 0 ? "none up to 64 MiB" : bytes(z);
    }

    // ------------------------------------------------------------------------------------------ ordering

    private static Section ordering(JsonNode o, JsonNode hol) {
        List<Table> tables = new ArrayList<>();
        if (o.isObject()) {
            List<List<String>> cells = new ArrayList<>();
            for (String side : List.of("ringbuf", "perfbuf")) {
                JsonNode n = o.path(side);
                if (n.isMissingNode()) {
                    continue;
                }
                cells.add(List.of(side, Long.toString(o.path("producers").asLong()), Fmt.count(n.path("consumed").asDouble()),
                        Fmt.count(n.path("eventOrderInversions").asDouble()), Fmt.num(n.path("eventOrderInversionsPerMillion").asDouble()),
                        Fmt.count(n.path("commitOrderInversions").asDouble()),
                        Fmt.num(n.path("commitOrderInversionsPerMillion").asDouble())));
            }
            tables.add(new Table("Inversions of the consumed stream", List.of("Design", "Producers", "Records consumed",
                    "Event-order inversions", "per million", "Commit-order inversions", "per million"), cells));
        }
        if (hol.isObject()) {
            tables.add(new Table("Head-of-line: one reservation committed late", List.of("Ring",
                    "Records committed behind it", "Delivered before the late commit", "Delivered after it"),
                    List.of(List.of("ringbuf", Fmt.count(hol.path("committedBehindLateRecord").asDouble()),
                            Fmt.count(hol.path("deliveredBeforeLateCommit").asDouble()),
                            Fmt.count(hol.path("deliveredAfterLateCommit").asDouble())))));
        }
        return new Section("ringbuf-ordering", "ringbuf ordering", "Order of consumed records (C11, C13)",
                "Producers on different logical CPUs stamp each record with a global ticket when the event happens and"
                        + " another just before they commit it; an inversion is a record consumed after one with a larger"
                        + " stamp. The perf buffer keeps order per CPU only; the ring buffer delivers in reservation order,"
                        + " so a record committed late holds back every record reserved after it.",
                List.of(), tables);
    }

    // ------------------------------------------------------------------------------------------------ nmi

    private static Section nmi(JsonNode rows, Drawer drawer) throws IOException {
        List<List<String>> cells = new ArrayList<>();
        List<double[]> pts = new ArrayList<>();
        for (JsonNode r : rows) {
            cells.add(List.of(Long.toString(r.path("producers").asLong()), Fmt.count(r.path("attempts").asDouble()),
                    Fmt.count(r.path("lockFailures").asDouble()), Fmt.num(r.path("lockFailuresPerMillion").asDouble()),
                    Fmt.count(r.path("fullDrops").asDouble())));
            pts.add(new double[] {r.path("producers").asDouble(), r.path("lockFailuresPerMillion").asDouble()});
        }
        List<ChartRef> charts = new ArrayList<>();
        if (pts.size() >= 2) {
            add(charts, drawer, new Spec(NMI_CHART, "NMI-mode reservations failing on the lock against producers", "producers",
                    "lock failures per million reservations", XAxis.LINEAR, false,
                    List.of(new Series("ringbuf, try-lock", pts, false)),
                    "Reservations that failed only because the spin lock was taken (the ring never filled: full drops 0)."));
        }
        return new Section("ringbuf-nmi", "ringbuf nmi", "NMI-mode reservations: one try-lock (C15)",
                "Producers reserve in NMI mode (one try of the reservation lock, as the kernel does in NMI context) on a"
                        + " ring large enough never to fill; the consumer drains concurrently.",
                charts, List.of(new Table("", List.of("Producers", "Attempts", "Lock failures", "per million",
                        "Full drops"), cells)));
    }

    // --------------------------------------------------------------------------------------------- copies

    private static Section copies(JsonNode rows, Drawer drawer) throws IOException {
        List<List<String>> cells = new ArrayList<>();
        Map<String, List<double[]>> byMode = new LinkedHashMap<>();
        for (JsonNode r : rows) {
            double size = r.path("recordBytes").asDouble();
            for (String mode : COPY_MODES) {
                JsonNode m = r.path(mode);
                if (m.isMissingNode()) {
                    continue;
                }
                cells.add(List.of(mode, bytes(r.path("recordBytes").asLong()), Fmt.count(r.path("records").asDouble()),
                        Fmt.num(m.path("recordsPerSecond").asDouble()), Fmt.num(m.path("bytesCopiedPerRecord").asDouble()),
                        m.has("consumerCopiesPerMillion") ? Fmt.num(m.path("consumerCopiesPerMillion").asDouble()) : "n/a"));
                byMode.computeIfAbsent(mode, k -> new ArrayList<>()).add(new double[] {size, m.path("recordsPerSecond").asDouble()});
            }
        }
        List<ChartRef> charts = new ArrayList<>();
        List<Series> s = series(byMode);
        add(charts, drawer, new Spec(COPIES_CHART, "Records per second against record size, back to back", "record size (bytes)",
                "records per second", XAxis.LOG2, Charts.wantsLogY(s), s,
                "One thread writes a batch and drains it. Output builds the record in a buffer and the structure copies it"
                        + " (every byte written twice); reserve/commit builds it in the ring (once)."));
        return new Section("ringbuf-copies", "ringbuf copies", "Copies and throughput (C10, C8)",
                "Bytes written per record counts the program's writes and the structure's copy. Consumer copies: perf"
                        + " records that cross the end of a ring, copied into the consumer's scratch buffer before the"
                        + " callback (libbpf's second copy).",
                charts, List.of(new Table("", List.of("Mode", "Record size", "Records", "Records/s", "Bytes written per record",
                        "Consumer copies per million"), cells)));
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static List<Series> series(Map<String, List<double[]>> byName) {
        List<Series> list = new ArrayList<>();
        byName.forEach((name, pts) -> {
            pts.sort((a, b) -> Double.compare(a[0], b[0]));
            list.add(new Series(name, pts, false));
        });
        return list;
    }

    private static void add(List<ChartRef> charts, Drawer drawer, Spec spec) throws IOException {
        if (!spec.drawable()) {
            return;
        }
        ChartRef ref = drawer.draw(spec);
        if (ref != null) {
            charts.add(ref);
        }
    }

    /** Bytes as {@code 512 B}, {@code 64 KiB}, {@code 1 MiB}, {@code 1.5 MiB}. */
    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] units = {"KiB", "MiB", "GiB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return Fmt.num(v) + " " + units[u];
    }

    private static String joinLongs(TreeSet<Long> values) {
        List<String> s = new ArrayList<>();
        values.forEach(v -> s.add(Long.toString(v)));
        return String.join(", ", s);
    }

    private static String joinDoubles(TreeSet<Double> values) {
        List<String> s = new ArrayList<>();
        values.forEach(v -> s.add(Fmt.num(v)));
        return String.join(", ", s);
    }
}
