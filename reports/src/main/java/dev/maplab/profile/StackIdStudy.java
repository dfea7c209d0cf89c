package dev.maplab.profile;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.maplab.api.Errno;
import dev.maplab.stacktrace.StackTraceMap;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The stack-id collision study ({@code ./maplab profile stacktrace}), for claim C18: a STACK_TRACE map
 * stores stacks "under a 32-bit hash id", but the id is {@code jhash2(ips) & (n_buckets - 1)}, one bucket
 * per id and no chaining. How many distinct stacks does it refuse ({@code -EEXIST}), against map size and
 * number of stacks, and does that follow the birthday bound for n_buckets?
 *
 * <p>For n_buckets = max_entries = 2^b (quick: b = 10, 12, 14, 16; full: 10..20 step 2) and k distinct
 * stacks, k = n/16, n/8, n/4, n/2, n, 2n, 4n, each trial builds a fresh map (127-frame values) and calls
 * {@code bpf_get_stackid(stack, 0)} once per stack. The stacks are random (4..16 frames of random
 * kernel-like addresses; distinct with probability 1 - k^2/2^65). Measured per (n, k), averaged over the
 * trials:
 * <ul>
 *   <li>{@code refused}: the fraction of stacks that got {@code -EEXIST} (their id was taken by another
 *       stack; with {@code BPF_F_REUSE_STACKID} they would evict it instead: the same number of stacks is
 *       lost either way);</li>
 *   <li>{@code p_collision}: the fraction of trials in which at least one stack was refused;</li>
 *   <li>{@code hash32_pairs}: pairs of distinct stacks with the same full 32-bit hash (the ones
 *       {@code BPF_F_FAST_STACK_CMP} would confuse).</li>
 * </ul>
 * Beside each, computed (not measured) from a uniform hash into n buckets (the birthday model):
 * <ul>
 *   <li>expected stored ids {@code n (1 - (1 - 1/n)^k)}, so expected refused fraction
 *       {@code 1 - n (1 - (1 - 1/n)^k) / k};</li>
 *   <li>{@code P(any collision) = 1 - prod_{i<k} (1 - i/n)} (1 when k > n), the birthday bound, and its
 *       usual approximation {@code 1 - exp(-k(k-1)/2n)};</li>
 *   <li>expected 32-bit hash pairs {@code C(k,2) / 2^32}; and the number of stacks at which a collision
 *       becomes more likely than not, {@code sqrt(2 n ln 2)}, for n buckets and for 2^32.</li>
 * </ul>
 * Results: {@code out/profile/stacktrace.json} and {@code stacktrace.csv}, written whole or not at all.
 * Deterministic for a configuration (fixed seeds).
 */
public final class StackIdStudy {
    /** Fills: stacks per bucket, as fractions n * num / 16. */
    static final int[] SIXTEENTHS = {1, 2, 4, 8, 16, 32, 64};

    private StackIdStudy() {
    }

    /**
     * What the study measures.
     *
     * @param quick   recorded in the results
     * @param log2s   the n_buckets exponents, ascending
     * @param trials  maps per (n, k)
     * @param seed    the stacks' seed
     */
    public record Config(boolean quick, int[] log2s, int trials, long seed) {
        public Config {
            if (log2s == null || log2s.length == 0) {
                throw new IllegalArgumentException("log2s = " + Arrays.toString(log2s) + ": at least one size");
            }
            log2s = log2s.clone();
            for (int i = 0; i < log2s.length; i++) {
                if (log2s[i] < 1 || log2s[i] > 22 || (i > 0 && log2s[i] <= log2s[i - 1])) {
                    throw new IllegalArgumentException("log2s = " + Arrays.toString(log2s) + ": strictly ascending, each in 1..22");
                }
            }
            if (trials < 1 || trials > 1000) {
                throw new IllegalArgumentException("trials = " + trials + ": must be in 1..1000");
            }
        }

        public static Config quickRun() {
            return new Config(true, new int[] {10, 12, 14, 16}, 3, 0x57ac4L);
        }

        public static Config fullRun() {
            return new Config(false, new int[] {10, 12, 14, 16, 18, 20}, 10, 0x57ac4L);
        }

        @Override
        public int[] log2s() {
            return log2s.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Config c && quick == c.quick && Arrays.equals(log2s, c.log2s) && trials == c.trials && seed == c.seed;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(log2s) * 31 + trials;
        }

        @Override
        public String toString() {
            return "Config{quick=" + quick + ", n_buckets=2^" + Arrays.toString(log2s) + ", trials=" + trials + "}";
        }
    }

