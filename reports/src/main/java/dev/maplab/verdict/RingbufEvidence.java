package dev.maplab.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maplab.report.CheckResult;
import dev.maplab.report.ResultSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the ring buffer and perf buffer rules (C8-C15) read: {@code profile/ringbuf.json}, the check files, the bench file. */
final class RingbufEvidence {
    static final String STUDY = "profile/ringbuf.json";

    private RingbufEvidence() {
    }

    /** The study's tree, or null. */
    static JsonNode study(ResultSet r) {
        return r.profiles().get("ringbuf");
    }

    static List<CheckResult> production(ResultSet r, String structure) {
        return r.checks(structure).stream().filter(CheckResult::isProduction).collect(Collectors.toList());
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.3g", v);
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v * 100);
    }
}
