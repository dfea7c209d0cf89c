package dev.maplab.profile;

/**
 * The Poisson model of chain lengths: with {@code m} keys hashed uniformly into {@code n} buckets, the
 * length of one chain is Binomial(m, 1/n), close to Poisson(load) with {@code load = m / n}. This is
 * the yardstick the chain study compares measured chains against (the same one {@code
 * ConcurrentHashMap}'s overview uses for its bins).
 *
 * <ul>
 *   <li>{@link #pmf}: P(len = k) = e^-load load^k / k!</li>
 *   <li>{@link #expectedMax}: E[max of n independent Poisson(load)] = sum over m &ge; 0 of
 *       1 - P(len &le; m)^n (independence is the usual approximation of the multinomial)</li>
 *   <li>{@link #successful}: 1 + load/2 elements visited by a successful lookup (Knuth's chaining
 *       result; exactly 1 + (m-1)/(2n) for a uniformly chosen present key)</li>
 *   <li>{@link #unsuccessful}: load elements visited by a miss landing on a uniform bucket</li>
 * </ul>
 */
public final class Poisson {
    /** Terms below this are treated as zero when summing tails and maxima. */
    private static final double NEGLIGIBLE = 1e-17;

    private Poisson() {
    }

    /** P(len = k) under Poisson(load). */
    public static double pmf(double load, int k) {
        if (load < 0 || Double.isNaN(load)) {
            throw new IllegalArgumentException("load = " + load + ": must be >= 0");
        }
        if (k < 0) {
            return 0;
        }
        if (load == 0) {
            return k == 0 ? 1 : 0;
        }
        // exp(k ln(load) - load - ln k!), summed in logs so that large k neither overflows nor underflows early
        double logFact = 0;
        for (int i = 2; i <= k; i++) {
            logFact += Math.log(i);
        }
        return Math.exp(k * Math.log(load) - load - logFact);
    }

    /** P(len = k) for k = 0..upTo, by the recurrence p(k) = p(k-1) load / k (terms past underflow are 0). */
    public static double[] pmfs(double load, int upTo) {
        double[] p = new double[upTo + 1];
        p[0] = pmf(load, 0);
        for (int k = 1; k <= upTo; k++) {
            p[k] = p[k - 1] * load / k;
        }
        if (p[0] == 0) { // e^-load underflowed (load > ~745): fall back to the log form
            for (int k = 0; k <= upTo; k++) {
                p[k] = pmf(load, k);
            }
        }
        return p;
    }

    /** P(len &gt; k): the upper tail, summed from the terms above k (no 1 - cdf cancellation). */
    public static double upperTail(double load, int k) {
        if (k < 0) {
            return 1;
        }
        double sum = 0;
        double term = pmf(load, k + 1);
        for (int j = k + 1; term > 0; j++) {
            sum += term;
            if (term < NEGLIGIBLE * Math.max(sum, Double.MIN_NORMAL) && j > load) {
                break;
            }
            term *= load / (j + 1);
        }
        return sum;
    }

    /**
     * The smallest k such that the expected number of buckets (out of {@code buckets}) with a chain longer
     * than k is below {@code epsilon}: where a histogram of the model may stop.
     */
    public static int lastSignificant(double load, long buckets, double epsilon) {
        int k = 0;
        while (buckets * upperTail(load, k) >= epsilon && k < 10_000) {
            k++;
        }
        return k;
    }

    /** E[max of {@code buckets} independent Poisson(load) chain lengths]. */
    public static double expectedMax(double load, long buckets) {
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets = " + buckets + ": must be >= 1");
        }
        if (load == 0) {
            return 0;
        }
        double sum = 0;
        for (int m = 0; m < 100_000; m++) {
            double q = upperTail(load, m);
            // P(max > m) = 1 - (1 - q)^n, computed without cancellation for tiny q
            double pMaxAbove = -Math.expm1(buckets * Math.log1p(-q));
            sum += pMaxAbove;
            if (pMaxAbove < NEGLIGIBLE && m > load) {
                break;
            }
        }
        return sum;
    }

    /** Expected elements visited by a successful lookup: 1 + load/2. */
    public static double successful(double load) {
        return 1 + load / 2;
    }

    /**
     * The sampling spread of a measured mean successful walk: the standard deviation of {@code sum over
     * buckets of L(L+1)/2, divided by entries} when {@code entries} keys hash uniformly into {@code buckets}
     * buckets. Exact for uniform hashing: the walk is {@code 1 + C / entries} with C the number of colliding
     * key pairs, and pair collisions are pairwise independent, so {@code Var(C) = C(entries, 2) (1/n)(1 - 1/n)}
     * and the spread is {@code sqrt((m-1)(n-1) / (2m)) / n}. At load 1 about {@code 1/sqrt(2n)}: 0.087 for 64
     * buckets, 0.022 for 1024, 0.0007 for 2^20; what separates noise from a real deviation from
     * {@code 1 + load/2} (whose exact value is {@code 1 + (m-1)/(2n)}).
     */
    public static double successfulSd(long entries, long buckets) {
        if (entries < 2 || buckets < 1) {
            return 0;
        }
        double m = entries;
        double n = buckets;
        return Math.sqrt((m - 1) * (n - 1) / (2 * m)) / n;
    }

    /** Expected elements visited by an unsuccessful lookup: the load. */
    public static double unsuccessful(double load) {
        return load;
    }

    /**
     * Total variation distance between the observed chain-length histogram ({@code histogram[k]} buckets
     * of length k, {@code buckets} in all) and Poisson(load): half the summed absolute difference of the
     * two distributions, tail included. 0 = identical, 1 = disjoint.
     */
    public static double totalVariation(long[] histogram, long buckets, double load) {
        int top = Math.max(histogram.length - 1, lastSignificant(load, buckets, 1e-6));
        double[] p = pmfs(load, top);
        double d = 0;
        for (int k = 0; k <= top; k++) {
            double observed = k < histogram.length ? (double) histogram[k] / buckets : 0;
            d += Math.abs(observed - p[k]);
        }
        d += upperTail(load, top); // model mass above every observed length
        return d / 2;
    }
}