    /** One (n, k) cell, measured and modelled. */
    public record Row(int nBuckets, int stacks, int trials, double refusedMeasured, double refusedExpected,
                      double pCollisionMeasured, double pCollisionExpected, double pCollisionApprox,
                      double hash32PairsMeasured, double hash32PairsExpected, double seconds) {
        public double load() {
            return (double) stacks / nBuckets;
        }

        public double storedMeasured() {
            return stacks * (1 - refusedMeasured);
        }

        public double storedExpected() {
            return expectedStored(nBuckets, stacks);
        }
    }

    // =============================================================================================
    // The model (computed)
    // =============================================================================================

    /** Expected distinct ids taken by {@code k} stacks hashed uniformly into {@code n} buckets. */
    public static double expectedStored(long n, long k) {
        // n (1 - (1 - 1/n)^k), with log1p/expm1 for accuracy at large n.
        return -n * Math.expm1(k * Math.log1p(-1.0 / n));
    }

    /** Expected fraction of the {@code k} stacks refused (-EEXIST): {@code 1 - stored / k}. */
    public static double expectedRefused(long n, long k) {
        return k == 0 ? 0 : 1 - expectedStored(n, k) / k;
    }

    /** The birthday bound: P(at least two of {@code k} uniform draws from {@code n} coincide) = 1 - prod (1 - i/n). */
    public static double birthdayCollision(double n, long k) {
        if (k > n) {
            return 1.0;
        }
        double logNone = 0;
        for (long i = 1; i < k; i++) {
            logNone += Math.log1p(-i / n);
        }
        return logNone == 0 ? 0.0 : -Math.expm1(logNone);
    }

    /** The usual approximation of the birthday bound: {@code 1 - exp(-k(k-1)/2n)}. */
    public static double birthdayApprox(double n, long k) {
        return -Math.expm1(-(double) k * (k - 1) / (2 * n));
    }

    /** Draws at which a collision becomes more likely than not: {@code sqrt(2 n ln 2)}. */
    public static double halfCollisionDraws(double n) {
        return Math.sqrt(2 * n * Math.log(2));
    }

    // =============================================================================================
    // Running
    // =============================================================================================

    /** Runs the study and writes {@code out/profile/stacktrace.json} and {@code stacktrace.csv}; returns an exit code. */
    public static int run(boolean quick, Path out) {
        return run(quick ? Config.quickRun() : Config.fullRun(), out, System.out);
    }

    public static int run(Config config, Path out, PrintStream log) {
        long t0 = System.nanoTime();
        List<Row> rows = study(config, log);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Path dir = ResultFiles.profileDir(out);
        ResultFiles.writeJson(dir.resolve("stacktrace.json"), toJson(config, rows, seconds));
        ResultFiles.writeText(dir.resolve("stacktrace.csv"), toCsv(rows));
        if (log != null) {
            printSummary(rows, log);
            log.printf(Locale.ROOT, "stacktrace: %d rows in %.1f s -> %s%n", rows.size(), seconds, dir.resolve("stacktrace.json"));
        }
        return 0;
    }

    /** Measures every (n, k) of {@code config}. */
    public static List<Row> study(Config config, PrintStream log) {
        List<Row> rows = new ArrayList<>();
        for (int b : config.log2s()) {
            int n = 1 << b;
            for (int s : SIXTEENTHS) {
                int k = (int) ((long) n * s / 16);
                if (k < 1) {
                    continue;
                }
                rows.add(measure(n, k, config.trials(), config.seed() ^ ((long) b << 32) ^ s));
            }
            if (log != null && b >= 18) {
                log.printf(Locale.ROOT, "stacktrace: 2^%d done%n", b);
            }
        }
        return rows;
    }

