package dev.maplab.verdict;

import dev.maplab.report.BenchResult;
import dev.maplab.report.CheckResult;
import dev.maplab.report.Fmt;
import dev.maplab.report.ResultSet;
import dev.maplab.report.Units;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * C5: per-CPU maps give every CPU its own copy and so avoid concurrency problems. Decided from what a per-CPU
 * value buys (updates without contention: bench/percpu.json), whether it keeps its promise (no cross-CPU
 * interference: check/array.json), and what it does not buy (the total is not a snapshot and costs a pass over
 * every CPU; two contexts on one CPU still race: check/percpu.json, check/array.json, bench/percpu.json).
 */
public final class C5PercpuRule implements ClaimRule {
    /** The per-CPU update benchmark: maplab (PERCPU_ARRAY own slot) vs atomiclong (a shared AtomicLongArray element). */
    static final String UPDATE_BENCH = "PercpuArrayUpdateBench";
    /** The counter add benchmark: maplab (PercpuCounter, owned cells), maplab-shared (shared cells) vs atomiclong and longadder. */
    static final String ADD_BENCH = "CounterAddBench";
    /** The counter read benchmark: maplab read() and sum() against logical CPUs. */
    static final String READ_BENCH = "CounterReadBench";
    /** The per-CPU total benchmark: maplab reads every CPU's slot vs atomiclong reads one value. */
    static final String TOTAL_BENCH = "PercpuArrayReadBench";
    /** The mutant whose program update disturbs other CPUs' slots: the cross-CPU checks must catch it. */
    static final String CROSS_CPU_MUTANT = "mutant:program-update-writes-all-cpus";
    /** The mutant that updates a shared CPU's cell non-atomically. */
    static final String SAME_CPU_MUTANT = "mutant:non-atomic-add";
    /** Reading all CPUs at least this many times dearer than one shared value is a cost worth qualifying the claim. */
    static final double READ_COST_THRESHOLD = 2.0;

    static final String RULE = "Updates: in bench/percpu.json, " + UPDATE_BENCH + " at the largest thread count (at least 2)"
            + " measured for both impl=maplab (each thread increments its own CPU's slot of a PERCPU_ARRAY element) and"
            + " impl=atomiclong (all threads getAndIncrement one AtomicLongArray element): speedup = maplab/atomiclong"
            + " throughput. Interference: the check entries (check/array.json) of " + CROSS_CPU_MUTANT + " must include a"
            + " catch, and the production entries with the same names must all pass. Caveats: a production entry expected"
            + " 'caught' and caught in check/percpu.json or check/array.json (sum() / the syscall lookup of all CPUs is not"
            + " a snapshot); " + SAME_CPU_MUTANT + " caught (two contexts on one CPU still race without atomics); reading"
            + " the total costs at least " + Fmt.num(READ_COST_THRESHOLD) + "x a shared read (" + TOTAL_BENCH + " maplab vs"
            + " atomiclong at the largest cpus, or " + READ_BENCH + " maplab read vs sum). Verdict: no update comparison"
            + " or no caught interference mutant = OPEN; speedup < 1 or a failing interference check = REFUTED; otherwise"
            + " any caveat = NUANCED, none = CONFIRMED.";

    @Override
    public String id() {
        return "C5";
    }

    @Override
    public String claim() {
        return "PERCPU maps give every CPU its own copy and so avoid concurrency problems.";
    }

    @Override
    public String rule() {
        return RULE;
    }

    /** {@code a} against {@code b} of benchmark class {@code cls}, at the largest thread count measured for both. */
    record Comparison(BenchResult a, BenchResult b, double advantage) {
        String describe(String what) {
            return what + " " + Fmt.num(a.score()) + " vs " + Fmt.num(b.score()) + " " + a.unit() + " at " + a.threads()
                    + " thread" + (a.threads() == 1 ? "" : "s") + " (" + Fmt.ratio(advantage) + ")";
        }
    }

    static boolean of(BenchResult b, String cls) {
        return b.shortName().startsWith(cls + ".");
    }

