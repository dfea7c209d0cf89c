package dev.maplab.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maplab.report.CheckResult;
import dev.maplab.report.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** C13: the ring buffer preserves order (committed A before B is consumed A before B) and uses a very light spin lock. */
public final class C13RingBufOrderRule implements ClaimRule {
    static final String RULE = "From check/ringbuf.json: the production Lincheck and jcstress checks (FIFO in reservation"
            + " order, head-of-line) and the catch of mutant:no-busy-stop; from profile/ringbuf.json: ordering.ringbuf"
            + " commitOrderInversions (records consumed after a record committed later) and headOfLine. No check file ="
            + " OPEN; a production check failing = REFUTED; the no-busy-stop mutant not caught = OPEN (the checks cannot"
            + " tell); all passing with commit-order inversions > 0 or a late commit holding records back = NUANCED (order"
            + " is reservation order, not commit order); else CONFIRMED.";

    @Override
    public String id() {
        return "C13";
    }

    @Override
    public String claim() {
        return "The ring buffer preserves order (if A is committed before B, A is consumed before B) and uses a very light"
                + " spin lock.";
    }

    @Override
    public String rule() {
        return RULE;
    }

    @Override
    public ClaimVerdict decide(ResultSet results) {
        List<CheckResult> all = results.checks("ringbuf");
        if (all.isEmpty()) {
            return ClaimVerdict.open(this, "Awaiting check/ringbuf.json (./maplab check ringbuf).", List.of());
        }
        List<String> ev = new ArrayList<>(List.of("check/ringbuf.json"));
        List<Link> links = List.of(new Link("ringbuf checks", "#ringbuf-checks"));
        Optional<CheckResult> bad = all.stream().filter(c -> c.isProduction() && !c.outcome().equals("pass")).findFirst();
        if (bad.isPresent()) {
            return ClaimVerdict.of(this, Verdict.REFUTED, "A production ordering check failed: " + bad.get().name() + ".",
                    bad.get().name() + ": " + bad.get().outcome(), ev, links);
        }
        boolean caught = all.stream().anyMatch(c -> c.subject().equals("mutant:no-busy-stop") && c.outcome().equals("caught"));
        if (!caught) {
            return ClaimVerdict.open(this, "The checks have not been shown to catch a consumer that passes a BUSY record"
                    + " (mutant:no-busy-stop), so their passing cannot decide.", ev);
        }
        long production = all.stream().filter(CheckResult::isProduction).count();
        JsonNode study = RingbufEvidence.study(results);
        double commitInv = 0;
        long held = 0;
        long behind = 0;
        if (study != null) {
            ev.add(RingbufEvidence.STUDY);
            commitInv = study.path("ordering").path("ringbuf").path("commitOrderInversionsPerMillion").asDouble();
            held = study.path("headOfLine").path("deliveredBeforeLateCommit").asLong(-1);
            behind = study.path("headOfLine").path("committedBehindLateRecord").asLong();
        }
        String figure = production + " production checks pass (FIFO in reservation order); commit-order inversions "
                + RingbufEvidence.fmt(commitInv) + " per million; " + behind + " committed records held back by one late"
                + " commit, " + Math.max(held, 0) + " delivered before it";
        if (commitInv > 0 || (held == 0 && behind > 0)) {
            return ClaimVerdict.of(this, Verdict.NUANCED, "Records are consumed in reservation order, never reordered or"
                    + " torn; but the order is that of reservation, not commit: a record committed late holds back every"
                    + " later one (head-of-line), so B committed before A can still be consumed after A.", figure, ev, links);
        }
        return ClaimVerdict.of(this, Verdict.CONFIRMED, "Records are consumed in the order they were reserved and"
                + " committed; the checks catch a consumer that breaks it.", figure, ev, links);
    }
}
