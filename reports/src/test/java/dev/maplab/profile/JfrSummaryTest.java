package dev.maplab.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import dev.maplab.hash.ChainProbe;
import dev.maplab.hash.HashLookupEvent;
import dev.maplab.hash.HashTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records traced lookups in-process with jdk.jfr.Recording and checks the summary against the chains. */
class JfrSummaryTest {

    private static HashTable table(int maxEntries, int keys) {
        HashTable t = HashTable.kernel(MapSpec.builder(MapType.HASH).maxEntries(maxEntries).hashSeed(0x6d61706c).build());
        for (int i = 0; i < keys; i++) {
            assertEquals(0, t.update(KeySets.mix64(i), i, UpdateFlags.NOEXIST));
        }
        return t;
    }

    @Test
    void summarisesWalkedLengthsRestartsAndHitRatio(@TempDir Path dir) throws Exception {
        HashTable small = table(256, 256);
        HashTable large = table(4096, 2048);
        TreeMap<Integer, Long> expectedWalk = new TreeMap<>();
        long expectedHits = 0;
        long lookups = 0;
        long walkSum = 0;
        Path file = dir.resolve("lookups.jfr");
        try (Recording r = new Recording()) {
            r.enable(HashLookupEvent.NAME);
            r.start();
            for (HashTable t : new HashTable[] {small, large}) {
                for (int i = 0; i < 300; i++) {
                    long key = KeySets.mix64(i); // i < 256 present in small, all present in large
                    int walk = t.containsKey(key) ? ChainProbe.positionOf(t, key) : t.chainLength(t.bucketOf(key));
                    long trace = ChainProbe.tracedLookup(t, key);
                    assertEquals(walk, ChainProbe.walked(trace));
                    expectedWalk.merge(walk, 1L, Long::sum);
                    walkSum += walk;
                    expectedHits += ChainProbe.hit(trace) ? 1 : 0;
                    lookups++;
                }
            }
            r.stop();
            r.dump(file);
        }
        assertEquals(300 + 256, expectedHits);

        Path out = dir.resolve("out");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, JfrSummary.run(file, out, new PrintStream(log, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        JsonNode doc = ResultFiles.JSON.readTree(out.resolve("profile/chains-jfr.json").toFile());
        assertEquals("chains-jfr", doc.get("study").asText());
        JsonNode all = doc.get("overall");
        assertEquals(lookups, all.get("lookups").asLong());
        assertEquals(expectedHits, all.get("hits").asLong());
        assertEquals((double) expectedHits / lookups, all.get("hitRatio").asDouble(), 1e-12);
        assertEquals((double) walkSum / lookups, all.get("walked").get("mean").asDouble(), 1e-12);
        TreeMap<Integer, Long> histogram = new TreeMap<>();
        for (JsonNode row : all.get("walked").get("histogram")) {
            histogram.put(row.get("length").asInt(), row.get("lookups").asLong());
        }
        assertEquals(expectedWalk, histogram);
        assertEquals(0, all.get("restarts").get("total").asLong());
        assertEquals(lookups, all.get("restarts").get("histogram").get(0).get("lookups").asLong());
        JsonNode per = doc.get("byBuckets");
        assertEquals(2, per.size());
        assertEquals(256, per.get(0).get("buckets").asInt());
        assertEquals(300, per.get(0).get("lookups").asLong());
        assertEquals(256, per.get(0).get("hits").asLong());
        assertEquals(4096, per.get(1).get("buckets").asInt());
        assertEquals(1.0, per.get(1).get("hitRatio").asDouble());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("600 lookups"), log.toString(StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8));

        // a folder of recordings is searched for .jfr files
        Path folder = dir.resolve("runs/some-config");
        Files.createDirectories(folder);
        Files.copy(file, folder.resolve("profile.jfr"));
        Path out2 = dir.resolve("out2");
        assertEquals(0, ChainStudy.summariseJfr(dir.resolve("runs"), out2));
        assertEquals(lookups, ResultFiles.JSON.readTree(out2.resolve("profile/chains-jfr.json").toFile())
                .get("overall").get("lookups").asLong());
    }

    @Test
    void aRecordingWithoutLookupsIsSummarisedAsEmptyAndAMissingOneIsAUsageError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("empty.jfr");
        try (Recording r = new Recording()) {
            r.enable(HashLookupEvent.NAME);
            r.start();
            r.stop();
            r.dump(file);
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(0, JfrSummary.run(file, dir, quiet, new PrintStream(err, true, StandardCharsets.UTF_8)));
        JsonNode all = ResultFiles.JSON.readTree(dir.resolve("profile/chains-jfr.json").toFile()).get("overall");
        assertEquals(0, all.get("lookups").asLong());
        assertTrue(all.get("hitRatio").isNull());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no dev.maplab.HashLookup events"));
        assertEquals(2, JfrSummary.run(dir.resolve("nothing-here.jfr"), dir, quiet, quiet));
    }
}
