package dev.maplab.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.maplab.api.MapFlags;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.kernel.TraceGenerator.Shape;
import dev.maplab.replay.ReplayMaps;
import dev.maplab.replay.ReplayOptions;
import dev.maplab.replay.TraceReplayer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code maplab diff-kernel}: the running kernel as the oracle. Generates random replay traces, runs each on a
 * fresh kernel map ({@link KernelMap}, through {@link KernelTrace}) and on maplab ({@code TraceReplayer}, with
 * the kernel's CPU count), and compares every result line and, after every operation, the key set (the
 * {@code keys} line; for queues and stacks, {@code peek}). A mismatching trace is shrunk (delta debugging,
 * then smaller max_entries) to the shortest trace that still mismatches, printed, and written to
 * {@code reports/out/diff/<map>-<trace seed>.trace} with both sides' results as comments.
 *
 * <p><b>Adding a map type</b> is one entry in {@link #REGISTRY} here (kernel type, key and value size,
 * shape, configurations) and one in {@code ReplayMaps} (maplab's factory); a type registered here but not
 * yet in {@code ReplayMaps} is reported as skipped.
 *
 * <p><b>Configurations.</b> Hash maps run with the zero seed ({@code BPF_F_ZERO_SEED} on both sides, so
 * bucket order and get_next_key must match too) on one CPU and on two, and with random seeds (no
 * next_key: the order is the seed's); LRU maps with the common lists and with per-CPU lists, one CPU and
 * two, sizes 2..300; arrays, queues and stacks on one CPU and two. "One CPU" means the trace never leaves
 * CPU 0; both sides are still built for the kernel's possible CPUs.
 *
 * <p>Results: {@code reports/out/check/kernel-diff.json} (the kernel's release and CPU count, the LRU
 * behaviour the kernel has, the model differences known, and one check entry per type and
 * configuration: {@code tool = kernel-diff}).
 */
public final class DiffKernel {
    /** A configuration of one map type: flags, how many CPUs the trace uses, and the max_entries range. */
    public record Config(String name, boolean zeroSeed, boolean noCommonLru, int cpus, int minEntries, int maxEntries) {
    }

    /** The kernel side of a replay map type. */
    public record KernelType(String map, MapType type, int keySize, int valueSize, Shape shape, List<Config> configs) {
        public MapSpec spec(Config c, long maxEntries, int cpus) {
            int flags = (c.zeroSeed() ? MapFlags.ZERO_SEED : 0) | (c.noCommonLru() ? MapFlags.NO_COMMON_LRU : 0);
            return MapSpec.builder(type).keySize(keySize).valueSize(valueSize).maxEntries(maxEntries).cpus(cpus)
                    .flags(flags).build();
        }
    }

    private static final List<Config> HASH_CONFIGS = List.of(
            new Config("zero-seed/1cpu", true, false, 1, 1, 300),
            new Config("zero-seed/2cpu", true, false, 2, 1, 300),
            new Config("random-seed/2cpu", false, false, 2, 1, 300));

    private static final List<Config> LRU_CONFIGS = List.of(
            new Config("common-lru/1cpu", true, false, 1, 2, 300),
            new Config("common-lru/2cpu", true, false, 2, 2, 300),
            new Config("percpu-lru/1cpu", true, true, 1, 2, 300),
            new Config("percpu-lru/2cpu", true, true, 2, 2, 300));

    private static final List<Config> PLAIN_CONFIGS = List.of(
            new Config("1cpu", false, false, 1, 1, 300),
            new Config("2cpu", false, false, 2, 1, 300));

    /** Every replay map type the kernel side knows: one entry per type. */
    public static final Map<String, KernelType> REGISTRY = new LinkedHashMap<>();

    static {
        register(new KernelType("hash", MapType.HASH, 8, 8, Shape.HASH, HASH_CONFIGS));
        register(new KernelType("percpu_hash", MapType.PERCPU_HASH, 8, 8, Shape.HASH, HASH_CONFIGS));
        register(new KernelType("lru_hash", MapType.LRU_HASH, 8, 8, Shape.HASH, LRU_CONFIGS));
        register(new KernelType("lru_percpu_hash", MapType.LRU_PERCPU_HASH, 8, 8, Shape.HASH, LRU_CONFIGS));
        register(new KernelType("array", MapType.ARRAY, 4, 8, Shape.ARRAY, PLAIN_CONFIGS));
        register(new KernelType("percpu_array", MapType.PERCPU_ARRAY, 4, 8, Shape.ARRAY, PLAIN_CONFIGS));
        register(new KernelType("queue", MapType.QUEUE, 0, 8, Shape.QUEUE, PLAIN_CONFIGS));
        register(new KernelType("stack", MapType.STACK, 0, 8, Shape.QUEUE, PLAIN_CONFIGS));
    }

    private static void register(KernelType t) {
        REGISTRY.put(t.map(), t);
    }

    /**
     * Kernel behaviour the models deliberately differ from, or that this runner does not compare; printed
     * and written with every run. Keep it to what was found on a running kernel.
     */
    public static final List<String> KNOWN_DIFFERENCES = List.of(
            "maplab's linearizable hash table (HashTable.linearizable: a replace overwrites the value in place) keeps a"
                    + " replaced key where it is in its bucket; the kernel links the new element at the head, so get_next_key"
                    + " order differs after a replace (zero seed: found in about 1 trace in 4 of hash zero-seed/2cpu)."
                    + " Replay and diff-kernel use HashTable.kernel (the kernel's replace order), which matches.",
            "Iteration order with a random seed is not compared (each side draws its own seed); zero-seed"
                    + " configurations compare it.",
            "Concurrency is not compared here: traces are sequential. The kernel's replace order is checked by"
                    + " 'maplab probe kernel-replace' and by the Lincheck/jcstress checks.");

    /**
     * Which LRU refill batch ({@code target_free}) maplab models and which the running kernel has
     * (selftests LA-2): maplab's {@code BpfLru} models v6.16+ ({@code clamp((max_entries / N) / 2, 1, 128)});
     * before 6.16 the kernel always uses 128, so LRU traces there are expected to differ in when evictions
     * happen.
     */
    public static String lruModel() {
        boolean same = KernelInfo.atLeast(6, 16);
        return "maplab models target_free = clamp((max_entries/N)/2, 1, 128) (v6.16+); kernel " + KernelInfo.release()
                + " uses " + KernelInfo.lruTargetFreeBehaviour() + (same ? ": the same" : ": DIFFERENT, LRU eviction"
                + " timing is expected to differ (a 6.15.y kernel may carry the backport)");
    }

    /** Options of a run. */
    public record Options(List<String> maps, long seed, int traces, int ops, boolean quick, Path root, List<String> configs) {
        public Options(List<String> maps, long seed, int traces, int ops, boolean quick, Path root) {
            this(maps, seed, traces, ops, quick, root, List.of());
        }

        /** True when {@code c} is selected: no filter, or a filter that is a prefix of its name or one of its parts. */
        boolean selects(Config c) {
            return configs.isEmpty() || configs.stream().anyMatch(f -> c.name().startsWith(f)
                    || List.of(c.name().split("/")).contains(f));
        }

        public static final int QUICK_TRACES = 60;
        public static final int QUICK_OPS = 80;
        public static final int FULL_TRACES = 1000;
        public static final int FULL_OPS = 250;

        public static Options defaults(Path root, boolean quick) {
            return new Options(List.of(), 1, quick ? QUICK_TRACES : FULL_TRACES, quick ? QUICK_OPS : FULL_OPS, quick, root);
        }
    }

    /** A shrunk mismatch. */
    public record Mismatch(String map, String config, long traceSeed, int traceIndex, long maxEntries,
                           List<String> ops, List<String> lines, List<String> kernel, List<String> maplab,
                           int line, String file) {
        /** The first mismatching line, its operation, and both results. */
        public String summary() {
            String op = line < lines.size() ? lines.get(line) : "(end)";
            String k = line < kernel.size() ? kernel.get(line) : "(no line)";
            String m = line < maplab.size() ? maplab.get(line) : "(no line)";
            return "line " + (line + 1) + " '" + op + "': kernel " + show(k) + ", maplab " + show(m);
        }

        private static String show(String s) {
            return "'" + (s.length() > 200 ? s.substring(0, 200) + "..." : s) + "'";
        }
    }

    /** The result of one map type in one configuration. */
    public record ConfigResult(String map, String config, int traces, long ops, long lines, Mismatch mismatch,
                               String error, double seconds) {
        public boolean passed() {
            return mismatch == null && error == null;
        }
    }

    /** A whole run. */
    public record Summary(List<ConfigResult> results, List<String> skipped, Path json) {
        public boolean passed() {
            return results.stream().allMatch(ConfigResult::passed);
        }
    }

    private DiffKernel() {
    }

    // =============================================================================================
    // Running
    // =============================================================================================

    /**
     * Runs the differential check for {@code o.maps()} (all registered types when empty) and writes the
     * results.
     *
     * @throws IllegalArgumentException for an unknown map name
     * @throws IllegalStateException    when bpf(2) is not available (the message says why)
     */
    public static Summary run(Options o, PrintWriter log) {
        List<String> maps = o.maps().isEmpty() ? List.copyOf(REGISTRY.keySet()) : o.maps();
        for (String m : maps) {
            if (!REGISTRY.containsKey(m)) {
                throw new IllegalArgumentException("unknown map type '" + m + "'; one of " + String.join(", ", REGISTRY.keySet()));
            }
        }
        KernelInfo.unavailable().ifPresent(r -> {
            throw new IllegalStateException(r);
        });
        int cpus = KernelInfo.possibleCpus();
        log.println("diff-kernel: kernel " + KernelInfo.release() + ", " + cpus + " possible CPUs; "
                + (o.quick() ? "quick" : "full") + " mode, " + o.traces() + " traces of " + o.ops()
                + " operations per type and configuration, seed " + o.seed());
        log.println("  LRU: " + lruModel());
        log.flush();
        List<ConfigResult> results = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String m : maps) {
            if (!ReplayMaps.implemented().contains(m)) {
                String why = m + ": skipped, not implemented in maplab's replay yet (ReplayMaps)";
                skipped.add(why);
                log.println("  " + why);
                log.flush();
                continue;
            }
            KernelType t = REGISTRY.get(m);
            for (Config configured : t.configs()) {
                Config c = configured;
                if (!o.selects(c)) {
                    continue;
                }
                String refused = kernelRefuses(t, c, cpus);
                if (refused != null && c.zeroSeed() && !KernelInfo.hasCapability(KernelInfo.CAP_SYS_ADMIN)) {
                    // BPF_F_ZERO_SEED needs CAP_SYS_ADMIN: run with random seeds (iteration order not compared).
                    Config random = new Config(c.name() + "/random-seed", false, c.noCommonLru(), c.cpus(), c.minEntries(),
                            c.maxEntries());
                    String why = m + " " + c.name() + ": BPF_F_ZERO_SEED needs CAP_SYS_ADMIN, which this process lacks;"
                            + " running with random seeds instead (get_next_key order not compared)";
                    skipped.add(why);
                    log.println("  " + why);
                    log.flush();
                    c = random;
                    refused = kernelRefuses(t, c, cpus);
                }
                if (refused != null) {
                    String why = m + " " + c.name() + ": skipped, the kernel refuses the map: " + refused;
                    skipped.add(why);
                    log.println("  " + why);
                    log.flush();
                    continue;
                }
                ConfigResult r = runConfig(t, c, o, cpus, log);
                results.add(r);
            }
        }
        Path json = write(o, results, skipped, cpus);
        long traces = results.stream().mapToLong(ConfigResult::traces).sum();
        long ops = results.stream().mapToLong(ConfigResult::ops).sum();
        long lines = results.stream().mapToLong(ConfigResult::lines).sum();
        long failed = results.stream().filter(r -> !r.passed()).count();
        log.println("diff-kernel: " + traces + " traces, " + ops + " operations, " + lines + " result lines compared; "
                + (failed == 0 ? "no mismatch" : failed + " configuration(s) mismatched") + "; results in " + o.root().relativize(json));
        for (String d : KNOWN_DIFFERENCES) {
            log.println("  note: " + d);
        }
        log.flush();
        return new Summary(results, skipped, json);
    }

    /** Null when the kernel creates this configuration's map; otherwise why not (EPERM for the zero seed, ...). */
    static String kernelRefuses(KernelType t, Config c, int cpus) {
        try (KernelMap map = KernelMap.create(t.spec(c, Math.max(2, c.minEntries()), cpus), "maplab_probe")) {
            return null;
        } catch (BpfException e) {
            return e.getMessage();
        }
    }

    static ConfigResult runConfig(KernelType t, Config c, Options o, int cpus, PrintWriter log) {
        long start = System.nanoTime();
        int traceCpus = Math.min(c.cpus(), cpus);
        boolean nextKey = t.shape() != Shape.HASH || c.zeroSeed();
        long ops = 0;
        long lines = 0;
        int done = 0;
        for (int i = 0; i < o.traces(); i++) {
            long traceSeed = traceSeed(o.seed(), t.map(), c.name(), i);
            SplittableRandom r = new SplittableRandom(traceSeed);
            long m = size(r, c);
            List<String> traceOps = new TraceGenerator(t.shape(), m, traceCpus, nextKey, true, t.type().isLru(), r.nextLong())
                    .generate(o.ops());
            Compared cmp;
            try {
                cmp = compare(t, c, m, cpus, traceOps);
            } catch (RuntimeException e) {
                return new ConfigResult(t.map(), c.name(), done, ops, lines, null,
                        "trace " + i + " (seed " + traceSeed + "): the kernel side failed: " + e.getMessage(), seconds(start));
            }
            done++;
            ops += traceOps.size();
            lines += cmp.kernel.size();
            if (cmp.line >= 0) {
                log.println("  " + t.map() + " " + c.name() + ": trace " + i + " (seed " + traceSeed + ", max_entries " + m
                        + ") mismatches; shrinking ...");
                log.flush();
                Mismatch mm = shrink(t, c, cpus, traceSeed, i, m, traceOps, o.root());
                ConfigResult res = new ConfigResult(t.map(), c.name(), done, ops, lines, mm, null, seconds(start));
                log.println("  " + t.map() + " " + c.name() + ": MISMATCH after " + done + " traces: " + mm.summary());
                log.println("    shortest trace (" + mm.ops().size() + " operations, max_entries " + mm.maxEntries()
                        + "), written to " + mm.file() + ":");
                for (int j = 0; j < mm.lines().size(); j++) {
                    String mark = j == mm.line() ? "   <-- kernel " + mm.kernel().get(j) + " | maplab "
                            + (j < mm.maplab().size() ? mm.maplab().get(j) : "(none)") : "";
                    log.println("      " + mm.lines().get(j) + mark);
                }
                log.flush();
                return res;
            }
        }
        ConfigResult res = new ConfigResult(t.map(), c.name(), done, ops, lines, null, null, seconds(start));
        log.println(String.format(Locale.ROOT, "  %-16s %-18s %5d traces, %7d operations, %8d lines: no mismatch (%.1f s)",
                t.map(), c.name(), done, ops, lines, res.seconds()));
        log.flush();
        return res;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** max_entries of a trace: 45% up to 16, 30% up to 64, the rest up to the configuration's maximum. */
    public static long size(SplittableRandom r, Config c) {
        int p = r.nextInt(100);
        long hi = p < 45 ? Math.min(16, c.maxEntries()) : p < 75 ? Math.min(64, c.maxEntries()) : c.maxEntries();
        long lo = Math.min(c.minEntries(), hi);
        return lo + r.nextLong(hi - lo + 1);
    }

    public static long traceSeed(long seed, String map, String config, int i) {
        long h = seed * 0x9E3779B97F4A7C15L + (map + "/" + config).hashCode() * 0xBF58476D1CE4E5B9L + i * 0x94D049BB133111EBL;
        h ^= h >>> 31;
        h *= 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    /** Both sides' results of one trace and the first line where they differ (-1: none). */
    public record Compared(List<String> lines, List<String> kernel, List<String> maplab, int line) {
    }

    /** The operations with an observation after each: {@code keys} (peek for queues and stacks). */
    static List<String> withObservations(Shape shape, List<String> ops) {
        String observe = shape == Shape.QUEUE ? "peek" : "keys";
        List<String> lines = new ArrayList<>(ops.size() * 2);
        for (String op : ops) {
            lines.add(op);
            lines.add(observe);
        }
        return lines;
    }

    static Compared compare(KernelType t, Config c, long maxEntries, int cpus, List<String> ops) {
        List<String> lines = withObservations(t.shape(), ops);
        List<String> kernel;
        // Built on CPU 0, as the replayer builds maplab's map (KernelTrace gives the thread its affinity back).
        KernelMap.pin(0);
        try (KernelMap map = KernelMap.create(t.spec(c, maxEntries, cpus), "maplab_diff")) {
            kernel = KernelTrace.run(map, lines);
        } finally {
            KernelMap.unpin();
        }
        List<String> maplab;
        try {
            ReplayOptions ro = new ReplayOptions(t.map(), maxEntries, cpus, c.noCommonLru(), c.zeroSeed());
            maplab = TraceReplayer.replay(new StringReader(String.join("\n", lines) + "\n"), ro);
        } catch (RuntimeException e) {
            maplab = List.of("exception: " + e);
        }
        int n = Math.max(kernel.size(), maplab.size());
        for (int i = 0; i < n; i++) {
            String k = i < kernel.size() ? kernel.get(i) : null;
            String m = i < maplab.size() ? maplab.get(i) : null;
            if (k == null || !k.equals(m)) {
                return new Compared(lines, kernel, maplab, i);
            }
        }
        return new Compared(lines, kernel, maplab, -1);
    }

    /**
     * Like {@link #compare}, with the maplab side a map built directly by {@code maplab} (on logical CPU 0)
     * and run by {@link KernelTrace} instead of the replayer: for structures and variants that replay does not
     * build (a mutant, the linearizable hash table), or before a type has its {@code ReplayMaps} entry.
     */
    public static Compared compareDirect(KernelType t, Config c, long maxEntries, int cpus, List<String> ops,
                                         java.util.function.Function<MapSpec, dev.maplab.api.BpfMap> maplab) {
        List<String> lines = withObservations(t.shape(), ops);
        MapSpec spec = t.spec(c, maxEntries, cpus);
        List<String> kernel;
        KernelMap.pin(0);
        try (KernelMap map = KernelMap.create(spec, "maplab_diff")) {
            kernel = KernelTrace.run(map, lines);
        } finally {
            KernelMap.unpin();
        }
        List<String> other;
        try {
            dev.maplab.api.BpfMap m;
            try (dev.maplab.cpu.LogicalCpu.Binding b = dev.maplab.cpu.LogicalCpu.bind(0)) {
                m = maplab.apply(spec);
            }
            other = KernelTrace.run(m, lines);
        } catch (RuntimeException e) {
            other = List.of("exception: " + e);
        }
        for (int i = 0; i < Math.max(kernel.size(), other.size()); i++) {
            if (i >= kernel.size() || i >= other.size() || !kernel.get(i).equals(other.get(i))) {
                return new Compared(lines, kernel, other, i);
            }
        }
        return new Compared(lines, kernel, other, -1);
    }

    // =============================================================================================
    // Shrinking
    // =============================================================================================

    /** The most trace runs one shrink may spend. */
    static final int SHRINK_BUDGET = 3000;

    static Mismatch shrink(KernelType t, Config c, int cpus, long traceSeed, int index, long maxEntries, List<String> ops,
                           Path root) {
        int[] budget = {SHRINK_BUDGET};
        long m = maxEntries;
        List<String> cur = truncate(t, c, m, cpus, ops);
        cur = ddmin(t, c, m, cpus, cur, budget);
        // Smaller maps, then shrink again.
        for (long candidate : new long[] {1, 2, 3, 4, 6, 8, 12, 16, 32, 64, 128}) {
            if (candidate >= m || candidate < c.minEntries() || budget[0] <= 0) {
                continue;
            }
            budget[0]--;
            if (fails(t, c, candidate, cpus, cur)) {
                m = candidate;
                cur = ddmin(t, c, m, cpus, truncate(t, c, m, cpus, cur), budget);
                break;
            }
        }
        Compared cmp = compare(t, c, m, cpus, cur);
        Path file = writeTrace(t, c, cpus, traceSeed, index, maxEntries, m, cmp, root);
        return new Mismatch(t.map(), c.name(), traceSeed, index, m, cur, cmp.lines(), cmp.kernel(), cmp.maplab(), cmp.line(),
                root.relativize(file).toString());
    }

    private static boolean fails(KernelType t, Config c, long m, int cpus, List<String> ops) {
        return compare(t, c, m, cpus, ops).line() >= 0;
    }

    /** Drops the operations after the first mismatch. */
    private static List<String> truncate(KernelType t, Config c, long m, int cpus, List<String> ops) {
        Compared cmp = compare(t, c, m, cpus, ops);
        if (cmp.line() < 0) {
            return ops;
        }
        int lastOp = Math.min(ops.size() - 1, cmp.line() / 2);
        return new ArrayList<>(ops.subList(0, lastOp + 1));
    }

    /** Zeller's ddmin over the operations (complements only), then a one-by-one removal pass. */
    static List<String> ddmin(KernelType t, Config c, long m, int cpus, List<String> ops, int[] budget) {
        List<String> cur = new ArrayList<>(ops);
        int n = 2;
        while (cur.size() >= 2 && budget[0] > 0) {
            int chunk = (int) Math.ceil(cur.size() / (double) n);
            boolean reduced = false;
            for (int start = 0; start < cur.size() && budget[0] > 0; start += chunk) {
                List<String> complement = new ArrayList<>(cur.subList(0, start));
                complement.addAll(cur.subList(Math.min(cur.size(), start + chunk), cur.size()));
                budget[0]--;
                if (!complement.isEmpty() && fails(t, c, m, cpus, complement)) {
                    cur = complement;
                    n = Math.max(n - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (!reduced) {
                if (n >= cur.size()) {
                    break;
                }
                n = Math.min(cur.size(), 2 * n);
            }
        }
        for (int i = cur.size() - 1; i >= 0 && budget[0] > 0 && cur.size() > 1; i--) {
            List<String> without = new ArrayList<>(cur);
            without.remove(i);
            budget[0]--;
            if (fails(t, c, m, cpus, without)) {
                cur = without;
            }
        }
        return cur;
    }

    private static Path writeTrace(KernelType t, Config c, int cpus, long traceSeed, int index, long originalEntries, long m,
                                   Compared cmp, Path root) {
        StringBuilder b = new StringBuilder();
        b.append("# maplab diff-kernel: shortest trace found that mismatches between the kernel and maplab\n");
        b.append("# map ").append(t.map()).append(", configuration ").append(c.name()).append(", trace ").append(index)
                .append(" (trace seed ").append(traceSeed).append("), max_entries ").append(m)
                .append(originalEntries != m ? " (generated with " + originalEntries + ")" : "").append('\n');
        b.append("# kernel ").append(KernelInfo.release()).append(", ").append(cpus).append(" possible CPUs, written ")
                .append(Instant.now()).append('\n');
        b.append("# replay on maplab: ./maplab replay --map ").append(t.map()).append(" --max-entries ").append(m)
                .append(" --cpus ").append(cpus).append(c.noCommonLru() ? " --no-common-lru" : "")
                .append(c.zeroSeed() ? " --zero-seed" : "").append(" < this-file\n");
        b.append("# each operation is followed by an observation line (")
                .append(t.shape() == Shape.QUEUE ? "peek" : "keys").append("); comments give both sides' results\n");
        for (int i = 0; i < cmp.lines().size(); i++) {
            String k = i < cmp.kernel().size() ? cmp.kernel().get(i) : "(none)";
            String mm = i < cmp.maplab().size() ? cmp.maplab().get(i) : "(none)";
            String line = cmp.lines().get(i);
            b.append(line).append(" ".repeat(Math.max(1, 28 - line.length()))).append("# kernel: ").append(k);
            if (!k.equals(mm)) {
                b.append("   | maplab: ").append(mm).append("   <-- MISMATCH");
            }
            b.append('\n');
        }
        Path file = root.resolve("reports/out/diff").resolve(t.map() + "-" + Long.toUnsignedString(traceSeed) + ".trace");
        writeAtomically(file, b.toString().getBytes(StandardCharsets.UTF_8));
        return file;
    }

    // =============================================================================================
    // Results
    // =============================================================================================

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** {@code reports/out/check/kernel-diff.json}. */
    public static Path jsonFile(Path root) {
        return root.resolve("reports/out/check/kernel-diff.json");
    }

    private static Path write(Options o, List<ConfigResult> results, List<String> skipped, int cpus) {
        Path file = jsonFile(o.root());
        ObjectNode root = JSON.createObjectNode();
        ArrayNode checks = JSON.createArrayNode();
        // Keep the entries of the types and configurations this run did not cover.
        java.util.Set<String> ran = new java.util.HashSet<>();
        results.forEach(r -> ran.add(r.map() + " " + r.config()));
        if (Files.isRegularFile(file)) {
            try {
                JsonNode old = JSON.readTree(file.toFile());
                for (JsonNode e : old.path("checks")) {
                    if (!ran.contains(e.path("name").asText(""))) {
                        checks.add(e);
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // an unreadable old file is replaced
            }
        }
        for (ConfigResult r : results) {
            ObjectNode e = checks.addObject();
            e.put("name", r.map() + " " + r.config());
            e.put("tool", "kernel-diff");
            e.put("subject", "production");
            e.put("expect", "pass");
            e.put("outcome", r.passed() ? "pass" : "fail");
            e.put("detail", detail(r, o, cpus));
            e.put("seconds", Math.round(r.seconds() * 100) / 100.0);
            e.put("traces", r.traces());
            e.put("operations", r.ops());
            e.put("resultLines", r.lines());
            e.put("seed", o.seed());
            e.put("mode", o.quick() ? "quick" : "full");
        }
        ObjectNode kernel = root.putObject("kernel");
        KernelInfo.describe().forEach((k, v) -> kernel.putPOJO(k, v));
        ObjectNode run = root.putObject("run");
        run.put("mode", o.quick() ? "quick" : "full");
        run.put("seed", o.seed());
        run.put("tracesPerConfiguration", o.traces());
        run.put("operationsPerTrace", o.ops());
        run.put("maplabCpus", cpus);
        run.put("lruModel", lruModel());
        run.put("finished", Instant.now().toString());
        run.put("traces", results.stream().mapToLong(ConfigResult::traces).sum());
        run.put("operations", results.stream().mapToLong(ConfigResult::ops).sum());
        run.put("resultLines", results.stream().mapToLong(ConfigResult::lines).sum());
        ObjectNode totals = root.putObject("totals");
        long tt = 0;
        long to = 0;
        long tl = 0;
        long tf = 0;
        for (JsonNode e : checks) {
            tt += e.path("traces").asLong();
            to += e.path("operations").asLong();
            tl += e.path("resultLines").asLong();
            tf += e.path("outcome").asText().equals("pass") ? 0 : 1;
        }
        totals.put("entries", checks.size());
        totals.put("traces", tt);
        totals.put("operations", to);
        totals.put("resultLines", tl);
        totals.put("failing", tf);
        ArrayNode sk = root.putArray("skipped");
        skipped.forEach(sk::add);
        ArrayNode diffs = root.putArray("knownDifferences");
        KNOWN_DIFFERENCES.forEach(diffs::add);
        root.set("checks", checks);
        try {
            writeAtomically(file, JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static String detail(ConfigResult r, Options o, int cpus) {
        String base = r.traces() + " traces, " + r.ops() + " operations, " + r.lines() + " result lines compared (kernel "
                + KernelInfo.release() + ", " + cpus + " possible CPUs, seed " + o.seed() + ", " + o.ops()
                + " operations per trace)";
        if (r.error() != null) {
            return base + "; ERROR: " + r.error();
        }
        if (r.mismatch() != null) {
            Mismatch m = r.mismatch();
            StringBuilder b = new StringBuilder(base).append("; MISMATCH: ").append(m.summary()).append("; shortest trace (max_entries ")
                    .append(m.maxEntries()).append(", ").append(m.file()).append("):");
            for (int i = 0; i <= Math.min(m.line(), m.lines().size() - 1); i++) {
                b.append("\n  ").append(m.lines().get(i)).append("  -> kernel ").append(m.kernel().get(i));
                if (i == m.line()) {
                    b.append(", maplab ").append(i < m.maplab().size() ? m.maplab().get(i) : "(none)");
                }
            }
            return b.toString();
        }
        return base + "; no mismatch";
    }

    static void writeAtomically(Path target, byte[] bytes) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            try {
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
