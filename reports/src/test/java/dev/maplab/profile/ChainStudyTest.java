package dev.maplab.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maplab.profile.ChainStudy.Config;
import dev.maplab.profile.ChainStudy.Distribution;
import dev.maplab.profile.ChainStudy.Row;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainStudyTest {
    /** max_entries 64 and 128, fills 1/16 and 16/16, every distribution, adversarial sets up to 2^7. */
    static final Config TINY = Config.quickRun().withSizes(6, 7).withFills(1, 16).withAdversarialMaxLog2(7);

    private static Row row(List<Row> rows, Distribution d, int maxEntries, int fill) {
        return rows.stream().filter(r -> r.distribution() == d && r.maxEntries() == maxEntries && r.fillSixteenths() == fill)
                .findFirst().orElseThrow();
    }

    @Test
    void everyDistributionSizeAndFillHasARow() {
        List<Row> rows = ChainStudy.study(TINY, null);
        assertEquals(4 * 2 * 2, rows.size());
        for (Row r : rows) {
            assertEquals(r.maxEntries(), r.nBuckets());
            assertEquals((long) r.maxEntries() * r.fillSixteenths() / 16, r.entries());
            assertEquals((double) r.entries() / r.nBuckets(), r.load(), 1e-12);
            assertEquals(r.load(), r.chains().unsuccessful(), 1e-12);
            long keys = 0;
            for (int k = 0; k <= r.chains().maxChain(); k++) {
                keys += k * r.chains().buckets(k);
            }
            assertEquals(r.entries(), keys);
        }
    }

    @Test
    void underAZeroSeedTheAdversarialKeysFormOneChain() {
        List<Row> rows = ChainStudy.study(TINY, null);
        Row full = row(rows, Distribution.ADVERSARIAL_ZERO_SEED, 128, 16);
        assertEquals(0, full.hashSeed());
        assertEquals(128, full.entries()); // a HASH map takes max_entries keys, chain or no chain
        assertEquals(128, full.chains().maxChain());
        assertEquals(127, full.chains().buckets(0));
        assertEquals(1, full.chains().buckets(128));
        assertEquals(129 / 2.0, full.chains().successful(), 1e-12); // positions 1..128
        assertEquals(128.0, full.missSameDistribution(), 1e-12); // a colliding miss walks all of it
        assertEquals(1.0, full.chains().unsuccessful(), 1e-12); // a miss on a uniform bucket does not see it
        Row sparse = row(rows, Distribution.ADVERSARIAL_ZERO_SEED, 64, 1);
        assertEquals(4, sparse.chains().maxChain());
        assertEquals(2.5, sparse.chains().successful(), 1e-12);
    }

    @Test
    void aRandomSeedMakesTheSameKeysLookPoissonAgain() {
        List<Row> rows = ChainStudy.study(TINY, null);
        Row r = row(rows, Distribution.ADVERSARIAL_RANDOM_SEED, 128, 16);
        assertEquals(0x6d61706c, r.hashSeed());
        assertTrue(r.chains().maxChain() <= 10, "max chain " + r.chains().maxChain());
        assertTrue(r.chains().successful() < 2.5, "hit walk " + r.chains().successful());
        assertTrue(r.missSameDistribution() < 3, "colliding miss walk " + r.missSameDistribution());
        assertTrue(r.poissonTotalVariation() < 0.2, "tvd " + r.poissonTotalVariation());
        Row zero = row(rows, Distribution.ADVERSARIAL_ZERO_SEED, 128, 16);
        assertTrue(zero.poissonTotalVariation() > 0.5, "tvd " + zero.poissonTotalVariation());
    }

    @Test
    void successfulLookupsAverageThePositionsOfTheirKeys() {
        List<Row> rows = ChainStudy.study(TINY, null);
        for (Distribution d : EnumSet.of(Distribution.SEQUENTIAL, Distribution.UNIFORM)) {
            Row r = row(rows, d, 128, 16);
            double sum = 0;
            for (int k = 1; k <= r.chains().maxChain(); k++) {
                sum += (double) k * (k + 1) / 2 * r.chains().buckets(k);
            }
            assertEquals(sum / 128, r.chains().successful(), 1e-12);
            assertTrue(Math.abs(r.chains().successful() - 1.5) < 0.3, d + ": " + r.chains().successful());
        }
    }

    @Test
    void configRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Config.quickRun().withSizes(8, 7));
        assertThrows(IllegalArgumentException.class, () -> Config.quickRun().withSizes(6, 27));
        assertThrows(IllegalArgumentException.class, () -> Config.quickRun().withFills(4, 2));
        assertThrows(IllegalArgumentException.class, () -> Config.quickRun().withFills(0));
        assertThrows(IllegalArgumentException.class, () -> Config.quickRun().withFills(17));
        assertThrows(IllegalArgumentException.class, () -> Config.quickRun().withDistributions(EnumSet.noneOf(Distribution.class)));
        assertThrows(IllegalArgumentException.class, () -> Config.quickRun().withAdversarialMaxLog2(21));
        assertEquals(22, Config.fullRun().maxLog2());
        assertEquals(16, Config.quickRun().maxLog2());
    }

    @Test
    void runWritesJsonAndCsvWholeAndNothingElse(@TempDir Path out) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        assertEquals(0, ChainStudy.run(TINY, out, new PrintStream(log, true, StandardCharsets.UTF_8)));
        Path dir = out.resolve("profile");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("chains-histogram.csv", "chains.csv", "chains.json"),
                    files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()));
        }
        JsonNode doc = ResultFiles.JSON.readTree(dir.resolve("chains.json").toFile());
        assertEquals("chains", doc.get("study").asText());
        assertEquals(6, doc.get("parameters").get("maxEntriesLog2").get("min").asInt());
        assertEquals(4, doc.get("distributions").size());
        JsonNode zero = null;
        for (JsonNode d : doc.get("distributions")) {
            assertEquals(2, d.get("sizes").size(), d.get("name").asText());
            if (d.get("name").asText().equals("adversarial-zero-seed")) {
                zero = d;
            }
        }
        JsonNode full = zero.get("sizes").get(1).get("fills").get(1);
        assertEquals(128, zero.get("sizes").get(1).get("maxEntries").asInt());
        assertEquals(16, full.get("fillSixteenths").asInt());
        assertEquals(128, full.get("chain").get("max").asInt());
        assertEquals(64.5, full.get("lookup").get("successful").asDouble(), 1e-12);
        assertEquals(1.5, full.get("poisson").get("successful").asDouble(), 1e-12);
        JsonNode hist = full.get("chain").get("histogram");
        JsonNode last = hist.get(hist.size() - 1);
        assertEquals(128, last.get("length").asInt());
        assertEquals(1, last.get("buckets").asInt());
        assertFalse(doc.toString().contains("NaN"));

        List<String> csv = Files.readAllLines(dir.resolve("chains.csv"));
        assertEquals(ChainStudy.CSV_HEADER, csv.get(0));
        assertEquals(1 + 16, csv.size());
        int columns = ChainStudy.CSV_HEADER.split(",").length;
        for (String line : csv) {
            assertEquals(columns, line.split(",", -1).length, line);
        }
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("chains: 16 rows"));
    }
}
