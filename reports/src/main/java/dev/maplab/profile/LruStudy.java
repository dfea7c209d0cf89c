package dev.maplab.profile;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.maplab.api.MapFlags;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import dev.maplab.cpu.LogicalCpu;
import dev.maplab.lru.BpfLru;
import dev.maplab.lru.ExactLru;
import dev.maplab.lru.LruHashTable;
import dev.maplab.report.Charts;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * "How LRU is it?" ({@code ./maplab profile lru}, claim C4): the BPF LRU (common and per-CPU) against an
 * exact LRU and Caffeine (W-TinyLFU) on the same traces, used the way a BPF program uses an LRU map as a
 * cache.
 *
 * <h2>What is simulated</h2>
 * Every access of a trace is a program-style lookup ({@code bpf_map_lookup_elem} from a program: sets the
 * ref bit); a miss is followed by {@code update(key, value, BPF_ANY)}, which must succeed even in a full
 * map (C4's "inserts succeed": {@link Row#insertFailures} counts the ones that did not). Exact LRU:
 * {@link ExactLru#get} then {@link ExactLru#put}; Caffeine: {@code getIfPresent} then {@code put}, built
 * with {@code maximumSize(capacity)} and {@code executor(Runnable::run)} so that its maintenance (and so its
 * hit ratio) does not depend on a background thread's timing. With 2 logical CPUs, access {@code i} runs on
 * CPU {@code i % 2} (requests sprayed over the CPUs; the hash table is shared, the LRU's free lists are
 * not). The first {@link Config#warmupFraction} of each trace warms the caches and is not counted.
 *
 * <h2>Figures</h2>
 * Per trace, cache size and CPU count: the hit ratio of the four policies; for the two BPF LRUs, every
 * eviction's victim <b>rank in exact-LRU order</b> among the keys present at that moment (0 = the least
 * recently used key, what an exact LRU would evict; recency = the last lookup hit or insert, kept in a
 * Fenwick tree over access times), summarised as the share of rank-0 victims, the median and 90th
 * percentile rank as a fraction of the keys present, and the share of victims among the oldest quarter;
 * the <b>fill at the first eviction</b> (keys present / capacity when the map first evicted) and the
 * number of evictions that happened while the map was not full. Traces ({@link Trace}), generated in the
 * kit from fixed seeds: Zipf with s = 0.8, 1.0, 1.2; a loop (cyclic scan of the whole key space, larger than
 * every cache); a hot set mixed with a scan; a working set that shifts. Cache sizes: 1% .. 50% of the key
 * space.
 *
 * <h2>Kernel version</h2>
 * The BPF LRU is {@link LruHashTable} (v6.16 and later: {@code target_free = clamp((max_entries / N) / 2, 1,
 * 128)}). On the kernels before 6.16, target_free was always 128 and evictions started earlier still.
 *
 * <p>Results: {@code out/profile/lru.json}, {@code lru.csv} (one row per trace, size, CPU count and policy)
 * and charts {@code out/profile/lru-hit-ratio-<trace>.svg}, {@code lru-victim-rank.svg},
 * {@code lru-first-eviction.svg}.
 */
public final class LruStudy {
    /** Policy names used in the files (and in C4's rule). */
    public static final String COMMON = "common-lru";
    public static final String PERCPU = "percpu-lru";
    public static final String EXACT = "exact-lru";
    public static final String CAFFEINE = "caffeine";
    public static final List<String> POLICIES = List.of(COMMON, PERCPU, EXACT, CAFFEINE);

    private LruStudy() {
    }

    /** The traces. */
    public enum Trace {
        ZIPF_08("zipf-0.8", "independent Zipf(s = 0.8) draws over the key space"),
        ZIPF_10("zipf-1.0", "independent Zipf(s = 1.0) draws over the key space"),
        ZIPF_12("zipf-1.2", "independent Zipf(s = 1.2) draws over the key space"),
        LOOP("loop", "a cyclic scan 0, 1, ..., K-1, 0, 1, ... of the whole key space (larger than every cache)"),
        SCAN_HOT("scan-hot", "each access with probability 1/2 a uniform draw from a hot set of 5% of the keys,"
                + " otherwise the next key of a cyclic scan over the other 95%"),
        SHIFTING("shifting", "uniform draws from a working set of 10% of the keys that moves to the next disjoint"
                + " window every 1/8 of the trace");

        public final String id;
        public final String description;

        Trace(String id, String description) {
            this.id = id;
            this.description = description;
        }
    }

    /**
     * What the study measures.
     *
     * @param quick          recorded in the results
     * @param keySpace       distinct keys K
     * @param length         accesses per trace
     * @param cacheFractions cache sizes as fractions of K
     * @param cpus           logical CPU counts of the BPF LRU maps
     * @param traces         the traces
     * @param warmupFraction leading fraction of each trace not counted
     * @param seed           trace seed
     */
    public record Config(boolean quick, int keySpace, int length, double[] cacheFractions, int[] cpus, List<Trace> traces,
                         double warmupFraction, long seed) {
        public Config {
            if (keySpace < 100) {
                throw new IllegalArgumentException("keySpace = " + keySpace + ": at least 100 (1% must be a cache of 1 or more)");
            }
            if (length < keySpace) {
                throw new IllegalArgumentException("length = " + length + ": at least the key space " + keySpace);
            }
            if (cacheFractions == null || cacheFractions.length == 0) {
                throw new IllegalArgumentException("cacheFractions: at least one");
            }
            for (double f : cacheFractions) {
                if (!(f > 0 && f <= 1)) {
                    throw new IllegalArgumentException("cacheFractions: " + f + " is not in (0, 1]");
                }
            }
            if (cpus == null || cpus.length == 0) {
                throw new IllegalArgumentException("cpus: at least one CPU count");
            }
            for (int c : cpus) {
                if (c < 1 || c > 64) {
                    throw new IllegalArgumentException("cpus: " + c + " is not in 1..64");
                }
            }
            if (traces == null || traces.isEmpty()) {
                throw new IllegalArgumentException("traces: at least one");
            }
            if (!(warmupFraction >= 0 && warmupFraction < 1)) {
                throw new IllegalArgumentException("warmupFraction = " + warmupFraction + ": must be in [0, 1)");
            }
            cacheFractions = cacheFractions.clone();
            cpus = cpus.clone();
            traces = List.copyOf(traces);
        }

        public static final double[] FRACTIONS = {0.01, 0.02, 0.05, 0.10, 0.20, 0.50};

        /** 2^14 keys, 2^18 accesses per trace. */
        public static Config quickRun() {
            return new Config(true, 1 << 14, 1 << 18, FRACTIONS, new int[] {1, 2}, List.of(Trace.values()), 0.1, 0x1ee7L);
        }

        /** 2^16 keys, 2^21 accesses per trace. */
        public static Config fullRun() {
            return new Config(false, 1 << 16, 1 << 21, FRACTIONS, new int[] {1, 2}, List.of(Trace.values()), 0.1, 0x1ee7L);
        }

        /** Capacity for a fraction of the key space (at least 1). */
        public int capacity(double fraction) {
            return Math.max(1, (int) Math.round(keySpace * fraction));
        }
    }

    // =============================================================================================
    // Traces
    // =============================================================================================

    /** The key sequence of {@code t} (keys are 1..K: key 0 is left unused, as the selftests do). */
    public static int[] generate(Trace t, int keySpace, int length, long seed) {
        SplittableRandom r = new SplittableRandom(seed ^ (t.ordinal() * 0x9e37_79b9_7f4a_7c15L));
        int[] out = new int[length];
        switch (t) {
            case ZIPF_08:
            case ZIPF_10:
            case ZIPF_12: {
                double s = t == Trace.ZIPF_08 ? 0.8 : t == Trace.ZIPF_10 ? 1.0 : 1.2;
                double[] cdf = zipfCdf(keySpace, s);
                int[] perm = permutation(keySpace, r);
                for (int i = 0; i < length; i++) {
                    out[i] = perm[draw(cdf, r.nextDouble())] + 1;
                }
                break;
            }
            case LOOP:
                for (int i = 0; i < length; i++) {
                    out[i] = i % keySpace + 1;
                }
                break;
            case SCAN_HOT: {
                int hot = Math.max(1, keySpace / 20);
                int cold = keySpace - hot;
                int scan = 0;
                for (int i = 0; i < length; i++) {
                    if (r.nextBoolean()) {
                        out[i] = r.nextInt(hot) + 1;
                    } else {
                        out[i] = hot + 1 + scan;
                        scan = scan + 1 == cold ? 0 : scan + 1;
                    }
                }
                break;
            }
            case SHIFTING: {
                int ws = Math.max(1, keySpace / 10);
                int phase = Math.max(1, length / 8);
                for (int i = 0; i < length; i++) {
                    int base = (int) ((long) (i / phase) * ws % keySpace);
                    out[i] = (base + r.nextInt(ws)) % keySpace + 1;
                }
                break;
            }
            default:
                throw new IllegalArgumentException("trace = " + t);
        }
        return out;
    }

    static double[] zipfCdf(int n, double s) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            sum += 1.0 / Math.pow(k, s);
            cdf[k - 1] = sum;
        }
        for (int k = 0; k < n; k++) {
            cdf[k] /= sum;
        }
        cdf[n - 1] = 1.0;
        return cdf;
    }

    /** The rank (0-based) whose CDF interval holds {@code u}. */
    static int draw(double[] cdf, double u) {
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int[] permutation(int n, SplittableRandom r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int x = p[i];
            p[i] = p[j];
            p[j] = x;
        }
        return p;
    }

    // =============================================================================================
    // Recency order of the keys present (the exact-LRU order the victims are ranked in)
    // =============================================================================================

    /**
     * The keys present in a simulated map with the time of their last access (insert or lookup hit), and a
     * Fenwick tree over access times: the rank of a key in exact-LRU order (how many present keys were used
     * less recently) in O(log L).
     */
    static final class Recency {
        private final int[] last;
        private final int[] tree;
        private int present;

        Recency(int keySpace, int length) {
            this.last = new int[keySpace + 2];
            this.tree = new int[length + 2];
        }

        private void add(int time, int d) {
            for (int i = time; i < tree.length; i += i & -i) {
                tree[i] += d;
            }
        }

        private int prefix(int time) {
            int s = 0;
            for (int i = time; i > 0; i -= i & -i) {
                s += tree[i];
            }
            return s;
        }

        /** {@code key} was inserted or hit at {@code time} (1-based). */
        void touch(int key, int time) {
            if (last[key] != 0) {
                add(last[key], -1);
            } else {
                present++;
            }
            last[key] = time;
            add(time, 1);
        }

        /** Removes {@code key}; returns its rank (0 = least recent) or -1 if it was not present. */
        int evict(int key) {
            int t = last[key];
            if (t == 0) {
                return -1;
            }
            int rank = prefix(t - 1);
            add(t, -1);
            last[key] = 0;
            present--;
            return rank;
        }

        int present() {
            return present;
        }
    }

    // =============================================================================================
    // Simulation
    // =============================================================================================

    /** The result of one policy on one trace, cache size and CPU count. */
    public static final class Row {
        public final String trace;
        public final double cacheFraction;
        public final int capacity;
        public final int cpus;
        public final String policy;
        public long accesses;
        public long hits;
        /**
         * Evictions over the whole trace (warm-up included), and those triggered by an insert into a map that
         * was not full (keys present &lt; max_entries when the insert began).
         */
        public long evictions;
        public long evictionsBeforeFull;
        public long insertFailures;
        /** Keys present / max_entries when the insert that first evicted began; NaN when nothing was evicted. */
        public double firstEvictionFill = Double.NaN;
        /** Victim ranks (0 = least recent) and the keys present at each eviction after the warm-up. */
        final IntList ranks = new IntList();
        final IntList presentAt = new IntList();

        Row(String trace, double cacheFraction, int capacity, int cpus, String policy) {
            this.trace = trace;
            this.cacheFraction = cacheFraction;
            this.capacity = capacity;
            this.cpus = cpus;
            this.policy = policy;
        }

        public double hitRatio() {
            return accesses == 0 ? Double.NaN : (double) hits / accesses;
        }

        public boolean ranked() {
            return ranks.size > 0;
        }

        /** Share of evictions whose victim was the least recently used key present. */
        public double exactVictimShare() {
            if (ranks.size == 0) {
                return Double.NaN;
            }
            int n = 0;
            for (int i = 0; i < ranks.size; i++) {
                if (ranks.data[i] == 0) {
                    n++;
                }
            }
            return (double) n / ranks.size;
        }

        /** Share of victims among the least recent quarter of the keys present. */
        public double oldestQuarterShare() {
            if (ranks.size == 0) {
                return Double.NaN;
            }
            int n = 0;
            for (int i = 0; i < ranks.size; i++) {
                if (ranks.data[i] < presentAt.data[i] / 4.0) {
                    n++;
                }
            }
            return (double) n / ranks.size;
        }

        /** The q-quantile of rank / keys present (0 = least recent, near 1 = most recent). */
        public double rankFractionQuantile(double q) {
            if (ranks.size == 0) {
                return Double.NaN;
            }
            double[] f = new double[ranks.size];
            for (int i = 0; i < ranks.size; i++) {
                f[i] = presentAt.data[i] <= 1 ? 0 : (double) ranks.data[i] / (presentAt.data[i] - 1);
            }
            Arrays.sort(f);
            int idx = (int) Math.min(f.length - 1, Math.floor(q * f.length));
            return f[idx];
        }

        public double meanRankFraction() {
            if (ranks.size == 0) {
                return Double.NaN;
            }
            double s = 0;
            for (int i = 0; i < ranks.size; i++) {
                s += presentAt.data[i] <= 1 ? 0 : (double) ranks.data[i] / (presentAt.data[i] - 1);
            }
            return s / ranks.size;
        }

        /** Rank histogram over 10 buckets of rank / keys present. */
        public long[] rankHistogram() {
            long[] h = new long[10];
            for (int i = 0; i < ranks.size; i++) {
                double f = presentAt.data[i] <= 1 ? 0 : (double) ranks.data[i] / (presentAt.data[i] - 1);
                h[Math.min(9, (int) (f * 10))]++;
            }
            return h;
        }
    }

    /** A growable int array (the study records one entry per eviction). */
    static final class IntList {
        int[] data = new int[64];
        int size;

        void add(int v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }
    }

    /** Runs a BPF LRU map (common or per-CPU) on {@code trace}. */
    static Row simulateBpf(int[] trace, String traceId, double fraction, int capacity, int cpus, boolean percpu, int warmup) {
        MapSpec spec = MapSpec.builder(MapType.LRU_HASH).keySize(8).valueSize(8).maxEntries(capacity).cpus(cpus)
                .flags(percpu ? MapFlags.NO_COMMON_LRU : 0).hashSeed(0x5eed).build();
        LruHashTable map = LruHashTable.kernel(spec);
        int maxEntries = spec.maxEntries(); // the per-CPU LRU rounds up to a multiple of cpus
        Row row = new Row(traceId, fraction, maxEntries, cpus, percpu ? PERCPU : COMMON);
        Recency rec = new Recency(maxKey(trace), trace.length);
        boolean[] counting = {false};
        int[] presentBeforeInsert = {0};
        map.setEvictionListener((e, k) -> {
            int present = rec.present();
            int rank = rec.evict((int) k);
            // "Before full" is decided by the insert that triggered the eviction: a refill evicts a batch, and
            // only the first eviction of the batch sees the map as full as the insert did.
            int before = presentBeforeInsert[0];
            if (Double.isNaN(row.firstEvictionFill)) {
                row.firstEvictionFill = (double) before / maxEntries;
            }
            row.evictions++;
            if (before < maxEntries) {
                row.evictionsBeforeFull++;
            }
            if (counting[0] && rank >= 0) {
                row.ranks.add(rank);
                row.presentAt.add(present);
            }
        });
        LogicalCpu.Binding previous = LogicalCpu.bind(0);
        try {
            for (int i = 0; i < trace.length; i++) {
                int key = trace[i];
                counting[0] = i >= warmup;
                if (cpus > 1) {
                    LogicalCpu.set(i % cpus);
                }
                boolean hit = map.lookup(key, -1) != -1;
                if (hit) {
                    rec.touch(key, i + 1);
                } else if (insert(map, key, rec, presentBeforeInsert) == 0) {
                    rec.touch(key, i + 1);
                } else {
                    row.insertFailures++;
                }
                if (counting[0]) {
                    row.accesses++;
                    if (hit) {
                        row.hits++;
                    }
                }
            }
        } finally {
            previous.close();
        }
        return row;
    }

    private static int insert(LruHashTable map, int key, Recency rec, int[] presentBeforeInsert) {
        presentBeforeInsert[0] = rec.present();
        return map.update(key, key, UpdateFlags.ANY);
    }

    private static int maxKey(int[] trace) {
        int m = 0;
        for (int k : trace) {
            m = Math.max(m, k);
        }
        return m;
    }

    static Row simulateExact(int[] trace, String traceId, double fraction, int capacity, int warmup) {
        ExactLru c = new ExactLru(capacity);
        Row row = new Row(traceId, fraction, capacity, 1, EXACT);
        for (int i = 0; i < trace.length; i++) {
            int key = trace[i];
            boolean hit = c.get(key, -1) != -1;
            if (!hit) {
                int before = c.size();
                if (c.put(key, key)) {
                    if (Double.isNaN(row.firstEvictionFill)) {
                        row.firstEvictionFill = (double) before / capacity;
                    }
                    row.evictions++;
                    if (i >= warmup) {
                        row.ranks.add(0);
                        row.presentAt.add(before);
                    }
                }
            }
            if (i >= warmup) {
                row.accesses++;
                if (hit) {
                    row.hits++;
                }
            }
        }
        return row;
    }

    static Row simulateCaffeine(int[] trace, String traceId, double fraction, int capacity, int warmup) {
        Cache<Integer, Integer> c = Caffeine.newBuilder().maximumSize(capacity).executor(Runnable::run).build();
        Row row = new Row(traceId, fraction, capacity, 1, CAFFEINE);
        Integer[] boxed = new Integer[maxKey(trace) + 1];
        for (int i = 0; i < boxed.length; i++) {
            boxed[i] = i; // one object per key, as a caller holding its keys would pass them
        }
        for (int i = 0; i < trace.length; i++) {
            Integer key = boxed[trace[i]];
            boolean hit = c.getIfPresent(key) != null;
            if (!hit) {
                c.put(key, key);
            }
            if (i >= warmup) {
                row.accesses++;
                if (hit) {
                    row.hits++;
                }
            }
        }
        return row;
    }

    /** Every trace, size, CPU count and policy of {@code config}; progress to {@code log} (may be null). */
    public static List<Row> study(Config config, PrintStream log) {
        List<Row> rows = new ArrayList<>();
        for (Trace t : config.traces()) {
            long t0 = System.nanoTime();
            int[] trace = generate(t, config.keySpace(), config.length(), config.seed());
            int warmup = (int) (trace.length * config.warmupFraction());
            for (double f : config.cacheFractions()) {
                int cap = config.capacity(f);
                rows.add(simulateExact(trace, t.id, f, cap, warmup));
                rows.add(simulateCaffeine(trace, t.id, f, cap, warmup));
                for (int cpus : config.cpus()) {
                    rows.add(simulateBpf(trace, t.id, f, cap, cpus, false, warmup));
                    rows.add(simulateBpf(trace, t.id, f, cap, cpus, true, warmup));
                }
            }
            if (log != null) {
                log.printf(Locale.ROOT, "lru: %s (%.1f s)%n", t.id, (System.nanoTime() - t0) / 1e9);
            }
        }
        return rows;
    }

    // =============================================================================================
    // Results
    // =============================================================================================

    /** {@code ./maplab profile lru [--quick]}. */
    public static int run(boolean quick, Path out) {
        return run(quick ? Config.quickRun() : Config.fullRun(), out, System.out);
    }

    /** Runs {@code config}, writes the result files under {@code out/profile}, prints a summary; returns 0. */
    public static int run(Config config, Path out, PrintStream log) {
        long t0 = System.nanoTime();
        List<Row> rows = study(config, log);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Path dir = ResultFiles.profileDir(out);
        ObjectNode doc = toJson(config, rows, seconds);
        ResultFiles.writeJson(dir.resolve("lru.json"), doc);
        ResultFiles.writeText(dir.resolve("lru.csv"), toCsv(rows));
        writeCharts(config, rows, out);
        printSummary(doc, log);
        log.printf(Locale.ROOT, "lru: %d rows in %.1f s -> %s%n", rows.size(), seconds, dir.resolve("lru.json"));
        return 0;
    }

    /** The rows of one trace, size and CPU count, by policy (exact-lru and caffeine do not depend on the CPUs). */
    static Map<String, Row> group(List<Row> rows, String trace, double fraction, int cpus) {
        Map<String, Row> m = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.trace.equals(trace) && r.cacheFraction == fraction
                    && (r.policy.equals(EXACT) || r.policy.equals(CAFFEINE) || r.cpus == cpus)) {
                m.put(r.policy, r);
            }
        }
        return m;
    }

    static ObjectNode toJson(Config config, List<Row> rows, double seconds) {
        ObjectNode root = ResultFiles.JSON.createObjectNode();
        root.put("study", "lru");
        root.put("quick", config.quick());
        root.put("generated", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        root.put("seconds", Math.round(seconds * 10) / 10.0);
        root.put("kernel", "mainline v6.16+: target_free = clamp((max_entries / N) / 2, 1, 128), nr_scans 128 (common),"
                + " 4 (per-CPU LRU)");
        root.put("access", "program-style lookup; on a miss update(key, BPF_ANY); 2 CPUs: access i on CPU i % 2");
        root.put("rank", "victim rank in exact-LRU order among the keys present (0 = least recently used);"
                + " recency = last lookup hit or insert");
        root.put("key_space", config.keySpace());
        root.put("trace_length", config.length());
        root.put("warmup_fraction", config.warmupFraction());
        ArrayNode fr = root.putArray("cache_fractions");
        for (double f : config.cacheFractions()) {
            fr.add(f);
        }
        ArrayNode cp = root.putArray("cpus");
        for (int c : config.cpus()) {
            cp.add(c);
        }
        ArrayNode pol = root.putArray("policies");
        POLICIES.forEach(pol::add);
        ArrayNode tr = root.putArray("traces");
        for (Trace t : config.traces()) {
            ObjectNode n = tr.addObject();
            n.put("id", t.id);
            n.put("description", t.description);
        }
        ArrayNode out = root.putArray("rows");
        for (Trace t : config.traces()) {
            for (double f : config.cacheFractions()) {
                for (int cpus : config.cpus()) {
                    Map<String, Row> g = group(rows, t.id, f, cpus);
                    ObjectNode n = out.addObject();
                    n.put("trace", t.id);
                    n.put("cache_fraction", f);
                    n.put("capacity", config.capacity(f));
                    n.put("cpus", cpus);
                    ObjectNode hr = n.putObject("hit_ratio");
                    ObjectNode ev = n.putObject("evictions");
                    ObjectNode fill = n.putObject("first_eviction_fill");
                    ObjectNode early = n.putObject("evictions_before_full");
                    ObjectNode fails = n.putObject("insert_failures");
                    ObjectNode rank = n.putObject("victim_rank");
                    for (String p : POLICIES) {
                        Row r = g.get(p);
                        if (r == null) {
                            continue;
                        }
                        ResultFiles.num(hr, p, r.hitRatio());
                        if (!p.equals(CAFFEINE)) {
                            ev.put(p, r.evictions);
                            ResultFiles.num(fill, p, r.firstEvictionFill);
                            early.put(p, r.evictionsBeforeFull);
                            fails.put(p, r.insertFailures);
                        }
                        if (p.equals(COMMON) || p.equals(PERCPU)) {
                            ObjectNode rk = rank.putObject(p);
                            rk.put("evictions", r.ranks.size);
                            ResultFiles.num(rk, "exact_lru_share", r.exactVictimShare());
                            ResultFiles.num(rk, "oldest_quarter_share", r.oldestQuarterShare());
                            ResultFiles.num(rk, "median_rank_fraction", r.rankFractionQuantile(0.5));
                            ResultFiles.num(rk, "p90_rank_fraction", r.rankFractionQuantile(0.9));
                            ResultFiles.num(rk, "mean_rank_fraction", r.meanRankFraction());
                            ArrayNode h = rk.putArray("histogram_tenths");
                            for (long c : r.rankHistogram()) {
                                h.add(c);
                            }
                        }
                    }
                }
            }
        }
        root.set("summary", summary(config, rows));
        return root;
    }

    /** Aggregates over every row: hit-ratio gaps to exact LRU, victim ranks, early evictions. */
    static ObjectNode summary(Config config, List<Row> rows) {
        ObjectNode s = ResultFiles.JSON.createObjectNode();
        ObjectNode gaps = s.putObject("hit_ratio_gap_vs_exact");
        for (String p : List.of(COMMON, PERCPU, CAFFEINE)) {
            double sum = 0;
            int n = 0;
            double worst = Double.NEGATIVE_INFINITY;
            double best = Double.POSITIVE_INFINITY;
            String worstAt = "";
            String bestAt = "";
            for (Trace t : config.traces()) {
                for (double f : config.cacheFractions()) {
                    for (int cpus : config.cpus()) {
                        Map<String, Row> g = group(rows, t.id, f, cpus);
                        Row r = g.get(p);
                        Row e = g.get(EXACT);
                        if (r == null || e == null) {
                            continue;
                        }
                        double gap = e.hitRatio() - r.hitRatio(); // > 0: worse than exact LRU
                        sum += gap;
                        n++;
                        String at = t.id + ", " + pct(f) + " cache, " + cpus + " CPU" + (cpus == 1 ? "" : "s");
                        if (gap > worst) {
                            worst = gap;
                            worstAt = at;
                        }
                        if (gap < best) {
                            best = gap;
                            bestAt = at;
                        }
                    }
                }
            }
            ObjectNode g = gaps.putObject(p);
            g.put("rows", n);
            ResultFiles.num(g, "mean", n == 0 ? Double.NaN : sum / n);
            ResultFiles.num(g, "max", worst);
            g.put("max_at", worstAt);
            ResultFiles.num(g, "min", best);
            g.put("min_at", bestAt);
        }
        ObjectNode victims = s.putObject("victims");
        for (String p : List.of(COMMON, PERCPU)) {
            long ev = 0;
            long exact = 0;
            long quarter = 0;
            long early = 0;
            long fails = 0;
            double minFill = Double.POSITIVE_INFINITY;
            String minFillAt = "";
            for (Row r : rows) {
                if (!r.policy.equals(p)) {
                    continue;
                }
                ev += r.ranks.size;
                exact += Math.round(r.exactVictimShare() * r.ranks.size);
                quarter += Math.round(r.oldestQuarterShare() * r.ranks.size);
                early += r.evictionsBeforeFull;
                fails += r.insertFailures;
                if (!Double.isNaN(r.firstEvictionFill) && r.firstEvictionFill < minFill) {
                    minFill = r.firstEvictionFill;
                    minFillAt = r.trace + ", capacity " + r.capacity + ", " + r.cpus + " CPU" + (r.cpus == 1 ? "" : "s");
                }
            }
            ObjectNode v = victims.putObject(p);
            v.put("evictions", ev);
            ResultFiles.num(v, "exact_lru_share", ev == 0 ? Double.NaN : (double) exact / ev);
            ResultFiles.num(v, "oldest_quarter_share", ev == 0 ? Double.NaN : (double) quarter / ev);
            v.put("evictions_before_full", early);
            v.put("insert_failures", fails);
            ResultFiles.num(v, "min_first_eviction_fill", minFill == Double.POSITIVE_INFINITY ? Double.NaN : minFill);
            v.put("min_first_eviction_fill_at", minFillAt);
        }
        long fails = rows.stream().mapToLong(r -> r.insertFailures).sum();
        s.put("insert_failures", fails);
        return s;
    }

    static String pct(double f) {
        double p = f * 100;
        return (p == Math.rint(p) ? String.format(Locale.ROOT, "%.0f", p) : String.format(Locale.ROOT, "%.1f", p)) + "%";
    }

    static String toCsv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("trace,cache_fraction,capacity,cpus,policy,accesses,hits,hit_ratio,evictions,"
                + "evictions_before_full,first_eviction_fill,insert_failures,exact_lru_share,median_rank_fraction,"
                + "p90_rank_fraction\n");
        for (Row r : rows) {
            sb.append(r.trace).append(',').append(r.cacheFraction).append(',').append(r.capacity).append(',')
                    .append(r.cpus).append(',').append(r.policy).append(',').append(r.accesses).append(',').append(r.hits)
                    .append(',').append(ResultFiles.csv(r.hitRatio())).append(',').append(r.evictions).append(',')
                    .append(r.evictionsBeforeFull).append(',').append(ResultFiles.csv(r.firstEvictionFill)).append(',')
                    .append(r.insertFailures).append(',').append(ResultFiles.csv(r.exactVictimShare())).append(',')
                    .append(ResultFiles.csv(r.rankFractionQuantile(0.5))).append(',')
                    .append(ResultFiles.csv(r.rankFractionQuantile(0.9))).append('\n');
        }
        return sb.toString();
    }

    /** Chart files (relative to {@code out}). */
    public static String hitRatioChart(String trace) {
        return "profile/lru-hit-ratio-" + trace + ".svg";
    }

    public static final String VICTIM_RANK_CHART = "profile/lru-victim-rank.svg";
    public static final String FIRST_EVICTION_CHART = "profile/lru-first-eviction.svg";

    static void writeCharts(Config config, List<Row> rows, Path out) {
        System.setProperty("java.awt.headless", "true");
        int maxCpus = Arrays.stream(config.cpus()).max().orElse(1);
        try {
            for (Trace t : config.traces()) {
                List<Charts.Series> series = new ArrayList<>();
                for (String p : POLICIES) {
                    for (int cpus : config.cpus()) {
                        if ((p.equals(EXACT) || p.equals(CAFFEINE)) && cpus != config.cpus()[0]) {
                            continue;
                        }
                        List<double[]> pts = new ArrayList<>();
                        for (double f : config.cacheFractions()) {
                            Row r = group(rows, t.id, f, cpus).get(p);
                            if (r != null) {
                                pts.add(new double[] {f, r.hitRatio()});
                            }
                        }
                        String name = p.equals(EXACT) || p.equals(CAFFEINE) ? p : p + ", " + cpus + " CPU" + (cpus == 1 ? "" : "s");
                        series.add(new Charts.Series(name, pts, p.equals(EXACT)));
                    }
                }
                Charts.write(new Charts.Spec(hitRatioChart(t.id), "Hit ratio, " + t.id, "cache size (share of the key space)",
                        "hit ratio", Charts.XAxis.PERCENT, false, series, t.description + ". Exact LRU dashed."), out);
            }
            List<Charts.Series> rank = new ArrayList<>();
            List<Charts.Series> fill = new ArrayList<>();
            for (String p : List.of(COMMON, PERCPU)) {
                for (Trace t : config.traces()) {
                    List<double[]> pts = new ArrayList<>();
                    List<double[]> fpts = new ArrayList<>();
                    for (double f : config.cacheFractions()) {
                        Row r = group(rows, t.id, f, maxCpus).get(p);
                        if (r != null && r.ranked()) {
                            pts.add(new double[] {f, r.exactVictimShare()});
                        }
                        if (r != null && !Double.isNaN(r.firstEvictionFill)) {
                            fpts.add(new double[] {f, r.firstEvictionFill});
                        }
                    }
                    rank.add(new Charts.Series(p + ", " + t.id, pts, p.equals(PERCPU)));
                    fill.add(new Charts.Series(p + ", " + t.id, fpts, p.equals(PERCPU)));
                }
            }
            Charts.write(new Charts.Spec(VICTIM_RANK_CHART, "Share of evictions that remove the least recently used key ("
                    + maxCpus + " CPUs)", "cache size (share of the key space)", "share of victims with exact-LRU rank 0",
                    Charts.XAxis.PERCENT, false, rank, "1.0 would be exact LRU. Per-CPU LRU dashed."), out);
            Charts.write(new Charts.Spec(FIRST_EVICTION_CHART, "Fill at the first eviction (" + maxCpus + " CPUs)",
                    "cache size (share of the key space)", "keys present / max_entries at the first eviction",
                    Charts.XAxis.PERCENT, false, fill, "1.0: eviction starts only when the map is full. Per-CPU LRU dashed."), out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the lru charts", e);
        }
    }

    static void printSummary(ObjectNode doc, PrintStream log) {
        ObjectNode s = (ObjectNode) doc.get("summary");
        s.get("hit_ratio_gap_vs_exact").properties().forEach(e -> log.printf(Locale.ROOT,
                "lru: hit ratio %-11s vs exact LRU: mean gap %+.2f points, worst %+.2f (%s), best %+.2f (%s)%n", e.getKey(),
                100 * e.getValue().path("mean").asDouble(), 100 * e.getValue().path("max").asDouble(),
                e.getValue().path("max_at").asText(), 100 * e.getValue().path("min").asDouble(), e.getValue().path("min_at").asText()));
        s.get("victims").properties().forEach(e -> log.printf(Locale.ROOT,
                "lru: %-11s %d evictions, %.1f%% of them the least recent key, %.1f%% in the oldest quarter; %d before full;"
                        + " earliest first eviction at %.1f%% fill (%s); %d failed inserts%n",
                e.getKey(), e.getValue().path("evictions").asLong(), 100 * e.getValue().path("exact_lru_share").asDouble(),
                100 * e.getValue().path("oldest_quarter_share").asDouble(), e.getValue().path("evictions_before_full").asLong(),
                100 * e.getValue().path("min_first_eviction_fill").asDouble(), e.getValue().path("min_first_eviction_fill_at").asText(),
                e.getValue().path("insert_failures").asLong()));
    }

    /** Quick access for callers that want the BPF LRU's batch size next to the figures. */
    public static int targetFree(int capacity, int cpus) {
        return BpfLru.targetFree(capacity, cpus);
    }
}
