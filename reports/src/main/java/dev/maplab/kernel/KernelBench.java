package dev.maplab.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code maplab bench kernel}: the kernel's own in-kernel cost of a map lookup on this machine, as the
 * anchor for maplab's lookup benchmarks.
 *
 * <p><b>Method.</b> For each map type (HASH, PERCPU_HASH, LRU_HASH) and size (2^10, 2^16, 2^20 entries;
 * 8-byte keys and values) a map is created and filled with keys {@code 0..n-1} (BPF_MAP_UPDATE_BATCH).
 * Two socket-filter programs are loaded: the <em>measured</em> one makes 32 lookups per run (unrolled),
 * each of a random key ({@code bpf_get_prandom_u32() & (n - 1)}: all present) and counts the hits; the
 * <em>baseline</em> is the same program with each {@code bpf_map_lookup_elem} call replaced by a constant.
 * Both run through {@code BPF_PROG_TEST_RUN} with a large {@code repeat} on one CPU (the thread is pinned to
 * CPU 0), which gives the mean wall time per run. The lookup cost is
 * {@code (measured - baseline) / 32}, in alternating rounds; the figure is the mean over rounds with a
 * 99.9% confidence half-width like JMH's. The verifier inlines these lookups
 * ({@code htab_map_gen_lookup}), so this is what a BPF program pays.
 *
 * <p><b>maplab beside it, measured the same way.</b> In the same rounds, on the same pinned thread, maplab's
 * lookup ({@code HashTable.kernel}, {@code LruHashTable.kernel}) runs in a Java loop of the same shape (32
 * random present keys per run, minus the loop without lookups), timed in thread CPU time as the kernel's
 * test-run timer leaves out rescheduling. This paired figure ({@code impl = maplab-loop}) compares the two
 * under identical conditions; maplab's JMH figures ({@code maplab bench hash}) stay the published ones.
 *
 * <p><b>Results.</b> JMH-format JSON, so the report shows them like any benchmark:
 * <ul>
 *   <li>{@code reports/out/bench/kernel.json}: every type and size, as
 *       {@code dev.maplab.kernel.KernelBench.lookupHit} (mode {@code avgt}, ns/op) with {@code impl = kernel}
 *       and params {@code type}, {@code entries}; plus, for each {@link #ANCHORS anchor} (HASH at 2^10 and
 *       2^20), the same figure as a row of maplab's benchmark ({@code HashLookupBench.lookupHitT1}, ops/us);</li>
 *   <li>those anchor rows are merged into the structure's file ({@code reports/out/bench/hash.json}) when it
 *       exists, so the table of maplab's one-thread hit lookups shows the kernel beside maplab. A later
 *       {@code maplab bench hash} rewrites that file; {@link #mergeIntoStructures} puts the rows back.</li>
 * </ul>
 */
public final class KernelBench {
    /** Lookups per program run (unrolled). */
    public static final int UNROLL = 32;
    /** The sizes measured: 2^10, 2^16, 2^20. */
    public static final int[] SIZES = {1 << 10, 1 << 16, 1 << 20};
    public static final MapType[] TYPES = {MapType.HASH, MapType.PERCPU_HASH, MapType.LRU_HASH};
    static final String KERNEL_BENCHMARK = "dev.maplab.kernel.KernelBench.lookupHit";

    /** One measured configuration. */
    public record Result(MapType type, int entries, long filled, double nsPerLookup, double error, double[] rounds,
                         double baselineNsPerRun, double measuredNsPerRun, double hitRatio, int repeat,
                         double maplabNsPerLookup, double maplabError, double[] maplabRounds) {
        public Result(MapType type, int entries, long filled, double nsPerLookup, double error, double[] rounds,
                      double baselineNsPerRun, double measuredNsPerRun, double hitRatio, int repeat) {
            this(type, entries, filled, nsPerLookup, error, rounds, baselineNsPerRun, measuredNsPerRun, hitRatio, repeat,
                    Double.NaN, Double.NaN, new double[0]);
        }

        /** maplab's throughput over the kernel's, measured the same way in the same rounds (NaN when not measured). */
        public double maplabOverKernel() {
            return nsPerLookup / maplabNsPerLookup;
        }
    }

    private KernelBench() {
    }

    /**
     * Measures and writes the results; returns them.
     *
     * @param quick fewer rounds and shorter runs (a smoke run, not figures to publish)
     * @throws IllegalStateException when bpf(2) is not available (the message says why)
     */
    public static List<Result> run(boolean quick, Path root, PrintWriter log) {
        KernelInfo.unavailable().ifPresent(r -> {
            throw new IllegalStateException(r);
        });
        int rounds = quick ? 5 : 15;
        double runMillis = quick ? 40 : 150;
        log.println("bench kernel: kernel " + KernelInfo.release() + ", " + KernelInfo.possibleCpus()
                + " possible CPUs; pinned to CPU 0; " + UNROLL + " lookups per run, " + rounds + " rounds of ~"
                + (int) runMillis + " ms per program" + (quick ? " (quick)" : ""));
        log.flush();
        List<Result> results = new ArrayList<>();
        KernelMap.pin(0);
        try {
            for (MapType type : TYPES) {
                for (int n : SIZES) {
                    Result r = measure(type, n, rounds, runMillis);
                    results.add(r);
                    log.println(String.format(Locale.ROOT, "  %-12s %8d entries: kernel %7.1f ns per lookup (± %.1f, %d rounds;"
                                    + " run %.0f ns vs baseline %.0f ns; hits %.1f%%; %d stored)",
                            type, n, r.nsPerLookup(), r.error(), r.rounds().length, r.measuredNsPerRun(), r.baselineNsPerRun(),
                            100 * r.hitRatio(), r.filled()));
                    if (!Double.isNaN(r.maplabNsPerLookup())) {
                        log.println(String.format(Locale.ROOT, "  %-12s %8s          maplab %7.1f ns per lookup (± %.1f, same rounds,"
                                + " same method): maplab/kernel throughput %.2fx", "", "", r.maplabNsPerLookup(), r.maplabError(),
                                r.maplabOverKernel()));
                    }
                    log.flush();
                }
            }
        } finally {
            KernelMap.unpin();
        }
        write(results, root, quick);
        compareWithMaplab(results, root, log);
        return results;
    }

    static Result measure(MapType type, int n, int rounds, double runMillis) {
        MapSpec spec = MapSpec.builder(type).keySize(8).valueSize(8).maxEntries(n).cpus(
                type.isPerCpu() ? KernelInfo.possibleCpus() : 1).flags(0).build();
        try (KernelMap map = KernelMap.create(spec, "maplab_bench")) {
            long filled = map.fillSequential(n);
            try (BpfProgram measured = BpfProgram.load("maplab_lookup", program(map.fd(), n - 1, true));
                 BpfProgram baseline = BpfProgram.load("maplab_base", program(map.fd(), n - 1, false))) {
                // Calibrate: how many runs make ~runMillis.
                measured.run(2000);
                baseline.run(2000);
                BpfProgram.Run cal = measured.run(5000);
                double perRun = Math.max(1, cal.durationNs());
                int repeat = (int) Math.max(1000, Math.min(50_000_000, runMillis * 1e6 / perRun));
                double[] per = new double[rounds];
                double sumBase = 0;
                double sumMeas = 0;
                long hits = 0;
                long lookups = 0;
                PairedMaplab maplab = PairedMaplab.of(type, n, runMillis);
                double[] maplabPer = maplab == null ? new double[0] : new double[rounds];
                for (int i = 0; i < rounds; i++) {
                    BpfProgram.Run b = baseline.run(repeat);
                    BpfProgram.Run m = measured.run(repeat);
                    per[i] = (m.durationNs() - b.durationNs()) / (double) UNROLL;
                    sumBase += b.durationNs();
                    sumMeas += m.durationNs();
                    hits += m.retval();
                    lookups += UNROLL;
                    if (maplab != null) {
                        maplabPer[i] = maplab.round();
                    }
                }
                double mean = mean(per);
                return new Result(type, n, filled, mean, halfWidth(per), per, sumBase / rounds, sumMeas / rounds,
                        hits / (double) lookups, repeat, maplab == null ? Double.NaN : mean(maplabPer),
                        maplab == null ? Double.NaN : halfWidth(maplabPer), maplabPer);
            }
        }
    }

    /**
     * maplab's lookup measured the kernel's way, in the same rounds on the same pinned thread: a loop of 32
     * lookups of random present keys ({@code xorshift & (n - 1)}) per run, minus the same loop without the
     * lookups, / 32. HASH and PERCPU_HASH use {@code HashTable.kernel}, LRU_HASH {@code LruHashTable.kernel}
     * (its {@code lookup} is program-style: it sets the reference bit, like the kernel's program). This is a
     * paired comparison under identical conditions, not a replacement for maplab's JMH figures.
     */
    static final class PairedMaplab {
        static volatile long sink;
        final dev.maplab.hash.HashTable table;
        final int mask;
        final long runs;
        final long[] seed = {0x9E3779B97F4A7C15L};

        private PairedMaplab(dev.maplab.hash.HashTable table, int mask, long runs) {
            this.table = table;
            this.mask = mask;
            this.runs = runs;
        }

        static PairedMaplab of(MapType type, int n, double runMillis) {
            MapSpec spec = MapSpec.builder(type).keySize(8).valueSize(8).maxEntries(n).cpus(KernelInfo.possibleCpus()).build();
            dev.maplab.cpu.LogicalCpu.set(0);
            dev.maplab.hash.HashTable t;
            switch (type) {
                case HASH, PERCPU_HASH -> t = dev.maplab.hash.HashTable.kernel(spec);
                case LRU_HASH -> t = dev.maplab.lru.LruHashTable.kernel(spec);
                default -> {
                    return null;
                }
            }
            for (long k = 0; k < n; k++) {
                t.update(k, k, 0);
            }
            // Warm up (JIT, both variants) for at least 300 ms of CPU, and calibrate: how many runs make ~runMillis.
            long runs = 256;
            long took = 0;
            long warm = 0;
            long measuredRuns = runs;
            for (int i = 0; (i < 6 || warm < 300_000_000L) && i < 200; i++) {
                loop(t, n - 1, runs, false, new long[] {1});
                long t0 = cpuNanos();
                loop(t, n - 1, runs, true, new long[] {1});
                took = Math.max(1, cpuNanos() - t0);
                measuredRuns = runs;
                warm += took;
                if (took < runMillis * 1e6 / 2) {
                    runs *= 2;
                }
            }
            double perRunNs = took / (double) measuredRuns;
            return new PairedMaplab(t, n - 1, (long) Math.max(1000, runMillis * 1e6 / perRunNs));
        }

        /**
         * One round: ns per lookup (measured loop minus baseline loop, / 32), in the thread's CPU time: like the
         * kernel's test-run timer, which stops while the runner reschedules, it leaves out time spent preempted
         * (on a shared machine wall time would charge other processes' time to maplab).
         */
        double round() {
            long t0 = cpuNanos();
            loop(table, mask, runs, false, seed);
            long t1 = cpuNanos();
            loop(table, mask, runs, true, seed);
            long t2 = cpuNanos();
            return ((t2 - t1) - (t1 - t0)) / (double) runs / UNROLL;
        }

        private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

        static long cpuNanos() {
            return THREADS.getCurrentThreadCpuTime();
        }

        static void loop(dev.maplab.hash.HashTable t, int mask, long runs, boolean lookups, long[] seedBox) {
            long s = seedBox[0];
            long acc = 0;
            for (long r = 0; r < runs; r++) {
                for (int i = 0; i < UNROLL; i++) {
                    s ^= s << 13;
                    s ^= s >>> 7;
                    s ^= s << 17;
                    long k = s & mask;
                    acc += lookups ? t.lookup(k, -1L) : k;
                }
            }
            seedBox[0] = s;
            sink = acc;
        }
    }

    /**
     * The measured program ({@code lookups}) or its baseline: 32 times {@code key = prandom() & mask;
     * r0 = lookup(map, &key)} (baseline: {@code r0 = 1}), counting non-NULL results; returns the count.
     */
    static BpfAsm program(int mapFd, int mask, boolean lookups) {
        BpfAsm a = new BpfAsm();
        a.movImm(BpfAsm.R6, 0);
        for (int i = 0; i < UNROLL; i++) {
            a.call(Bpf.FN_GET_PRANDOM_U32);
            a.andImm(BpfAsm.R0, mask);
            a.stxDw(BpfAsm.R10, -8, BpfAsm.R0);
            a.mov(BpfAsm.R2, BpfAsm.R10).addImm(BpfAsm.R2, -8);
            a.ldMapFd(BpfAsm.R1, mapFd);
            if (lookups) {
                a.call(Bpf.FN_MAP_LOOKUP_ELEM);
            } else {
                a.movImm(BpfAsm.R0, 1);
            }
            a.jeqImm(BpfAsm.R0, 0, 1);
            a.addImm(BpfAsm.R6, 1);
        }
        a.mov(BpfAsm.R0, BpfAsm.R6);
        a.exit();
        return a;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Half-width of the 99.9% confidence interval of the mean (Student's t), as JMH reports its error. */
    static double halfWidth(double[] v) {
        int n = v.length;
        if (n < 2) {
            return Double.NaN;
        }
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        double sd = Math.sqrt(ss / (n - 1));
        return t999(n - 1) * sd / Math.sqrt(n);
    }

    /** Two-sided 99.9% Student t quantile (0.9995) for {@code df} degrees of freedom. */
    static double t999(int df) {
        double[] t = {636.62, 31.599, 12.924, 8.610, 6.869, 5.959, 5.408, 5.041, 4.781, 4.587, 4.437, 4.318, 4.221, 4.140,
            4.073, 4.015, 3.965, 3.922, 3.883, 3.850, 3.819, 3.792, 3.768, 3.745, 3.725, 3.707, 3.690, 3.674, 3.659, 3.646};
        return df <= t.length ? t[df - 1] : 3.291;
    }

    // ---------------------------------------------------------------------------------------------
    // Results
    // ---------------------------------------------------------------------------------------------

    /**
     * Where the kernel's figures join a maplab benchmark table: the kernel type, the structure's bench file
     * ({@code bench/<structure>.json}), maplab's benchmark (a one-thread lookup of present keys, throughput in
     * ops/us), its size parameter and the sizes it runs. Adding a table (LRU, when its benchmark lands) is one
     * entry.
     */
    public record Anchor(MapType type, String structure, String benchmark, String sizeParam, List<Integer> sizes) {
    }

    public static final List<Anchor> ANCHORS = List.of(
            new Anchor(MapType.HASH, "hash", "dev.maplab.jmh.hash.HashLookupBench.lookupHitT1", "entries",
                    List.of(1 << 10, 1 << 20)));

    static void write(List<Result> results, Path root, boolean quick) {
        ArrayNode all = DiffKernel.JSON.createArrayNode();
        for (Result r : results) {
            ObjectNode e = entry(KERNEL_BENCHMARK, "avgt", r, quick, "entries");
            e.with("params").put("type", r.type().name());
            ObjectNode pm = e.with("primaryMetric");
            pm.put("score", r.nsPerLookup());
            putNumber(pm, "scoreError", r.error());
            pm.put("scoreUnit", "ns/op");
            ArrayNode raw = pm.putArray("rawData").addArray();
            for (double x : r.rounds()) {
                raw.add(x);
            }
            all.add(e);
            if (r.maplabRounds().length > 0) {
                ObjectNode m = entry(KERNEL_BENCHMARK, "avgt", r, quick, "entries");
                m.with("params").put("type", r.type().name());
                m.with("params").put("impl", "maplab-loop");
                m.put("note", "maplab's lookup measured the kernel's way (a loop of " + UNROLL + " random present-key lookups"
                        + " minus the loop without them, thread CPU time), in the same rounds on the same thread pinned to CPU 0");
                ObjectNode mpm = m.with("primaryMetric");
                mpm.put("score", r.maplabNsPerLookup());
                putNumber(mpm, "scoreError", r.maplabError());
                mpm.put("scoreUnit", "ns/op");
                ArrayNode mraw = mpm.putArray("rawData").addArray();
                for (double x : r.maplabRounds()) {
                    mraw.add(x);
                }
                all.add(m);
            }
            for (Anchor a : ANCHORS) {
                if (a.type() == r.type() && a.sizes().contains(r.entries())) {
                    all.add(anchorRow(a, r, quick));
                }
            }
        }
        try {
            DiffKernel.writeAtomically(root.resolve("reports/out/bench/kernel.json"), DiffKernel.JSON.writeValueAsBytes(all));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kernel benchmark results: " + e.getMessage(), e);
        }
        mergeIntoStructures(root);
    }

    /** The kernel's figure as a row of maplab's benchmark table: throughput in ops/us, {@code impl = kernel}. */
    private static ObjectNode anchorRow(Anchor a, Result r, boolean quick) {
        ObjectNode h = entry(a.benchmark(), "thrpt", r, quick, a.sizeParam());
        ObjectNode hpm = h.with("primaryMetric");
        double[] opsPerUs = new double[r.rounds().length];
        for (int i = 0; i < opsPerUs.length; i++) {
            opsPerUs[i] = 1000.0 / r.rounds()[i];
        }
        hpm.put("score", 1000.0 / r.nsPerLookup());
        putNumber(hpm, "scoreError", halfWidth(opsPerUs));
        hpm.put("scoreUnit", "ops/us");
        ArrayNode hraw = hpm.putArray("rawData").addArray();
        for (double x : opsPerUs) {
            hraw.add(x);
        }
        h.put("anchorOf", a.structure());
        return h;
    }

    /**
     * Copies the kernel's rows for each {@link #ANCHORS anchor} from {@code bench/kernel.json} into the
     * structure's {@code bench/<structure>.json} (replacing earlier {@code impl = kernel} rows), when that file
     * exists. Safe to call after every JMH run that rewrites a structure's file: {@code maplab bench} can call
     * it so that the kernel rows survive a re-run of the structure's benchmarks. Returns the files updated.
     */
    public static List<Path> mergeIntoStructures(Path root) {
        Path bench = root.resolve("reports/out/bench");
        Path kernelFile = bench.resolve("kernel.json");
        List<Path> updated = new ArrayList<>();
        if (!Files.isRegularFile(kernelFile)) {
            return updated;
        }
        try {
            JsonNode kernel = DiffKernel.JSON.readTree(kernelFile.toFile());
            for (Anchor a : ANCHORS) {
                Path target = bench.resolve(a.structure() + ".json");
                if (!Files.isRegularFile(target)) {
                    continue; // no maplab figures to stand beside
                }
                JsonNode old = DiffKernel.JSON.readTree(target.toFile());
                if (!old.isArray()) {
                    continue;
                }
                ArrayNode merged = DiffKernel.JSON.createArrayNode();
                for (JsonNode n : old) {
                    if (!"kernel".equals(n.path("params").path("impl").asText())) {
                        merged.add(n);
                    }
                }
                if (merged.isEmpty()) {
                    continue; // only kernel rows: nothing of maplab's to stand beside (JMH has not run)
                }
                for (JsonNode n : kernel) {
                    if (n.path("benchmark").asText().equals(a.benchmark()) && a.structure().equals(n.path("anchorOf").asText())) {
                        merged.add(n);
                    }
                }
                DiffKernel.writeAtomically(target, DiffKernel.JSON.writeValueAsBytes(merged));
                updated.add(target);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot merge the kernel's figures into the benchmark files: " + e.getMessage(), e);
        }
        return updated;
    }

    private static ObjectNode entry(String benchmark, String mode, Result r, boolean quick, String sizeParam) {
        ObjectNode e = DiffKernel.JSON.createObjectNode();
        e.put("jmhVersion", "n/a (BPF_PROG_TEST_RUN)");
        e.put("benchmark", benchmark);
        e.put("mode", mode);
        e.put("threads", 1);
        e.put("forks", 1);
        e.put("jvm", "kernel " + KernelInfo.release());
        e.putArray("jvmArgs");
        e.put("measurementIterations", r.rounds().length);
        e.put("measurementTime", "repeat " + r.repeat() + " runs of " + UNROLL + " lookups");
        e.put("warmupIterations", 1);
        e.put("note", "in-kernel lookup cost: BPF_PROG_TEST_RUN mean per run, minus the same program without the"
                + " lookup calls, / " + UNROLL + "; pinned to CPU 0; random present keys (prandom & (n-1)); hits "
                + String.format(Locale.ROOT, "%.1f%%", 100 * r.hitRatio()) + (quick ? "; quick run" : ""));
        ObjectNode params = e.putObject("params");
        params.put("impl", "kernel");
        params.put(sizeParam, Integer.toString(r.entries()));
        e.putObject("primaryMetric");
        e.putObject("secondaryMetrics");
        return e;
    }

    private static void putNumber(ObjectNode n, String field, double v) {
        if (Double.isNaN(v)) {
            n.put(field, "NaN");
        } else {
            n.put(field, v);
        }
    }


    /** Prints maplab's one-thread hit lookups from {@code bench/hash.json} (if JMH wrote them) beside the kernel's. */
    static void compareWithMaplab(List<Result> results, Path root, PrintWriter log) {
        Path hash = root.resolve("reports/out/bench/hash.json");
        try {
            JsonNode all = DiffKernel.JSON.readTree(hash.toFile());
            boolean any = false;
            for (Result r : results) {
                if (r.type() != MapType.HASH) {
                    continue;
                }
                for (JsonNode n : all) {
                    if (n.path("benchmark").asText().equals(ANCHORS.get(0).benchmark()) && n.path("params").path("impl").asText().equals("maplab")
                            && n.path("params").path("entries").asText().equals(Integer.toString(r.entries()))) {
                        double opsPerUs = n.path("primaryMetric").path("score").asDouble();
                        double ns = 1000.0 / opsPerUs;
                        log.println(String.format(Locale.ROOT, "  HASH %8d entries: maplab %.1f ns (JMH lookupHitT1), kernel %.1f ns:"
                                + " maplab/kernel throughput = %.2fx", r.entries(), ns, r.nsPerLookup(), r.nsPerLookup() / ns));
                        any = true;
                    }
                }
            }
            if (!any) {
                log.println("  (no maplab lookupHitT1 results in reports/out/bench/hash.json yet: run ./maplab bench hash, then this)");
            }
        } catch (IOException | RuntimeException e) {
            log.println("  (maplab's figures not read: " + e.getMessage() + ")");
        }
        log.flush();
    }
}
