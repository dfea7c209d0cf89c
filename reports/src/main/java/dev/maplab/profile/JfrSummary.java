package dev.maplab.profile;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.maplab.hash.HashLookupEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the {@code dev.maplab.HashLookup} events of JFR recordings ({@link HashLookupEvent}, committed by
 * {@code ChainProbe.tracedLookup}, e.g. in the JMH benchmark {@code HashLookupJfrBench}) into
 * {@code out/profile/chains-jfr.json}: the distribution of the chain length each lookup walked, of the nulls
 * restarts it took, the hit ratio, and the mean walk duration per walked length; for all events and per map
 * size ({@code buckets}).
 */
public final class JfrSummary {
    private JfrSummary() {
    }

    /** Accumulates the figures of a set of events. */
    static final class Stats {
        long lookups;
        long hits;
        long walkedSum;
        long walkedHitSum;
        int walkedMax;
        long restartsSum;
        long withRestarts;
        int restartsMax;
        long retriesSum;
        long withRetries;
        long durationNsSum;
        final TreeMap<Integer, long[]> walked = new TreeMap<>(); // length -> {count, duration ns sum}
        final TreeMap<Integer, Long> restarts = new TreeMap<>();

        void add(int walk, int restart, boolean hit, int retries, long durationNs) {
            lookups++;
            walkedSum += walk;
            walkedMax = Math.max(walkedMax, walk);
            if (hit) {
                hits++;
                walkedHitSum += walk;
            }
            restartsSum += restart;
            restartsMax = Math.max(restartsMax, restart);
            if (restart > 0) {
                withRestarts++;
            }
            retriesSum += retries;
            if (retries > 0) {
                withRetries++;
            }
            durationNsSum += durationNs;
            long[] w = walked.computeIfAbsent(walk, k -> new long[2]);
            w[0]++;
            w[1] += durationNs;
            restarts.merge(restart, 1L, Long::sum);
        }

        double hitRatio() {
            return lookups == 0 ? Double.NaN : (double) hits / lookups;
        }

        ObjectNode toJson() {
            ObjectNode n = ResultFiles.JSON.createObjectNode();
            n.put("lookups", lookups);
            n.put("hits", hits);
            ResultFiles.num(n, "hitRatio", hitRatio());
            ObjectNode w = n.putObject("walked");
            ResultFiles.num(w, "mean", lookups == 0 ? Double.NaN : (double) walkedSum / lookups);
            ResultFiles.num(w, "meanHit", hits == 0 ? Double.NaN : (double) walkedHitSum / hits);
            ResultFiles.num(w, "meanMiss", lookups == hits ? Double.NaN : (double) (walkedSum - walkedHitSum) / (lookups - hits));
            w.put("max", walkedMax);
            ArrayNode wh = w.putArray("histogram");
            for (Map.Entry<Integer, long[]> e : walked.entrySet()) {
                ObjectNode row = wh.addObject();
                row.put("length", e.getKey());
                row.put("lookups", e.getValue()[0]);
                row.put("fraction", (double) e.getValue()[0] / lookups);
                ResultFiles.num(row, "meanDurationNs", (double) e.getValue()[1] / e.getValue()[0]);
            }
            ObjectNode r = n.putObject("restarts");
            r.put("total", restartsSum);
            r.put("lookupsWithRestarts", withRestarts);
            ResultFiles.num(r, "fraction", lookups == 0 ? Double.NaN : (double) withRestarts / lookups);
            r.put("max", restartsMax);
            ArrayNode rh = r.putArray("histogram");
            for (Map.Entry<Integer, Long> e : restarts.entrySet()) {
                ObjectNode row = rh.addObject();
                row.put("restarts", e.getKey());
                row.put("lookups", e.getValue());
            }
            ObjectNode v = n.putObject("seqRetries");
            v.put("total", retriesSum);
            v.put("lookupsWithRetries", withRetries);
            ResultFiles.num(n, "meanDurationNs", lookups == 0 ? Double.NaN : (double) durationNsSum / lookups);
            return n;
        }
    }

