package dev.maplab.profile;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.maplab.api.Errno;
import dev.maplab.api.MapFlags;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import dev.maplab.hash.ChainProbe;
import dev.maplab.hash.HashTable;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The chain-length study of the hash table ({@code ./maplab profile chains}), for claim C1: does a very
 * large map make lookups slow because its chains grow?
 *
 * <p>For max_entries 2^6 .. 2^22 (quick: .. 2^16) and fills of 1/16 .. 16/16 of max_entries (quick: 1, 4,
 * 8, 12, 16 sixteenths), a HASH map ({@code n_buckets = roundup_pow_of_two(max_entries)}, so the load
 * is at most 1) is filled with keys of one distribution, and after each fill step the chains are read in
 * one pass ({@link ChainProbe}). Reported per distribution, size and fill:
 * <ul>
 *   <li>the histogram of chain lengths, their mean (over all buckets, = load; and over non-empty ones)
 *       and their maximum;</li>
 *   <li>the exact mean number of elements a successful lookup visits (average over present keys of the
 *       key's 1-based position in its chain, newest first) and an unsuccessful one visits (average chain
 *       length over buckets: a miss lands on a uniformly chosen bucket), plus the mean chain length met
 *       by misses drawn from the same distribution as the keys (the attacker's misses collide too);</li>
 *   <li>beside each, the Poisson expectation for load = entries / n_buckets ({@link Poisson}): P(len = k),
 *       expected maximum over n_buckets chains, 1 + load/2 and load; and the total variation distance
 *       between the observed histogram and the model.</li>
 * </ul>
 * Distributions ({@link Distribution}): sequential integers and uniformly random keys in a map with a
 * fixed random seed; and an adversarial set, keys searched so that their hash under seed 0 puts them in
 * bucket 0, inserted into a zero-seed map ({@code BPF_F_ZERO_SEED}: all in one chain; a HASH map still
 * accepts max_entries of them) and into a random-seed map (the chains look Poisson again): what the
 * kernel's per-map random seed buys. The adversarial search costs about {@code 2^(2k)} hash evaluations
 * for maps of {@code 2^k} buckets, so it covers sizes up to {@link Config#adversarialMaxLog2}.
 *
 * <p>Results: {@code out/profile/chains.json} (parameters, then per distribution, per size, per fill),
 * {@code chains.csv} (one row per distribution, size and fill) and {@code chains-histogram.csv} (one row
 * per chain length), each written whole or not at all. The figures are a deterministic function of the
 * configuration (fixed key seed, fixed map seed).
 *
 * <p>{@link #summariseJfr} turns a recording of {@code dev.maplab.HashLookup} events (a benchmark run
 * with JFR) into {@code out/profile/chains-jfr.json}; see {@link JfrSummary}.
 */
public final class ChainStudy {
    /** The fills are multiples of 1/16 of max_entries, as in the kernel's lookup benchmark (6% .. 100%). */
    public static final int FILL_DENOMINATOR = 16;

    private ChainStudy() {
    }

    /** The key sets of the study. */
    public enum Distribution {
        SEQUENTIAL("sequential", "keys 0, 1, 2, ... into a map with a fixed random seed"),
        UNIFORM("uniform", "distinct uniformly distributed 64-bit keys into a map with a fixed random seed"),
        ADVERSARIAL_ZERO_SEED("adversarial-zero-seed",
                "keys searched so that htab_map_hash(key, seed 0) & (2^k - 1) == 0, into a BPF_F_ZERO_SEED map:"
                        + " all of them in bucket 0"),
        ADVERSARIAL_RANDOM_SEED("adversarial-random-seed",
                "the same searched keys into a map with a random seed: the attack no longer aims");

        private final String id;
        private final String description;

        Distribution(String id, String description) {
            this.id = id;
            this.description = description;
        }

        /** The name used in the result files. */
        public String id() {
            return id;
        }

        public String description() {
            return description;
        }

        boolean adversarial() {
            return this == ADVERSARIAL_ZERO_SEED || this == ADVERSARIAL_RANDOM_SEED;
        }
    }

    /**
     * What the study measures.
     *
     * @param quick              recorded in the results (the quick preset or not)
     * @param minLog2            smallest max_entries, as a power of two
     * @param maxLog2            largest max_entries, as a power of two (at most 26)
     * @param fillSixteenths     fills in sixteenths of max_entries, ascending, each in 1..16
     * @param distributions      key sets to study
     * @param adversarialMaxLog2 largest max_entries of the adversarial sets (their key search grows as 4^k)
     * @param missProbes         absent keys of each distribution looked up for the same-distribution miss figure
     * @param keySeed            seed of the uniform keys
     * @param mapSeed            the hash seed of the "random seed" maps (fixed, so results are reproducible)
     */
    public record Config(boolean quick, int minLog2, int maxLog2, int[] fillSixteenths, Set<Distribution> distributions,
            int adversarialMaxLog2, int missProbes, long keySeed, int mapSeed) {
        public Config {
            if (minLog2 < 0 || maxLog2 > 26 || minLog2 > maxLog2) {
                throw new IllegalArgumentException("max_entries range = 2^" + minLog2 + "..2^" + maxLog2
                        + ": must satisfy 0 <= min <= max <= 26");
            }
            if (fillSixteenths == null || fillSixteenths.length == 0) {
                throw new IllegalArgumentException("fillSixteenths = " + Arrays.toString(fillSixteenths) + ": at least one fill");
            }
            fillSixteenths = fillSixteenths.clone();
            for (int i = 0; i < fillSixteenths.length; i++) {
                int f = fillSixteenths[i];
                if (f < 1 || f > FILL_DENOMINATOR || (i > 0 && f <= fillSixteenths[i - 1])) {
                    throw new IllegalArgumentException("fillSixteenths = " + Arrays.toString(fillSixteenths)
                            + ": strictly ascending values in 1..16");
                }
            }
            if (distributions == null || distributions.isEmpty()) {
                throw new IllegalArgumentException("distributions = " + distributions + ": at least one");
            }
            distributions = Set.copyOf(EnumSet.copyOf(distributions));
            if (adversarialMaxLog2 < 0 || adversarialMaxLog2 > 20) {
                throw new IllegalArgumentException("adversarialMaxLog2 = " + adversarialMaxLog2
                        + ": must be in [0, 20] (the key search costs about 4^k hash evaluations)");
            }
            if (missProbes < 1 || missProbes > 1 << 20) {
                throw new IllegalArgumentException("missProbes = " + missProbes + ": must be in [1, 2^20]");
            }
        }

        /** 2^6 .. 2^16, fills 1, 4, 8, 12, 16 sixteenths, adversarial sets up to 2^14: a few seconds. */
        public static Config quickRun() {
            return new Config(true, 6, 16, new int[] {1, 4, 8, 12, 16}, EnumSet.allOf(Distribution.class), 14, 1024,
                    0x5eedL, 0x6d61706c);
        }

        /** 2^6 .. 2^22, every sixteenth, adversarial sets up to 2^16 (about 2^32 hash evaluations of search). */
        public static Config fullRun() {
            return new Config(false, 6, 22, new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
                    EnumSet.allOf(Distribution.class), 16, 1024, 0x5eedL, 0x6d61706c);
        }

        /** The same configuration with another max_entries range. */
        public Config withSizes(int min, int max) {
            return new Config(quick, min, max, fillSixteenths, distributions, adversarialMaxLog2, missProbes, keySeed, mapSeed);
        }

        /** The same configuration with other fills. */
        public Config withFills(int... sixteenths) {
            return new Config(quick, minLog2, maxLog2, sixteenths, distributions, adversarialMaxLog2, missProbes, keySeed, mapSeed);
        }

        /** The same configuration with other distributions. */
        public Config withDistributions(Set<Distribution> d) {
            return new Config(quick, minLog2, maxLog2, fillSixteenths, d, adversarialMaxLog2, missProbes, keySeed, mapSeed);
        }

        /** The same configuration with another adversarial size limit. */
        public Config withAdversarialMaxLog2(int log2) {
            return new Config(quick, minLog2, maxLog2, fillSixteenths, distributions, log2, missProbes, keySeed, mapSeed);
        }

        /** Largest max_entries exponent studied for {@code d}. */
        int maxLog2For(Distribution d) {
            return d.adversarial() ? Math.min(maxLog2, adversarialMaxLog2) : maxLog2;
        }

        @Override
        public int[] fillSixteenths() {
            return fillSixteenths.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Config c && quick == c.quick && minLog2 == c.minLog2 && maxLog2 == c.maxLog2
                    && Arrays.equals(fillSixteenths, c.fillSixteenths) && distributions.equals(c.distributions)
                    && adversarialMaxLog2 == c.adversarialMaxLog2 && missProbes == c.missProbes
                    && keySeed == c.keySeed && mapSeed == c.mapSeed;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(fillSixteenths) * 31 + distributions.hashCode() + minLog2 * 7 + maxLog2;
        }

        @Override
        public String toString() {
            return "Config{quick=" + quick + ", max_entries=2^" + minLog2 + "..2^" + maxLog2 + ", fills/16="
                    + Arrays.toString(fillSixteenths) + ", distributions=" + distributions + ", adversarial<=2^"
                    + adversarialMaxLog2 + ", missProbes=" + missProbes + "}";
        }
    }

    /**
     * The figures of one distribution, size and fill.
     *
     * @param distribution     the key set
     * @param hashSeed         the map's hash seed
     * @param maxEntries       max_entries of the map
     * @param nBuckets         its buckets
     * @param fillSixteenths   entries = max_entries * fillSixteenths / 16
     * @param chains           the chain figures after the fill
     * @param missSameDistribution mean chain length of the buckets that absent keys of the same distribution land on
     */
    public record Row(Distribution distribution, int hashSeed, int maxEntries, int nBuckets, int fillSixteenths,
            ChainProbe.Snapshot chains, double missSameDistribution) {

        public long entries() {
            return chains.elements();
        }

        public double fill() {
            return (double) fillSixteenths / FILL_DENOMINATOR;
        }

        public double load() {
            return chains.load();
        }

        public double poissonExpectedMax() {
            return Poisson.expectedMax(load(), nBuckets);
        }

        public double poissonTotalVariation() {
            return Poisson.totalVariation(chains.histogram(), nBuckets, load());
        }
    }

    // =============================================================================================
    // Running
    // =============================================================================================

    /** Runs the study and writes {@code out/profile/chains.json} and {@code chains.csv}; returns an exit code. */
    public static int run(boolean quick, Path out) {
        return run(quick ? Config.quickRun() : Config.fullRun(), out, System.out);
    }

    /** Runs {@code config}, writes the result files under {@code out/profile}, prints a summary; returns 0. */
    public static int run(Config config, Path out, PrintStream log) {
        long t0 = System.nanoTime();
        List<Row> rows = study(config, log);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Path dir = ResultFiles.profileDir(out);
        ResultFiles.writeJson(dir.resolve("chains.json"), toJson(config, rows, seconds));
        ResultFiles.writeText(dir.resolve("chains.csv"), toCsv(rows));
        ResultFiles.writeText(dir.resolve("chains-histogram.csv"), toHistogramCsv(rows));
        printSummary(config, rows, log);
        log.printf(Locale.ROOT, "chains: %d rows in %.1f s -> %s%n", rows.size(), seconds, dir.resolve("chains.json"));
        return 0;
    }

    /** Reads a JFR recording (a .jfr file, or a folder searched for them) and writes {@code out/profile/chains-jfr.json}. */
    public static int summariseJfr(Path jfr, Path out) {
        return JfrSummary.run(jfr, out, System.out, System.err);
    }

    /** Measures every distribution, size and fill of {@code config}; progress goes to {@code log} (may be null). */
    public static List<Row> study(Config config, PrintStream log) {
        List<Row> rows = new ArrayList<>();
        long[] adversarial = null;
        int advLog2 = Math.min(config.adversarialMaxLog2(), config.maxLog2());
        for (Distribution d : EnumSet.copyOf(config.distributions())) {
            if (d.adversarial() && adversarial == null && advLog2 >= config.minLog2()) {
                long t0 = System.nanoTime();
                adversarial = KeySets.colliding(advLog2, (1 << advLog2) + config.missProbes(), 0);
                if (log != null) {
                    log.printf(Locale.ROOT, "chains: searched %d keys in bucket 0 of 2^%d buckets under seed 0 (%.1f s)%n",
                            adversarial.length, advLog2, (System.nanoTime() - t0) / 1e9);
                }
            }
            for (int log2 = config.minLog2(); log2 <= config.maxLog2For(d); log2++) {
                long t0 = System.nanoTime();
                rows.addAll(measure(d, 1 << log2, config, adversarial, advLog2));
                if (log != null && log2 >= 18) {
                    log.printf(Locale.ROOT, "chains: %s 2^%d (%.1f s)%n", d.id(), log2, (System.nanoTime() - t0) / 1e9);
                }
            }
        }
        return rows;
    }

    /** Fills one map of {@code maxEntries} step by step and takes the figures after each fill. */
    static List<Row> measure(Distribution d, int maxEntries, Config config, long[] adversarial, int advLog2) {
        int probes = config.missProbes();
        long[] keys;
        long[] missKeys;
        switch (d) {
            case SEQUENTIAL: {
                long[] all = KeySets.sequential(maxEntries + probes);
                keys = all;
                missKeys = Arrays.copyOfRange(all, maxEntries, maxEntries + probes);
                break;
            }
            case UNIFORM: {
                long[] all = KeySets.uniform(config.keySeed(), maxEntries + probes);
                keys = all;
                missKeys = Arrays.copyOfRange(all, maxEntries, maxEntries + probes);
                break;
            }
            default: {
                // The first maxEntries searched keys; misses come from past the largest adversarial size, so
                // they are absent at every size and still collide.
                keys = adversarial;
                missKeys = Arrays.copyOfRange(adversarial, 1 << advLog2, (1 << advLog2) + probes);
                break;
            }
        }
        MapSpec.Builder spec = MapSpec.builder(MapType.HASH).keySize(8).valueSize(8).maxEntries(maxEntries);
        if (d == Distribution.ADVERSARIAL_ZERO_SEED) {
            spec.flags(MapFlags.ZERO_SEED);
        } else {
            spec.hashSeed(config.mapSeed());
        }
        HashTable table = HashTable.kernel(spec.build());
        int[] lengths = new int[table.nBuckets()];
        List<Row> rows = new ArrayList<>();
        int inserted = 0;
        for (int f : config.fillSixteenths()) {
            int target = (int) ((long) maxEntries * f / FILL_DENOMINATOR);
            for (; inserted < target; inserted++) {
                int r = table.update(keys[inserted], inserted, UpdateFlags.NOEXIST);
                if (r != 0) {
                    throw new IllegalStateException(d.id() + ": inserting key " + inserted + " of " + target
                            + " into " + table + " gave " + Errno.describe(r));
                }
            }
            long linked = ChainProbe.chainLengths(table, lengths);
            if (linked != target) {
                throw new IllegalStateException(d.id() + ": " + linked + " elements linked after " + target + " inserts");
            }
            ChainProbe.Snapshot snap = ChainProbe.Snapshot.of(lengths, table.nBuckets());
            double missSum = 0;
            for (long k : missKeys) {
                missSum += lengths[table.bucketOf(k)];
            }
            rows.add(new Row(d, table.seed(), maxEntries, table.nBuckets(), f, snap, missSum / missKeys.length));
        }
        return rows;
    }

    // =============================================================================================
    // Result files
    // =============================================================================================

    static ObjectNode toJson(Config config, List<Row> rows, double seconds) {
        ObjectNode doc = ResultFiles.JSON.createObjectNode();
        doc.put("study", "chains");
        doc.put("claim", "C1");
        doc.put("generated", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        doc.put("elapsedSeconds", Math.round(seconds * 10) / 10.0);

        ObjectNode p = doc.putObject("parameters");
        p.put("quick", config.quick());
        p.put("mapType", "HASH");
        p.put("keySize", 8);
        p.put("valueSize", 8);
        p.put("replaceProtocol", "KERNEL");
        p.put("nBuckets", "roundup_pow_of_two(max_entries)");
        ObjectNode sizes = p.putObject("maxEntriesLog2");
        sizes.put("min", config.minLog2());
        sizes.put("max", config.maxLog2());
        ArrayNode fills = p.putArray("fillSixteenths");
        for (int f : config.fillSixteenths()) {
            fills.add(f);
        }
        p.put("keySeed", config.keySeed());
        p.put("mapSeed", config.mapSeed());
        p.put("missProbes", config.missProbes());
        ObjectNode adv = p.putObject("adversarial");
        int advLog2 = Math.min(config.adversarialMaxLog2(), config.maxLog2());
        adv.put("searchSeed", 0);
        adv.put("targetBucket", 0);
        adv.put("searchLog2", advLog2);
        adv.put("maxEntriesLog2Max", advLog2);
        adv.put("note", "keys k = 0, 1, 2, ... kept when (htab_map_hash(k, 0) & (2^" + advLog2 + " - 1)) == 0: bucket 0"
                + " of every zero-seed map up to 2^" + advLog2 + " buckets; about 2^" + (2 * advLog2)
                + " hash evaluations, so larger sizes are not covered");
        ObjectNode defs = p.putObject("definitions");
        defs.put("chain.mean", "mean chain length over all buckets (= load)");
        defs.put("chain.meanNonEmpty", "mean chain length over non-empty buckets");
        defs.put("lookup.successful", "mean over present keys of the key's 1-based position in its chain (newest first):"
                + " elements a hit visits");
        defs.put("lookup.unsuccessful", "mean chain length over buckets (= load): elements a miss on a uniform bucket visits");
        defs.put("lookup.unsuccessfulSameDistribution", "mean chain length of the buckets that " + config.missProbes()
                + " absent keys of the same distribution land on (adversarial misses collide too)");
        defs.put("poisson", "Poisson(load), load = entries / n_buckets: P(len = k), expected max of n_buckets chains,"
                + " 1 + load/2 for a hit, load for a miss");
        defs.put("poissonTvd", "total variation distance between the observed chain-length distribution and Poisson(load):"
                + " 0 identical, 1 disjoint");
        defs.put("chain.histogram", "rows {length, buckets, poisson}: every length up to where Poisson expects"
                + " fewer than 0.01 buckets longer, then every observed length");

        ArrayNode dists = doc.putArray("distributions");
        for (Distribution d : EnumSet.copyOf(config.distributions())) {
            ObjectNode dn = dists.addObject();
            dn.put("name", d.id());
            dn.put("description", d.description());
            ArrayNode sizeList = dn.putArray("sizes");
            ObjectNode sizeNode = null;
            ArrayNode fillList = null;
            for (Row r : rows) {
                if (r.distribution() != d) {
                    continue;
                }
                if (sizeNode == null || sizeNode.get("maxEntries").asInt() != r.maxEntries()) {
                    sizeNode = sizeList.addObject();
                    sizeNode.put("maxEntries", r.maxEntries());
                    sizeNode.put("nBuckets", r.nBuckets());
                    sizeNode.put("hashSeed", r.hashSeed());
                    fillList = sizeNode.putArray("fills");
                }
                fillList.add(rowJson(r));
            }
        }
        return doc;
    }

    private static ObjectNode rowJson(Row r) {
        ObjectNode n = ResultFiles.JSON.createObjectNode();
        ChainProbe.Snapshot s = r.chains();
        double load = r.load();
        n.put("fillSixteenths", r.fillSixteenths());
        n.put("fill", r.fill());
        n.put("entries", r.entries());
        n.put("load", load);

        ObjectNode chain = n.putObject("chain");
        ResultFiles.num(chain, "mean", load);
        ResultFiles.num(chain, "meanNonEmpty", s.meanNonEmpty());
        chain.put("max", s.maxChain());
        chain.put("emptyBuckets", s.buckets(0));
        ArrayNode hist = chain.putArray("histogram");
        int dense = Math.max(Poisson.lastSignificant(load, r.nBuckets(), 0.01), Math.min(s.maxChain(), 64));
        double[] model = Poisson.pmfs(load, dense);
        for (int k = 0; k <= Math.max(dense, s.maxChain()); k++) {
            if (k > dense && s.buckets(k) == 0) {
                continue;
            }
            ObjectNode h = hist.addObject();
            h.put("length", k);
            h.put("buckets", s.buckets(k));
            h.put("poisson", k <= dense ? model[k] * r.nBuckets() : Poisson.pmf(load, k) * r.nBuckets());
        }

        ObjectNode lookup = n.putObject("lookup");
        ResultFiles.num(lookup, "successful", s.successful());
        ResultFiles.num(lookup, "unsuccessful", s.unsuccessful());
        ResultFiles.num(lookup, "unsuccessfulSameDistribution", r.missSameDistribution());

        ObjectNode poisson = n.putObject("poisson");
        ResultFiles.num(poisson, "expectedMax", r.poissonExpectedMax());
        ResultFiles.num(poisson, "successful", Poisson.successful(load));
        ResultFiles.num(poisson, "unsuccessful", Poisson.unsuccessful(load));
        ResultFiles.num(poisson, "emptyBuckets", Poisson.pmf(load, 0) * r.nBuckets());
        ResultFiles.num(n, "poissonTvd", r.poissonTotalVariation());
        return n;
    }

    static final String CSV_HEADER = "distribution,hash_seed,max_entries,n_buckets,fill_sixteenths,fill,entries,load,"
            + "mean_chain,mean_chain_nonempty,max_chain,poisson_expected_max,empty_buckets,poisson_empty_buckets,"
            + "successful,poisson_successful,poisson_successful_sd,unsuccessful,poisson_unsuccessful,"
            + "unsuccessful_same_distribution,poisson_tvd";

    static String toCsv(List<Row> rows) {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (Row r : rows) {
            ChainProbe.Snapshot s = r.chains();
            double load = r.load();
            sb.append(r.distribution().id()).append(',')
                    .append(r.hashSeed()).append(',')
                    .append(r.maxEntries()).append(',')
                    .append(r.nBuckets()).append(',')
                    .append(r.fillSixteenths()).append(',')
                    .append(r.fill()).append(',')
                    .append(r.entries()).append(',')
                    .append(ResultFiles.csv(load)).append(',')
                    .append(ResultFiles.csv(load)).append(',')
                    .append(ResultFiles.csv(s.meanNonEmpty())).append(',')
                    .append(s.maxChain()).append(',')
                    .append(ResultFiles.csv(r.poissonExpectedMax())).append(',')
                    .append(s.buckets(0)).append(',')
                    .append(ResultFiles.csv(Poisson.pmf(load, 0) * r.nBuckets())).append(',')
                    .append(ResultFiles.csv(s.successful())).append(',')
                    .append(ResultFiles.csv(Poisson.successful(load))).append(',')
                    .append(ResultFiles.csv(Poisson.successfulSd(r.entries(), r.nBuckets()))).append(',')
                    .append(ResultFiles.csv(s.unsuccessful())).append(',')
                    .append(ResultFiles.csv(Poisson.unsuccessful(load))).append(',')
                    .append(ResultFiles.csv(r.missSameDistribution())).append(',')
                    .append(ResultFiles.csv(r.poissonTotalVariation())).append('\n');
        }
        return sb.toString();
    }

    static String toHistogramCsv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("distribution,max_entries,fill_sixteenths,length,buckets,poisson_buckets\n");
        for (Row r : rows) {
            ChainProbe.Snapshot s = r.chains();
            int dense = Math.max(Poisson.lastSignificant(r.load(), r.nBuckets(), 0.01), Math.min(s.maxChain(), 64));
            double[] model = Poisson.pmfs(r.load(), dense);
            for (int k = 0; k <= Math.max(dense, s.maxChain()); k++) {
                if (k > dense && s.buckets(k) == 0) {
                    continue;
                }
                double expected = (k <= dense ? model[k] : Poisson.pmf(r.load(), k)) * r.nBuckets();
                sb.append(r.distribution().id()).append(',').append(r.maxEntries()).append(',')
                        .append(r.fillSixteenths()).append(',').append(k).append(',').append(s.buckets(k)).append(',')
                        .append(ResultFiles.csv(expected)).append('\n');
            }
        }
        return sb.toString();
    }

    /** One line per distribution and size at the fullest fill: what C1 turns on. */
    private static void printSummary(Config config, List<Row> rows, PrintStream log) {
        if (log == null) {
            return;
        }
        int full = config.fillSixteenths()[config.fillSixteenths().length - 1];
        log.printf(Locale.ROOT, "chains at fill %d/16:%n", full);
        log.printf(Locale.ROOT, "  %-24s %10s %8s %7s %9s %10s %9s %10s %7s%n", "distribution", "max_entries", "load",
                "max", "E[max]", "hit walk", "1+load/2", "miss(same)", "tvd");
        for (Row r : rows) {
            if (r.fillSixteenths() != full) {
                continue;
            }
            ChainProbe.Snapshot s = r.chains();
            log.printf(Locale.ROOT, "  %-24s %10d %8.4f %7d %9.2f %10.3f %9.3f %10.3f %7.4f%n", r.distribution().id(),
                    r.maxEntries(), r.load(), s.maxChain(), r.poissonExpectedMax(), s.successful(),
                    Poisson.successful(r.load()), r.missSameDistribution(), r.poissonTotalVariation());
        }
    }
}
