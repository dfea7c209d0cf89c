package dev.maplab.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maplab.report.ResultSet;
import java.util.List;

/** C15: in NMI context a reservation can fail although space is available, because of the spin lock. */
public final class C15NmiTryLockRule implements ClaimRule {
    static final String RULE = "From profile/ringbuf.json nmi[]: NMI-mode (try-lock) reservations on a ring that never"
            + " fills; lockFailuresPerMillion at the largest producer count. Above 0 with fullDrops 0 = CONFIRMED (the"
            + " figure gives the curve against producers); 0 with at least 2 producers = REFUTED (no failure seen);"
            + " only 1 producer measured or missing = OPEN.";

    @Override
    public String id() {
        return "C15";
    }

    @Override
    public String claim() {
        return "Under heavy contention in NMI context, ring buffer reservation can fail although space is available,"
                + " because of the spin lock.";
    }

    @Override
    public String rule() {
        return RULE;
    }

    @Override
    public ClaimVerdict decide(ResultSet results) {
        JsonNode study = RingbufEvidence.study(results);
        JsonNode rows = study == null ? null : study.path("nmi");
        if (rows == null || rows.size() == 0) {
            return ClaimVerdict.open(this, "Awaiting profile/ringbuf.json (./maplab profile ringbuf).", List.of());
        }
        JsonNode last = null;
        StringBuilder curve = new StringBuilder();
        for (JsonNode r : rows) {
            curve.append(curve.length() == 0 ? "" : ", ").append(r.path("producers").asInt()).append(" producers: ")
                    .append(RingbufEvidence.fmt(r.path("lockFailuresPerMillion").asDouble())).append("/M");
            if (last == null || r.path("producers").asInt() > last.path("producers").asInt()) {
                last = r;
            }
        }
        List<String> ev = List.of(RingbufEvidence.STUDY);
        List<Link> links = List.of(new Link("NMI reservations", "#ringbuf-nmi"));
        int producers = last.path("producers").asInt();
        double failures = last.path("lockFailuresPerMillion").asDouble();
        String figure = "try-lock failures per million attempts with free space: " + curve;
        if (failures > 0 && last.path("fullDrops").asLong() == 0) {
            return ClaimVerdict.of(this, Verdict.CONFIRMED, "With " + producers + " producers reserving in NMI mode, "
                    + RingbufEvidence.fmt(failures) + " per million reservations failed on the lock while the ring had room.",
                    figure, ev, links);
        }
        if (producers < 2) {
            return ClaimVerdict.open(this, "Only one producer was measured: no contention.", ev);
        }
        return ClaimVerdict.of(this, Verdict.REFUTED, "No NMI-mode reservation failed on the lock at " + producers
                + " producers.", figure, ev, links);
    }
}
