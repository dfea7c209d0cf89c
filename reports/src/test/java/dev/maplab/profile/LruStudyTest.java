package dev.maplab.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LruStudyTest {
    static LruStudy.Config small() {
        return new LruStudy.Config(true, 1000, 30_000, new double[] {0.05, 0.2}, new int[] {1, 2},
                List.of(LruStudy.Trace.values()), 0.1, 7);
    }

    @Test
    void recencyRanksAgreeWithABruteForceOrder() {
        LruStudy.Recency rec = new LruStudy.Recency(50, 10_000);
        List<Integer> order = new ArrayList<>(); // least recent first
        SplittableRandom r = new SplittableRandom(3);
        for (int t = 1; t <= 5_000; t++) {
            int k = r.nextInt(50) + 1;
            if (r.nextInt(4) == 0 && order.contains(k)) {
                int expected = order.indexOf(k);
                assertEquals(order.size(), rec.present());
                assertEquals(expected, rec.evict(k));
                order.remove(Integer.valueOf(k));
            } else {
                rec.touch(k, t);
                order.remove(Integer.valueOf(k));
                order.add(k);
            }
        }
        assertEquals(-1, rec.evict(51));
    }

    @Test
    void tracesHaveTheirShape() {
        int[] loop = LruStudy.generate(LruStudy.Trace.LOOP, 100, 250, 1);
        assertEquals(1, loop[0]);
        assertEquals(100, loop[99]);
        assertEquals(1, loop[100]);
        int[] zipf = LruStudy.generate(LruStudy.Trace.ZIPF_12, 1000, 100_000, 1);
        int[] counts = new int[1001];
        for (int k : zipf) {
            assertTrue(k >= 1 && k <= 1000);
            counts[k]++;
        }
        int max = 0;
        for (int c : counts) {
            max = Math.max(max, c);
        }
        // Zipf(1.2) over 1000 keys: the top key has probability 1 / H(1000, 1.2), about 0.23.
        assertTrue(max > 20_000 && max < 26_000, "top key count " + max);
        int[] shift = LruStudy.generate(LruStudy.Trace.SHIFTING, 1000, 8_000, 1);
        assertTrue(shift[0] >= 1 && shift[0] <= 100);
        assertTrue(shift[7_999] > 700 && shift[7_999] <= 800, "last phase window " + shift[7_999]);
        int[] again = LruStudy.generate(LruStudy.Trace.ZIPF_12, 1000, 100_000, 1);
        assertEquals(zipf[12345], again[12345], "deterministic");
    }

    @Test
    void exactLruOnALoopLargerThanTheCacheNeverHitsAndAlwaysEvictsTheLeastRecent() {
        int[] loop = LruStudy.generate(LruStudy.Trace.LOOP, 1000, 10_000, 1);
        LruStudy.Row exact = LruStudy.simulateExact(loop, "loop", 0.2, 200, 1000);
        assertEquals(0, exact.hits);
        assertEquals(1.0, exact.exactVictimShare());
        LruStudy.Row common = LruStudy.simulateBpf(loop, "loop", 0.2, 200, 1, false, 1000);
        assertEquals(0, common.insertFailures);
        assertTrue(common.ranked());
        assertEquals(0, common.hits, "a loop never finds a key it evicted less than a loop ago");
    }

    @Test
    void theCommonLruWithTwoCpusEvictsBeforeItIsFull() {
        int[] zipf = LruStudy.generate(LruStudy.Trace.ZIPF_10, 10_000, 50_000, 1);
        LruStudy.Row two = LruStudy.simulateBpf(zipf, "zipf-1.0", 0.05, 500, 2, false, 5_000);
        assertTrue(two.firstEvictionFill < 1.0, "first eviction at fill " + two.firstEvictionFill);
        assertTrue(two.evictionsBeforeFull > 0);
        LruStudy.Row exact = LruStudy.simulateExact(zipf, "zipf-1.0", 0.05, 500, 5_000);
        assertEquals(1.0, exact.firstEvictionFill);
        assertEquals(0, two.insertFailures);
        double gap = exact.hitRatio() - two.hitRatio();
        assertTrue(Math.abs(gap) < 0.15, "hit ratios " + exact.hitRatio() + " vs " + two.hitRatio());
    }

    @Test
    void writesJsonCsvAndCharts(@TempDir Path out) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        assertEquals(0, LruStudy.run(small(), out, new PrintStream(log, true, StandardCharsets.UTF_8)));
        JsonNode root = new ObjectMapper().readTree(out.resolve("profile/lru.json").toFile());
        assertEquals("lru", root.path("study").asText());
        assertEquals(6 * 2 * 2, root.path("rows").size());
        JsonNode row = root.path("rows").get(0);
        for (String p : LruStudy.POLICIES) {
            double h = row.path("hit_ratio").path(p).asDouble(-1);
            assertTrue(h >= 0 && h <= 1, p + " hit ratio " + h);
        }
        assertTrue(row.path("victim_rank").path("common-lru").has("exact_lru_share"));
        JsonNode s = root.path("summary");
        assertEquals(0, s.path("insert_failures").asLong());
        assertTrue(s.path("victims").path("common-lru").path("exact_lru_share").isNumber());
        assertTrue(s.path("hit_ratio_gap_vs_exact").path("caffeine").path("mean").isNumber());
        assertTrue(Files.readString(out.resolve("profile/lru.csv")).startsWith("trace,cache_fraction"));
        for (LruStudy.Trace t : LruStudy.Trace.values()) {
            assertTrue(Files.readString(out.resolve(LruStudy.hitRatioChart(t.id))).startsWith("<svg")
                    || Files.readString(out.resolve(LruStudy.hitRatioChart(t.id))).contains("<svg"), t.id);
        }
        assertTrue(Files.exists(out.resolve(LruStudy.VICTIM_RANK_CHART)));
        assertTrue(Files.exists(out.resolve(LruStudy.FIRST_EVICTION_CHART)));
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("vs exact LRU"));
    }

    @Test
    void configRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new LruStudy.Config(true, 10, 1000, new double[] {0.1}, new int[] {1},
                List.of(LruStudy.Trace.LOOP), 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new LruStudy.Config(true, 1000, 1000, new double[] {1.5}, new int[] {1},
                List.of(LruStudy.Trace.LOOP), 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new LruStudy.Config(true, 1000, 1000, new double[] {0.1}, new int[] {0},
                List.of(LruStudy.Trace.LOOP), 0.1, 1));
    }
}
