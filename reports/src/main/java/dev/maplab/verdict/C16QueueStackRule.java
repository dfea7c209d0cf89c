package dev.maplab.verdict;

import dev.maplab.report.CheckResult;
import dev.maplab.report.ResultSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * C16: QUEUE is FIFO storage; STACK is LIFO. Decided from the queue/stack checks: the kernel selftest cases
 * (JUnit), linearizability against a bounded FIFO and a bounded LIFO specification with BPF_EXIST overwrite
 * (Lincheck), and the mutant those checks must catch.
 */
public final class C16QueueStackRule implements ClaimRule {
    static final Pattern QUEUE_CHECK = Pattern.compile("(?i)queue|fifo");
    static final Pattern STACK_CHECK = Pattern.compile("(?i)stack|lifo");
    /** Checks about a push into a full map (E2BIG, or BPF_EXIST dropping the oldest element). */
    static final Pattern OVERWRITE_CHECK = Pattern.compile("(?i)overwrite|q01|q02|wraparound");

    static final String RULE = "From check/queue.json: any production entry not passing = REFUTED (it names what failed);"
            + " any mutant entry not caught, or no mutant caught at all = OPEN (the checks are not shown able to fail);"
            + " otherwise at least one passing production Lincheck entry named /queue|fifo/i and one named /stack|lifo/i, and"
            + " at least one passing production entry about a full map (/overwrite|q01|q02|wraparound/i), are needed"
            + " (else OPEN) for CONFIRMED.";

    @Override
    public String id() {
        return "C16";
    }

    @Override
    public String claim() {
        return "QUEUE is FIFO storage; STACK is LIFO.";
    }

    @Override
    public String rule() {
        return RULE;
    }

    @Override
    public ClaimVerdict decide(ResultSet results) {
        List<CheckResult> checks = results.checks("queue");
        List<String> evidence = checks.isEmpty() ? List.of() : List.of("check/queue.json");
        List<Link> figures = List.of(new Link("queue checks", "#queue-checks"));
        if (checks.isEmpty()) {
            return ClaimVerdict.open(this, "Awaiting check/queue.json (./maplab check queue).", evidence);
        }
        List<CheckResult> production = checks.stream().filter(CheckResult::isProduction).collect(Collectors.toList());
        Optional<CheckResult> failing = production.stream().filter(c -> !c.outcome().equals("pass")).findFirst();
        if (failing.isPresent()) {
            CheckResult f = failing.get();
            return ClaimVerdict.of(this, Verdict.REFUTED, "A queue/stack check failed: " + f.name() + " (" + f.tool() + ") "
                    + f.outcome() + ".", f.name() + ": " + C2ConcurrentChainsRule.excerpt(f.detail(), 300), evidence, figures);
        }
        List<CheckResult> mutants = checks.stream().filter(CheckResult::isMutant).collect(Collectors.toList());
        Optional<CheckResult> missed = mutants.stream().filter(c -> !c.outcome().equals("caught")).findFirst();
        if (missed.isPresent()) {
            return ClaimVerdict.open(this, "The checks are not shown able to fail: " + missed.get().subject() + " was "
                    + missed.get().outcome() + " by " + missed.get().name() + ".", evidence);
        }
        if (mutants.isEmpty()) {
            return ClaimVerdict.open(this, "No mutant was run against the queue checks: a suite not shown able to fail proves"
                    + " nothing.", evidence);
        }
        List<CheckResult> lincheck = production.stream().filter(c -> c.tool().equals("lincheck")).collect(Collectors.toList());
        List<CheckResult> fifo = lincheck.stream().filter(c -> QUEUE_CHECK.matcher(c.name()).find()).collect(Collectors.toList());
        List<CheckResult> lifo = lincheck.stream().filter(c -> STACK_CHECK.matcher(c.name()).find()).collect(Collectors.toList());
        List<CheckResult> full = production.stream().filter(c -> OVERWRITE_CHECK.matcher(c.name()).find()).collect(Collectors.toList());
        if (fifo.isEmpty() || lifo.isEmpty() || full.isEmpty()) {
            return ClaimVerdict.open(this, "Awaiting " + (fifo.isEmpty() ? "a Lincheck FIFO check of QUEUE " : "")
                    + (lifo.isEmpty() ? "a Lincheck LIFO check of STACK " : "") + (full.isEmpty() ? "a check of pushes into a full map" : "")
                    + " in check/queue.json.", evidence);
        }
        long junit = production.stream().filter(c -> c.tool().equals("junit")).count();
        String caught = mutants.stream().map(CheckResult::subjectName).distinct().collect(Collectors.joining(", "));
        String figure = C2ConcurrentChainsRule.plural(fifo.size(), "Lincheck FIFO check") + " and "
                + C2ConcurrentChainsRule.plural(lifo.size(), "LIFO check") + " pass (" + fifo.get(0).name() + "; " + lifo.get(0).name()
                + "), " + C2ConcurrentChainsRule.plural((int) junit, "JUnit case") + " pass, mutant caught: " + caught;
        return ClaimVerdict.of(this, Verdict.CONFIRMED, "QUEUE pops its oldest element first and STACK its newest, and both stay"
                + " so under concurrency (linearizable against a bounded FIFO and LIFO). Both are bounded: a push into a full map"
                + " gets -E2BIG, or with BPF_EXIST drops the oldest element, which for a STACK is its bottom, not its top.",
                figure, evidence, figures);
    }
}
