package dev.maplab.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maplab.profile.StackIdStudy.Config;
import dev.maplab.profile.StackIdStudy.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackIdStudyTest {
    @Test
    void theBirthdayModelIsComputedNotAssumed() {
        assertEquals(0.5073, StackIdStudy.birthdayCollision(365, 23), 1e-4, "the classic: 23 people, 365 days");
        assertEquals(0.4927, 1 - StackIdStudy.birthdayCollision(365, 23), 1e-4);
        assertEquals(1.0, StackIdStudy.birthdayCollision(10, 11));
        assertEquals(0.0, StackIdStudy.birthdayCollision(10, 1));
        assertEquals(22.49, StackIdStudy.halfCollisionDraws(365), 0.01);
        assertEquals(77163, StackIdStudy.halfCollisionDraws(4294967296.0), 1);
        assertEquals(1.0, StackIdStudy.expectedStored(1, 5), 1e-12, "one bucket holds one stack");
        assertEquals(2.0, StackIdStudy.expectedStored(1 << 20, 2), 1e-6);
        assertEquals(1 - (1 - Math.exp(-1)), StackIdStudy.expectedRefused(1 << 20, 1 << 20), 1e-5, "load 1: a fraction e^-1 of the stacks refused");
        assertEquals(0, StackIdStudy.expectedRefused(16, 0));
    }

    @Test
    void equalPairsCountsEveryPairOfEqualValues() {
        assertEquals(0, StackIdStudy.equalPairs(new int[] {3, 1, 2}));
        assertEquals(1, StackIdStudy.equalPairs(new int[] {5, 1, 5}));
        assertEquals(3 + 1, StackIdStudy.equalPairs(new int[] {7, 7, 7, 2, 2}));
    }

    @Test
    void measuredRefusalsFollowTheBucketModel() {
        List<Row> rows = StackIdStudy.study(new Config(true, new int[] {8, 10}, 20, 1), null);
        assertEquals(14, rows.size());
        for (Row r : rows) {
            double tol = Math.max(0.02, 0.1 * r.refusedExpected());
            assertTrue(Math.abs(r.refusedMeasured() - r.refusedExpected()) <= tol,
                    "n=" + r.nBuckets() + " k=" + r.stacks() + ": measured " + r.refusedMeasured() + " expected " + r.refusedExpected());
            if (r.stacks() > r.nBuckets()) {
                assertEquals(1.0, r.pCollisionMeasured(), "more stacks than ids: always a collision");
            }
            assertTrue(r.hash32PairsMeasured() < 1, "32-bit collisions are rare at these sizes");
        }
    }

    @Test
    void writesTheStudyFiles(@TempDir Path out) throws Exception {
        assertEquals(0, StackIdStudy.run(new Config(true, new int[] {6}, 2, 3), out, null));
        JsonNode doc = new ObjectMapper().readTree(out.resolve("profile/stacktrace.json").toFile());
        assertEquals("stacktrace", doc.path("study").asText());
        assertEquals(7, doc.path("rows").size());
        JsonNode row = doc.path("rows").get(3);
        assertEquals(64, row.path("n_buckets").asInt());
        assertEquals(32, row.path("stacks").asInt());
        assertEquals(StackIdStudy.expectedRefused(64, 32), row.path("refused_expected").asDouble(), 1e-12);
        assertTrue(row.has("refused_measured") && row.has("p_collision_expected") && row.has("hash32_pairs_expected"));
        assertTrue(Files.readString(out.resolve("profile/stacktrace.csv")).startsWith("n_buckets,stacks,"));
        assertThrows(IllegalArgumentException.class, () -> new Config(true, new int[] {4, 4}, 1, 0));
    }
}
