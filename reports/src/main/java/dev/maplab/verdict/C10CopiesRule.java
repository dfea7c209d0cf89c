package dev.maplab.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maplab.report.ResultSet;
import java.util.List;

/** C10: the perf buffer copies each event twice; the ring buffer's reserve/commit writes in place. */
public final class C10CopiesRule implements ClaimRule {
    static final String RULE = "From profile/ringbuf.json copies[] (back-to-back, 8 B .. 4 KiB): bytes written per record"
            + " and records/s of perfbuf output, ringbuf output and ringbuf reserve/commit. If reserve/commit writes half"
            + " the bytes of perfbuf output at every size and is faster at every size = CONFIRMED; half the bytes but not"
            + " faster at every size = NUANCED (the figure names the sizes); no rows = OPEN. The summary also reports"
            + " that ringbuf output copies twice like perfbuf.";

    @Override
    public String id() {
        return "C10";
    }

    @Override
    public String claim() {
        return "The perf buffer copies each event twice (build it, then copy it into the buffer); the ring buffer's"
                + " reserve/commit writes in place.";
    }

    @Override
    public String rule() {
        return RULE;
    }

    @Override
    public ClaimVerdict decide(ResultSet results) {
        JsonNode study = RingbufEvidence.study(results);
        if (study == null || study.path("copies").size() == 0) {
            return ClaimVerdict.open(this, "Awaiting profile/ringbuf.json (./maplab profile ringbuf).", List.of());
        }
        boolean half = true;
        StringBuilder fig = new StringBuilder();
        StringBuilder slower = new StringBuilder();
        for (JsonNode row : study.path("copies")) {
            int size = row.path("recordBytes").asInt();
            JsonNode perf = row.path("perfbuf-output");
            JsonNode rc = row.path("ringbuf-reserve-commit");
            half &= rc.path("bytesCopiedPerRecord").asDouble() * 2 <= perf.path("bytesCopiedPerRecord").asDouble();
            double ratio = rc.path("recordsPerSecond").asDouble() / perf.path("recordsPerSecond").asDouble();
            fig.append(fig.length() == 0 ? "" : "; ").append(size).append(" B: reserve/commit ")
                    .append(RingbufEvidence.fmt(ratio)).append("x perfbuf output");
            if (!(ratio > 1)) {
                slower.append(slower.length() == 0 ? "" : ", ").append(size).append(" B");
            }
        }
        List<String> ev = List.of(RingbufEvidence.STUDY);
        List<Link> links = List.of(new Link("copies and throughput", "#ringbuf-copies"));
        if (!half) {
            return ClaimVerdict.of(this, Verdict.REFUTED, "Reserve/commit did not write half the bytes of perfbuf output.",
                    fig.toString(), ev, links);
        }
        if (slower.length() == 0) {
            return ClaimVerdict.of(this, Verdict.CONFIRMED, "perfbuf output (and ringbuf output alike) writes every byte"
                    + " twice, reserve/commit once, and reserve/commit is faster at every record size.", fig.toString(), ev, links);
        }
        return ClaimVerdict.of(this, Verdict.NUANCED, "Reserve/commit writes each byte once against twice for perfbuf"
                + " output (ringbuf output copies twice too), but it is not faster at " + slower + ".", fig.toString(), ev, links);
    }
}
