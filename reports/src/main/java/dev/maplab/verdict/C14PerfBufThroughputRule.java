package dev.maplab.verdict;

import dev.maplab.report.BenchResult;
import dev.maplab.report.ResultSet;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** C14: per-CPU perf buffers can carry more throughput than one shared ring, visible only at high event rates. */
public final class C14PerfBufThroughputRule implements ClaimRule {
    static final String RULE = "From bench/ringbuf.json (the table benchmark, not the paired one): delivered records/s of"
            + " impl=maplab-perfbuf and impl=maplab at the"
            + " largest 'producers' parameter measured for both (emptyPollSpins=1). Ratio perfbuf/ringbuf >= 1 with at least 8 producers ="
            + " CONFIRMED; >= 1 with fewer = NUANCED (visible already at that count; more producers not measured); < 1"
            + " with fewer than 8 producers = NUANCED (not at the producer counts this machine can run; the kernel's curve"
            + " diverges from about 4); < 1 with at least 8 = REFUTED; missing = OPEN.";

    @Override
    public String id() {
        return "C14";
    }

    @Override
    public String claim() {
        return "Per-CPU perf buffers can in theory carry more throughput, visible only at millions of events per second.";
    }

    @Override
    public String rule() {
        return RULE;
    }

    /** The consumer polls again at once after an empty poll (emptyPollSpins = 1, or a file from before that parameter). */
    static boolean pollsAtOnce(BenchResult b) {
        double spins = b.numericParam("emptyPollSpins");
        return Double.isNaN(spins) || spins == 1;
    }

    static Optional<BenchResult> at(List<BenchResult> rs, String impl, double producers) {
        return rs.stream().filter(b -> b.impl().equals(impl) && b.numericParam("producers") == producers && pollsAtOnce(b))
                .findFirst();
    }

    @Override
    public ClaimVerdict decide(ResultSet results) {
        List<BenchResult> rs = results.benches("ringbuf").stream()
                .filter(b -> !Double.isNaN(b.numericParam("producers")) && !b.params().containsKey("pair"))
                .collect(Collectors.toList());
        Optional<Double> max = rs.stream().filter(b -> b.impl().equals("maplab-perfbuf")).map(b -> b.numericParam("producers"))
                .filter(p -> at(rs, "maplab", p).isPresent()).max(Comparator.naturalOrder());
        if (max.isEmpty()) {
            return ClaimVerdict.open(this, "Awaiting bench/ringbuf.json with impl=maplab and impl=maplab-perfbuf"
                    + " (./maplab bench ringbuf).", List.of());
        }
        double p = max.get();
        BenchResult perf = at(rs, "maplab-perfbuf", p).get();
        BenchResult ring = at(rs, "maplab", p).get();
        double ratio = perf.score() / ring.score();
        String figure = "at " + (int) p + " producers: perfbuf " + RingbufEvidence.fmt(perf.score()) + " vs ringbuf "
                + RingbufEvidence.fmt(ring.score()) + " " + ring.unit() + " (" + RingbufEvidence.fmt(ratio) + "x)";
        List<String> ev = List.of("bench/ringbuf.json");
        List<Link> links = List.of(new Link("ring buffer benchmarks", "#ringbuf-benchmarks"));
        Verdict v;
        String summary;
        if (ratio >= 1) {
            v = p >= 8 ? Verdict.CONFIRMED : Verdict.NUANCED;
            summary = "The per-CPU perf buffer delivers more than the shared ring at " + (int) p + " producers"
                    + (p >= 8 ? "." : "; larger producer counts were not measured on this machine.");
        } else {
            v = p >= 8 ? Verdict.REFUTED : Verdict.NUANCED;
            summary = "At " + (int) p + " producers the shared ring still delivers more; the per-CPU advantage needs more"
                    + " contending producers than this machine runs (see scale-producers.sh).";
            if (p >= 8) {
                summary = "Even at " + (int) p + " producers the shared ring delivers more than per-CPU rings.";
            }
        }
        return ClaimVerdict.of(this, v, summary, figure, ev, links);
    }
}