    /** {@code trials} maps of {@code n} buckets, {@code k} random stacks each. */
    static Row measure(int n, int k, int trials, long seed) {
        long t0 = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] ips = new long[16];
        int[] hashes = new int[k];
        long refused = 0;
        int trialsWithCollision = 0;
        long hashPairs = 0;
        for (int t = 0; t < trials; t++) {
            StackTraceMap map = StackTraceMap.create(n, 16);
            long refusedHere = 0;
            for (int i = 0; i < k; i++) {
                int depth = 4 + rnd.nextInt(13);
                for (int f = 0; f < depth; f++) {
                    ips[f] = 0xffff_ffff_8000_0000L | (rnd.nextLong() & 0x7fff_fff0L);
                }
                hashes[i] = StackTraceMap.hash(ips, 0, depth);
                int r = map.getStackId(ips, depth, 0);
                if (r == -Errno.EEXIST) {
                    refusedHere++;
                } else if (r < 0) {
                    throw new IllegalStateException("bpf_get_stackid gave " + Errno.describe(r) + " in a map of " + n);
                }
            }
            refused += refusedHere;
            if (refusedHere > 0) {
                trialsWithCollision++;
            }
            hashPairs += equalPairs(hashes);
        }
        return new Row(n, k, trials, (double) refused / ((long) k * trials), expectedRefused(n, k),
                (double) trialsWithCollision / trials, birthdayCollision(n, k), birthdayApprox(n, k),
                (double) hashPairs / trials, (double) k * (k - 1) / 2 / 4294967296.0, (System.nanoTime() - t0) / 1e9);
    }

    /** Pairs of equal values ({@code C(m,2)} per value occurring m times); sorts {@code values}. */
    static long equalPairs(int[] values) {
        Arrays.sort(values);
        long pairs = 0;
        int run = 1;
        for (int i = 1; i <= values.length; i++) {
            if (i < values.length && values[i] == values[i - 1]) {
                run++;
            } else {
                pairs += (long) run * (run - 1) / 2;
                run = 1;
            }
        }
        return pairs;
    }

    // =============================================================================================
    // Results
    // =============================================================================================

    static ObjectNode toJson(Config config, List<Row> rows, double seconds) {
        ObjectNode root = ResultFiles.JSON.createObjectNode();
        root.put("study", "stacktrace");
        root.put("claim", "C18");
        root.put("quick", config.quick());
        root.put("seconds", Math.round(seconds * 100) / 100.0);
        root.put("trials", config.trials());
        root.put("stack_depth", "4..16 frames, random addresses");
        root.put("id", "jhash2(ips, nr * 2, 0) & (n_buckets - 1); one bucket per id, no chaining; flags 0 (no REUSE_STACKID)");
        ObjectNode model = root.putObject("model");
        model.put("refused_expected", "1 - n (1 - (1 - 1/n)^k) / k");
        model.put("p_collision_expected", "1 - prod_{i<k} (1 - i/n)  (the birthday bound; 1 when k > n)");
        model.put("p_collision_approx", "1 - exp(-k (k - 1) / 2n)");
        model.put("hash32_pairs_expected", "k (k - 1) / 2 / 2^32");
        ArrayNode half = root.putArray("half_collision_stacks");
        for (int b : config.log2s()) {
            ObjectNode h = half.addObject();
            h.put("n_buckets", 1 << b);
            h.put("stacks", round(halfCollisionDraws(1 << b)));
        }
        root.put("half_collision_stacks_32bit", round(halfCollisionDraws(4294967296.0)));
        ArrayNode arr = root.putArray("rows");
        for (Row r : rows) {
            ObjectNode o = arr.addObject();
            o.put("n_buckets", r.nBuckets());
            o.put("max_entries", r.nBuckets());
            o.put("stacks", r.stacks());
            o.put("load", r.load());
            o.put("trials", r.trials());
            o.put("refused_measured", r.refusedMeasured());
            o.put("refused_expected", r.refusedExpected());
            o.put("stored_measured", r.storedMeasured());
            o.put("stored_expected", r.storedExpected());
            o.put("p_collision_measured", r.pCollisionMeasured());
            o.put("p_collision_expected", r.pCollisionExpected());
            o.put("p_collision_approx", r.pCollisionApprox());
            o.put("hash32_pairs_measured", r.hash32PairsMeasured());
            o.put("hash32_pairs_expected", r.hash32PairsExpected());
            o.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
        }
        return root;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static String toCsv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("n_buckets,stacks,load,trials,refused_measured,refused_expected,p_collision_measured,"
                + "p_collision_expected,hash32_pairs_measured,hash32_pairs_expected\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%d,%d,%.4f,%d,%.6f,%.6f,%.4f,%.6f,%.4f,%.6f%n", r.nBuckets(), r.stacks(), r.load(),
                    r.trials(), r.refusedMeasured(), r.refusedExpected(), r.pCollisionMeasured(), r.pCollisionExpected(),
                    r.hash32PairsMeasured(), r.hash32PairsExpected()));
        }
        return sb.toString();
    }

    private static void printSummary(List<Row> rows, PrintStream log) {
        log.println("stacktrace: n_buckets  stacks  load   refused measured / expected   P(collision) measured / expected");
        for (Row r : rows) {
            log.printf(Locale.ROOT, "stacktrace: %9d %7d %5.2f   %8.4f / %8.4f            %6.3f / %6.3f%n", r.nBuckets(), r.stacks(),
                    r.load(), r.refusedMeasured(), r.refusedExpected(), r.pCollisionMeasured(), r.pCollisionExpected());
        }
    }
}
