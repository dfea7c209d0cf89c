package dev.maplab.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maplab.report.ResultSet;
import java.util.List;

/** C11: the perf buffer does not preserve event order across CPUs. */
public final class C11PerfBufOrderRule implements ClaimRule {
    static final String RULE = "From profile/ringbuf.json ordering: inversions per million consumed records against the"
            + " producers' global event order (a ticket taken when each event happened), perfbuf and ringbuf. perfbuf"
            + " above 0 = CONFIRMED (the figure gives both); perfbuf 0 = NUANCED (no inversion observed in this run);"
            + " missing = OPEN.";

    @Override
    public String id() {
        return "C11";
    }

    @Override
    public String claim() {
        return "The perf buffer does not preserve event order across CPUs.";
    }

    @Override
    public String rule() {
        return RULE;
    }

    @Override
    public ClaimVerdict decide(ResultSet results) {
        JsonNode study = RingbufEvidence.study(results);
        JsonNode o = study == null ? null : study.path("ordering");
        if (o == null || !o.has("perfbuf")) {
            return ClaimVerdict.open(this, "Awaiting profile/ringbuf.json (./maplab profile ringbuf).", List.of());
        }
        double perf = o.path("perfbuf").path("eventOrderInversionsPerMillion").asDouble();
        double ring = o.path("ringbuf").path("eventOrderInversionsPerMillion").asDouble();
        String figure = "inversions per million records against the event order: perfbuf " + RingbufEvidence.fmt(perf)
                + ", ringbuf " + RingbufEvidence.fmt(ring) + " (" + o.path("producers").asInt() + " producers)";
        List<Link> links = List.of(new Link("ordering", "#ringbuf-ordering"));
        if (perf > 0) {
            return ClaimVerdict.of(this, Verdict.CONFIRMED, "Records from different CPUs come out in drain order, not in the"
                    + " order they happened.", figure, List.of(RingbufEvidence.STUDY), links);
        }
        return ClaimVerdict.of(this, Verdict.NUANCED, "No inversion was observed in this run (the rings were drained before"
                + " producers on two CPUs interleaved); the design gives no cross-CPU order.", figure,
                List.of(RingbufEvidence.STUDY), links);
    }
}