    /** The two implementations at the largest common thread count of at least {@code minThreads}, largest common {@code cpus}. */
    static Optional<Comparison> compare(List<BenchResult> bench, String cls, String implA, String implB, int minThreads) {
        List<BenchResult> as = bench.stream().filter(b -> of(b, cls) && b.impl().equals(implA) && b.threads() >= minThreads)
                .sorted(Comparator.comparingInt(BenchResult::threads).thenComparingDouble(b -> cpus(b)).reversed())
                .collect(Collectors.toList());
        for (BenchResult a : as) {
            Optional<BenchResult> b = bench.stream().filter(x -> of(x, cls) && x.impl().equals(implB) && x.threads() == a.threads()
                    && x.shortName().equals(a.shortName()) && x.unit().equals(a.unit()) && sameCpus(x, a)).findFirst();
            if (b.isPresent()) {
                double adv = Units.advantage(a.score(), b.get().score(), a.unit());
                if (!Double.isNaN(adv)) {
                    return Optional.of(new Comparison(a, b.get(), adv));
                }
            }
        }
        return Optional.empty();
    }

    private static double cpus(BenchResult b) {
        double c = b.numericParam("cpus");
        return Double.isNaN(c) ? 0 : c;
    }

    private static boolean sameCpus(BenchResult x, BenchResult y) {
        return cpus(x) == cpus(y);
    }

    /** How many times dearer {@code method} of maplab is than {@code other} (same class or another) at the largest cpus. */
    static Optional<double[]> readCost(List<BenchResult> bench, String cheapShortName, String cheapImpl, String dearShortName,
                                       String dearImpl) {
        Optional<BenchResult> dear = bench.stream().filter(b -> b.shortName().equals(dearShortName) && b.impl().equals(dearImpl))
                .max(Comparator.comparingDouble(C5PercpuRule::cpus));
        if (dear.isEmpty()) {
            return Optional.empty();
        }
        double c = cpus(dear.get());
        Optional<BenchResult> cheap = bench.stream().filter(b -> b.shortName().equals(cheapShortName) && b.impl().equals(cheapImpl)
                && (cpus(b) == c || cpus(b) == 0 || c == 0)).findFirst();
        if (cheap.isEmpty() || !cheap.get().unit().equals(dear.get().unit())) {
            return Optional.empty();
        }
        double times = Units.advantage(cheap.get().score(), dear.get().score(), dear.get().unit());
        return Double.isNaN(times) ? Optional.empty() : Optional.of(new double[] {times, c});
    }

