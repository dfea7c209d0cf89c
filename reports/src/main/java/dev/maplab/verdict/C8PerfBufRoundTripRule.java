package dev.maplab.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maplab.report.CheckResult;
import dev.maplab.report.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** C8: the perf buffer carries variable-length records through per-CPU rings, read without copies, by polling or notification. */
public final class C8PerfBufRoundTripRule implements ClaimRule {
    static final String RULE = "From check/perfbuf.json: the production checks (JUnit: variable-length records round-trip,"
            + " records crossing the end of a ring rejoined, a waiting poll woken by a sample; jcstress: a sample is whole"
            + " when its head is seen). None = OPEN; any not passing = REFUTED. All passing: if profile/ringbuf.json"
            + " copies[] shows perfbuf consumerCopiesPerMillion > 0 at some record size = NUANCED (records that cross the"
            + " end of a ring are copied into a scratch buffer before the callback: not copy-free); else CONFIRMED.";

    @Override
    public String id() {
        return "C8";
    }

    @Override
    public String claim() {
        return "The perf buffer carries variable-length records through memory-mapped per-CPU rings, read without copies"
                + " or system calls, by polling or by notification.";
    }

    @Override
    public String rule() {
        return RULE;
    }

    @Override
    public ClaimVerdict decide(ResultSet results) {
        List<CheckResult> checks = RingbufEvidence.production(results, "perfbuf");
        if (checks.isEmpty()) {
            return ClaimVerdict.open(this, "Awaiting check/perfbuf.json (./maplab check perfbuf).", List.of());
        }
        List<String> evidence = new ArrayList<>(List.of("check/perfbuf.json"));
        List<Link> links = List.of(new Link("perfbuf checks", "#perfbuf-checks"));
        Optional<CheckResult> bad = checks.stream().filter(c -> !c.outcome().equals("pass")).findFirst();
        if (bad.isPresent()) {
            return ClaimVerdict.of(this, Verdict.REFUTED, "A perf buffer check did not pass: " + bad.get().name() + ".",
                    bad.get().name() + ": " + bad.get().outcome(), evidence, links);
        }
        JsonNode study = RingbufEvidence.study(results);
        double worst = 0;
        int at = 0;
        if (study != null) {
            evidence.add(RingbufEvidence.STUDY);
            for (JsonNode row : study.path("copies")) {
                double c = row.path("perfbuf-output").path("consumerCopiesPerMillion").asDouble(0);
                if (c > worst) {
                    worst = c;
                    at = row.path("recordBytes").asInt();
                }
            }
        }
        if (worst > 0) {
            return ClaimVerdict.of(this, Verdict.NUANCED, "Variable-length records round-trip and a sample wakes a polling"
                    + " consumer (" + checks.size() + " passing checks), but not always without copies: a record that"
                    + " crosses the end of its ring is copied into a scratch buffer first.",
                    RingbufEvidence.fmt(worst) + " consumer copies per million records at " + at + " B", evidence, links);
        }
        return ClaimVerdict.of(this, Verdict.CONFIRMED, "Variable-length records round-trip through per-CPU rings and a"
                + " sample wakes a polling consumer (" + checks.size() + " passing checks).", checks.size() + " passing checks",
                evidence, links);
    }
}
