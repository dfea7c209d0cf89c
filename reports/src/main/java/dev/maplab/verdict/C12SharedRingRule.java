package dev.maplab.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maplab.report.ResultSet;
import java.util.List;

/** C12: one shared ring tolerates bursts better and its memory does not grow with the CPU count. */
public final class C12SharedRingRule implements ClaimRule {
    static final String RULE = "From profile/ringbuf.json drops[] (the study of C9, shared side): (a) among rows where"
            + " either design dropped, the share where ringbuf dropRate is at most perfbuf's; (b) for each (burst, skew),"
            + " whether ringbuf zeroDropBytes at the most CPUs is at most that at the fewest. (a) >= 80% and (b) in at"
            + " least 80% of the pairs = CONFIRMED; one of them = NUANCED; neither = REFUTED; no rows = OPEN.";

    @Override
    public String id() {
        return "C12";
    }

    @Override
    public String claim() {
        return "The ring buffer shares one buffer among all CPUs: better burst tolerance and memory use, not growing with CPUs.";
    }

    @Override
    public String rule() {
        return RULE;
    }

    @Override
    public ClaimVerdict decide(ResultSet results) {
        JsonNode study = RingbufEvidence.study(results);
        if (study == null || study.path("drops").size() == 0) {
            return ClaimVerdict.open(this, "Awaiting profile/ringbuf.json (./maplab profile ringbuf).", List.of());
        }
        double[] worse = C9PerfBufMemoryRule.figures(study.path("drops"), "ringbuf", "perfbuf");
        double notWorse = 1 - worse[0];
        double flat = 1 - worse[1];
        boolean a = notWorse >= 0.8;
        boolean b = flat >= 0.8;
        Verdict v = a && b ? Verdict.CONFIRMED : a || b ? Verdict.NUANCED : Verdict.REFUTED;
        String figure = "the shared ring drops no more than per-CPU rings in " + RingbufEvidence.pct(notWorse)
                + " of the dropping configurations; its drop-free memory does not grow with CPUs in "
                + RingbufEvidence.pct(flat) + " of the burst shapes";
        String summary = v == Verdict.CONFIRMED ? "One shared ring absorbs bursts with the memory that per-CPU rings"
                + " split, and the memory it needs does not grow with the CPU count."
                : v == Verdict.NUANCED ? "Partly: " + (a ? "it drops less, but its drop-free memory still grows with CPUs"
                + " in some burst shapes (more CPUs, more concurrent bursts)." : "its memory does not grow, but it dropped"
                + " more than per-CPU rings in some configurations.")
                : "The shared ring neither dropped less nor needed less memory.";
        return ClaimVerdict.of(this, v, summary, figure, List.of(RingbufEvidence.STUDY),
                List.of(new Link("ring buffer drops", "#ringbuf-drops")));
    }
}