    @Override
    public ClaimVerdict decide(ResultSet results) {
        List<BenchResult> bench = results.benches("percpu");
        List<CheckResult> percpuChecks = results.checks("percpu");
        List<CheckResult> arrayChecks = results.checks("array");
        List<String> evidence = new ArrayList<>();
        if (!bench.isEmpty()) {
            evidence.add("bench/percpu.json");
        }
        if (!percpuChecks.isEmpty()) {
            evidence.add("check/percpu.json");
        }
        if (!arrayChecks.isEmpty()) {
            evidence.add("check/array.json");
        }
        Optional<Comparison> update = compare(bench, UPDATE_BENCH, "maplab", "atomiclong", 2);
        if (update.isEmpty()) {
            return ClaimVerdict.open(this, "Awaiting bench/percpu.json with " + UPDATE_BENCH + " (impl=maplab and"
                    + " impl=atomiclong at 2 or more threads; ./maplab bench percpu).", evidence);
        }
        List<CheckResult> mutant = arrayChecks.stream().filter(c -> c.subject().equals(CROSS_CPU_MUTANT)).collect(Collectors.toList());
        if (mutant.stream().noneMatch(c -> c.outcome().equals("caught"))) {
            return ClaimVerdict.open(this, "Awaiting check/array.json with the cross-CPU checks shown to catch "
                    + CROSS_CPU_MUTANT + " (./maplab check array)" + (mutant.isEmpty() ? "." : "; it was "
                    + mutant.get(0).outcome() + ", so the production passes prove nothing."), evidence);
        }
        List<String> crossNames = mutant.stream().map(CheckResult::name).distinct().collect(Collectors.toList());
        List<CheckResult> cross = arrayChecks.stream().filter(c -> c.isProduction() && crossNames.contains(c.name()))
                .collect(Collectors.toList());
        if (cross.isEmpty()) {
            return ClaimVerdict.open(this, "check/array.json catches " + CROSS_CPU_MUTANT + " but has no production entry of"
                    + " the same checks (" + String.join(", ", crossNames) + ").", evidence);
        }
        List<Link> figures = List.of(new Link("per-CPU benchmarks", "#percpu-benchmarks"), new Link("array checks", "#array-checks"),
                new Link("per-CPU checks", "#percpu-checks"));
        Comparison u = update.get();
        String updates = u.describe("per-CPU slot increments vs one shared AtomicLongArray element:");
        Optional<CheckResult> interfered = cross.stream().filter(c -> !c.outcome().equals("pass")).findFirst();
        if (interfered.isPresent()) {
            CheckResult f = interfered.get();
            return ClaimVerdict.of(this, Verdict.REFUTED, "Per-CPU slots interfered: " + f.name() + " (" + f.tool() + ") "
                    + f.outcome() + ".", f.name() + ": " + C2ConcurrentChainsRule.excerpt(f.detail(), 300), evidence, figures);
        }
        if (u.advantage() < 1) {
            return ClaimVerdict.of(this, Verdict.REFUTED, "Per-CPU values did not avoid contention: " + updates + ".",
                    updates, evidence, figures);
        }

        List<String> caveats = new ArrayList<>();
        List<String> figure = new ArrayList<>();
        figure.add(updates);
        compare(bench, ADD_BENCH, "maplab", "atomiclong", 2).ifPresent(c -> figure.add(c.describe("PercpuCounter add (owned cells) vs AtomicLong:")));
        compare(bench, ADD_BENCH, "maplab", "longadder", 2).ifPresent(c -> figure.add(c.describe("PercpuCounter add (owned cells) vs LongAdder:")));
        compare(bench, ADD_BENCH, "maplab-shared", "longadder", 2).ifPresent(c -> figure.add(c.describe("PercpuCounter add (shared cells, compare-and-swap) vs LongAdder:")));
        Optional<CheckResult> notSnapshot = java.util.stream.Stream.concat(percpuChecks.stream(), arrayChecks.stream())
                .filter(c -> c.isProduction() && c.expect().equals("caught") && c.outcome().equals("caught")).findFirst();
        notSnapshot.ifPresent(c -> caveats.add("reading the total while updates run is not a snapshot (" + c.name() + ")"));
        Optional<CheckResult> sameCpu = percpuChecks.stream().filter(c -> c.subject().equals(SAME_CPU_MUTANT)
                && c.outcome().equals("caught")).findFirst();
        sameCpu.ifPresent(c -> caveats.add("two contexts on one CPU still lose updates without atomic instructions ("
                + SAME_CPU_MUTANT + " caught by " + c.name() + ")"));
        Optional<double[]> total = readCost(bench, TOTAL_BENCH + ".readTotal", "atomiclong", TOTAL_BENCH + ".readTotal", "maplab");
        Optional<double[]> sum = readCost(bench, READ_BENCH + ".read", "maplab", READ_BENCH + ".sum", "maplab");
        total.ifPresent(t -> figure.add("reading a per-CPU total at " + Fmt.count(t[1]) + " CPUs costs " + Fmt.ratio(t[0])
                + " a shared read"));
        sum.ifPresent(t -> figure.add("PercpuCounter.sum() at " + Fmt.count(t[1]) + " CPUs costs " + Fmt.ratio(t[0]) + " read()"));
        double worstCost = Math.max(total.map(t -> t[0]).orElse(0.0), sum.map(t -> t[0]).orElse(0.0));
        if (worstCost >= READ_COST_THRESHOLD) {
            caveats.add("reading the total costs " + Fmt.ratio(worstCost) + " a single read");
        }
        String passes = C2ConcurrentChainsRule.plural(cross.size(), "cross-CPU check");
        if (caveats.isEmpty()) {
            return ClaimVerdict.of(this, Verdict.CONFIRMED, "Per-CPU values avoid contention (" + Fmt.ratio(u.advantage())
                    + " the shared atomic at " + u.a().threads() + " threads) and never interfere across CPUs (" + passes
                    + " pass, the interfering mutant is caught).", String.join("; ", figure), evidence, figures);
        }
        return ClaimVerdict.of(this, Verdict.NUANCED, "Per-CPU values avoid contention on update (" + Fmt.ratio(u.advantage())
                + " the shared atomic at " + u.a().threads() + " threads; " + passes + " pass), but not every concurrency"
                + " problem: " + String.join("; ", caveats) + ".", String.join("; ", figure), evidence, figures);
    }
}
