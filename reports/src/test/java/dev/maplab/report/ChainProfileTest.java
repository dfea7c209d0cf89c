package dev.maplab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainProfileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ChainProfile parse(String json) throws Exception {
        return ChainProfile.parse(JSON.readTree(json), "profile/chains.json");
    }

    @Test
    void readsTheChainStudyLayout() throws Exception {
        ChainProfile p = ChainProfile.parse(JSON.readTree(Fixtures.source("basic").resolve("profile/chains.json").toFile()),
                "profile/chains.json");
        assertEquals(24, p.rows().size(), p.rows().toString());
        assertEquals(List.of("sequential", "uniform", "adversarial-random-seed", "adversarial-zero-seed"), p.distributions());
        assertTrue(p.warnings().isEmpty(), p.warnings().toString());
        ChainRow adv = p.rows().stream().filter(r -> r.distribution().equals("adversarial-zero-seed") && r.maxEntries() == 1024
                && r.fill() == 1.0).findFirst().orElseThrow();
        assertEquals(1024, adv.nBuckets());
        assertEquals(1024, adv.entries());
        assertEquals(1.0, adv.load());
        assertEquals(1024, adv.maxChain());
        assertEquals(512.5, adv.visitedHit());
        assertEquals(1.0, adv.visitedMiss(), "the uniform miss, not the same-distribution one");
        assertEquals(1024, adv.meanChain(), "mean over non-empty buckets preferred");
        assertEquals("non-empty buckets", adv.meanDefinition());
        assertEquals(1.5, adv.poissonVisitedHit());
        assertTrue(adv.poissonFromFile());
        assertEquals(1, adv.histogram()[1024], "one bucket holds all 1024");
        assertEquals(1023, adv.histogram()[0]);
        assertTrue(adv.adversarial());
    }

    @Test
    void readsFlatRowsWithSynonymsAndPercentFills() throws Exception {
        ChainProfile p = parse("{\"rows\": [{\"keys\": \"uniform\", \"maxEntries\": 1024, \"fill_percent\": 50, \"load\": 0.5,"
                + " \"mean_chain_length\": 1.27, \"max_chain_length\": 5, \"avg_visited_successful\": 1.25,"
                + " \"avg_visited_unsuccessful\": 0.5, \"poisson_max_chain\": 4.6}]}");
        ChainRow r = p.rows().get(0);
        assertEquals("uniform", r.distribution());
        assertEquals(1024, r.maxEntries());
        assertEquals(0.5, r.fill());
        assertEquals(1024, r.nBuckets(), "roundup_pow_of_two(max_entries) when absent");
        assertEquals(512, r.entries());
        assertEquals(1.27, r.meanChain());
        assertEquals("non-empty buckets", r.meanDefinition(), "1.27 is nearer load/(1-e^-load) than the load");
        assertEquals(5, r.maxChain());
        assertEquals(1.25, r.visitedHit());
        assertEquals(0.5, r.visitedMiss());
        assertEquals(4.6, r.poissonMax());
    }

    @Test
    void readsRowsNestedUnderNamesAndNumbers() throws Exception {
        ChainProfile p = parse("{\"uniform\": {\"1024\": {\"0.5\": {\"load\": 0.5, \"visited\": {\"hit\": 1.25, \"miss\": 0.5}},"
                + " \"100%\": {\"load\": 1.0, \"chain\": {\"mean\": {\"observed\": 1.0, \"poisson\": 1.0}}}}}}");
        assertEquals(2, p.rows().size());
        ChainRow half = p.rows().get(0);
        assertEquals("uniform", half.distribution());
        assertEquals(1024, half.maxEntries());
        assertEquals(0.5, half.fill());
        assertEquals(1.25, half.visitedHit());
        assertEquals(0.5, half.visitedMiss());
        ChainRow full = p.rows().get(1);
        assertEquals(1.0, full.fill());
        assertEquals(1.0, full.meanChain());
        assertEquals("all buckets", full.meanDefinition());
    }

    @Test
    void derivesEverythingFromAHistogram() throws Exception {
        // 4 buckets: lengths 0, 1, 1, 2 -> 4 entries, load 1, max 2; hits visit (1 + 1 + 1 + 2) / 4 = 1.25.
        ChainProfile p = parse("{\"distribution\": \"uniform\", \"max_entries\": 4, \"histogram\": {\"0\": 1, \"1\": 2, \"2\": 1}}");
        ChainRow r = p.rows().get(0);
        assertEquals(4, r.nBuckets());
        assertEquals(4, r.entries());
        assertEquals(1.0, r.load());
        assertEquals(1.0, r.fill());
        assertEquals(2, r.maxChain());
        assertEquals(1.25, r.visitedHit());
        assertEquals(1.0, r.visitedMiss());
        assertEquals(4.0 / 3, r.meanChain(), 1e-12);
        assertEquals(1 + 3.0 / 8, r.poissonVisitedHit(), 1e-12);
        assertFalse(r.poissonFromFile());
    }

    @Test
    void histogramsInEveryShape() throws Exception {
        long[] expected = {1, 2, 1};
        for (String h : List.of("[1, 2, 1]", "[[0, 1], [1, 2], [2, 1]]", "[{\"length\": 0, \"buckets\": 1}, {\"length\": 1,"
                + " \"buckets\": 2}, {\"length\": 2, \"count\": 1}]", "{\"0\": 1, \"1\": 2, \"2\": 1}")) {
            assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(ChainProfile.histogram(JSON.readTree(h))), h);
        }
    }

    @Test
    void aFileWithoutRowsGivesAWarningNotAnException() throws Exception {
        ChainProfile p = parse("{\"study\": \"chains\", \"parameters\": {\"nBuckets\": \"roundup_pow_of_two\", \"missProbes\": 4096}}");
        assertTrue(p.isEmpty());
        assertEquals(1, p.warnings().size());
        assertTrue(parse("[1, \"x\", null, {}]").isEmpty());
    }

    @Test
    void poissonExpectations() {
        assertEquals(1.0, Poisson.expectedMax(1.0, 1), 1e-9, "one chain: its mean");
        double m = Poisson.expectedMax(1.0, 1 << 16);
        assertTrue(m > 7 && m < 9, "about ln n / ln ln n for 2^16 chains at load 1: " + m);
        assertTrue(Poisson.expectedMax(1.0, 1 << 20) > m, "grows slowly with the bucket count");
        assertEquals(1.5, Poisson.visitedHit(1 << 20, 1 << 20), 1e-6);
        assertEquals(1 / (1 - Math.exp(-1)), Poisson.meanNonEmptyBuckets(1.0), 1e-12);
    }
}
