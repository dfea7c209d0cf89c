package dev.maplab.verdict;

import static dev.maplab.verdict.OtherMapsData.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.profile.StackIdStudy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class C18StackIdRuleTest {
    private final C18StackIdRule rule = new C18StackIdRule();

    static OtherMapsData checks() {
        return data().check("stacktrace", "dev.maplab.stacktrace.StackTraceMapTest#eexistVersusReuseStackid", "junit", "production", "pass")
                .check("stacktrace", "jcstress BorrowedCopyTest", "jcstress", "production", "pass");
    }

    /** A study whose measured refusal rate is {@code measured(expected)} for n = 2^10, 2^16 and loads 1/16..4. */
    static String study(java.util.function.DoubleUnaryOperator measured) {
        List<String> rows = new ArrayList<>();
        for (int n : new int[] {1 << 10, 1 << 16}) {
            for (int s : new int[] {1, 2, 4, 8, 16, 32, 64}) {
                int k = n * s / 16;
                double e = StackIdStudy.expectedRefused(n, k);
                rows.add("{\"n_buckets\": " + n + ", \"stacks\": " + k + ", \"refused_measured\": " + measured.applyAsDouble(e)
                        + ", \"refused_expected\": " + e + ", \"p_collision_measured\": 1, \"p_collision_expected\": "
                        + StackIdStudy.birthdayCollision(n, k) + "}");
            }
        }
        return "{\"study\": \"stacktrace\", \"rows\": [" + String.join(", ", rows) + "]}";
    }

    @Test
    void ratesFollowingTheBucketBirthdayBoundAreNuanced() {
        ClaimVerdict v = rule.decide(checks().profile("stacktrace", study(e -> e * 1.02)).results());
        assertEquals(Verdict.NUANCED, v.verdict(), v.summary());
        assertTrue(v.summary().contains("masked to n_buckets"), v.summary());
        assertTrue(v.figure().contains("at n_buckets 2^16 and 32768 distinct stacks"), v.figure());
        assertTrue(v.figure().contains("14 of 14 rows within tolerance of the n_buckets model"), v.figure());
        assertEquals(List.of("profile/stacktrace.json", "check/stacktrace.json"), v.evidence());
    }

    @Test
    void nearZeroRatesFollowTheThirtyTwoBitModelAndConfirm() {
        ClaimVerdict v = rule.decide(checks().profile("stacktrace", study(e -> 0.0)).results());
        assertEquals(Verdict.CONFIRMED, v.verdict(), v.summary());
    }

    @Test
    void ratesFollowingNeitherRefute() {
        ClaimVerdict v = rule.decide(checks().profile("stacktrace", study(e -> Math.min(1, e * 2 + 0.2))).results());
        assertEquals(Verdict.REFUTED, v.verdict(), v.summary());
    }

    @Test
    void missingStudyOrFailingChecksAreOpen() {
        assertEquals(Verdict.OPEN, rule.decide(checks().results()).verdict());
        assertEquals(Verdict.OPEN, rule.decide(data().profile("stacktrace", study(e -> e)).results()).verdict(), "no checks");
        OtherMapsData failing = checks().check("stacktrace", "dev.maplab.stacktrace.StackTraceMapTest#reuseWithoutFreeElementsIsEnomem",
                "junit", "production", "fail").profile("stacktrace", study(e -> e));
        ClaimVerdict v = rule.decide(failing.results());
        assertEquals(Verdict.OPEN, v.verdict());
        assertTrue(v.summary().contains("cannot decide"), v.summary());
    }
}