    /** The summary of {@code sources}: overall and per {@code buckets}. */
    static ObjectNode summarise(List<Path> sources) throws IOException {
        Stats all = new Stats();
        TreeMap<Integer, Stats> byBuckets = new TreeMap<>();
        for (Path file : sources) {
            try (RecordingFile rf = new RecordingFile(file)) {
                while (rf.hasMoreEvents()) {
                    RecordedEvent e = rf.readEvent();
                    if (!e.getEventType().getName().equals(HashLookupEvent.NAME)) {
                        continue;
                    }
                    int walk = e.getInt("walked");
                    int restart = e.getInt("restarts");
                    boolean hit = e.getBoolean("hit");
                    int retries = e.hasField("seqRetries") ? e.getInt("seqRetries") : 0;
                    int buckets = e.hasField("buckets") ? e.getInt("buckets") : 0;
                    Duration d = e.getDuration();
                    long ns = d.isNegative() ? 0 : d.toNanos();
                    all.add(walk, restart, hit, retries, ns);
                    byBuckets.computeIfAbsent(buckets, k -> new Stats()).add(walk, restart, hit, retries, ns);
                }
            }
        }
        ObjectNode doc = ResultFiles.JSON.createObjectNode();
        doc.put("study", "chains-jfr");
        doc.put("claim", "C1");
        doc.put("event", HashLookupEvent.NAME);
        doc.put("generated", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        ArrayNode src = doc.putArray("sources");
        for (Path p : sources) {
            src.add(p.toString());
        }
        doc.put("note", "walked: elements visited per lookup over all passes (a hit stops at its key's position, a miss"
                + " walks the chain); restarts: nulls restarts; durations are JFR ticks around the traced walk");
        doc.set("overall", all.toJson());
        ArrayNode per = doc.putArray("byBuckets");
        for (Map.Entry<Integer, Stats> e : byBuckets.entrySet()) {
            ObjectNode n = e.getValue().toJson();
            ObjectNode row = per.addObject();
            row.put("buckets", e.getKey());
            row.setAll(n);
        }
        return doc;
    }

    /** The .jfr files of {@code path}: itself, or those under it (sorted). */
    static List<Path> sources(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            try (Stream<Path> s = Files.walk(path)) {
                return s.filter(p -> p.getFileName().toString().endsWith(".jfr") && Files.isRegularFile(p))
                        .sorted().collect(Collectors.toList());
            }
        }
        return Files.isRegularFile(path) ? List.of(path) : List.of();
    }

    /** Summarises {@code jfr} (a file or a folder of .jfr files) into {@code out/profile/chains-jfr.json}. */
    static int run(Path jfr, Path out, PrintStream log, PrintStream err) {
        List<Path> files;
        try {
            files = new ArrayList<>(sources(jfr));
        } catch (IOException e) {
            err.println("chains-jfr: cannot read " + jfr + ": " + e.getMessage());
            return 2;
        }
        if (files.isEmpty()) {
            err.println("chains-jfr: no .jfr recording at " + jfr);
            return 2;
        }
        ObjectNode doc;
        try {
            doc = summarise(files);
        } catch (IOException | UncheckedIOException e) {
            err.println("chains-jfr: cannot parse the recording " + jfr + ": " + e.getMessage());
            return 2;
        }
        Path target = ResultFiles.profileDir(out).resolve("chains-jfr.json");
        ResultFiles.writeJson(target, doc);
        ObjectNode overall = (ObjectNode) doc.get("overall");
        long n = overall.get("lookups").asLong();
        if (n == 0) {
            err.println("chains-jfr: no " + HashLookupEvent.NAME + " events in " + files.size()
                    + " file(s): was the benchmark run with impl=maplab-traced and a recording on?");
        }
        log.printf(Locale.ROOT, "chains-jfr: %d lookups from %d file(s), hit ratio %s, mean walk %s, lookups with restarts %d -> %s%n",
                n, files.size(), overall.get("hitRatio").asText(), overall.get("walked").get("mean").asText(),
                overall.get("restarts").get("lookupsWithRestarts").asLong(), target);
        return 0;
    }
}
