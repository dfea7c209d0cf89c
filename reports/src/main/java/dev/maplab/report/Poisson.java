package dev.maplab.report;

/**
 * What an ideal hash function gives: with {@code entries} keys thrown into {@code n} buckets
 * independently, a chain's length is close to Poisson with mean {@code load = entries / n}. The
 * report computes these expectations itself when a study file does not carry them.
 */
public final class Poisson {
    private Poisson() {
    }

    /** Mean chain length over all buckets: exactly the load. */
    public static double meanAllBuckets(double load) {
        return load;
    }

    /** Mean chain length over non-empty buckets: {@code load / (1 - e^-load)}. */
    public static double meanNonEmptyBuckets(double load) {
        if (load <= 0) {
            return Double.NaN;
        }
        return load / -Math.expm1(-load);
    }

    /**
     * Elements visited by a successful lookup of a uniformly chosen present key: its position in its
     * chain, {@code 1 + (entries - 1) / (2 n)}, about {@code 1 + load/2}.
     */
    public static double visitedHit(double entries, double nBuckets) {
        if (entries <= 0 || nBuckets <= 0) {
            return Double.NaN;
        }
        return 1 + (entries - 1) / (2 * nBuckets);
    }

    /** Elements visited by an unsuccessful lookup: the whole chain of a random bucket, {@code load}. */
    public static double visitedMiss(double load) {
        return load;
    }

    /**
     * The expected longest chain among {@code nBuckets} independent Poisson({@code load}) chains:
     * {@code E[max] = sum over k >= 0 of (1 - F(k)^nBuckets)}.
     */
    public static double expectedMax(double load, double nBuckets) {
        if (load <= 0 || nBuckets < 1 || Double.isNaN(load) || Double.isNaN(nBuckets)) {
            return Double.NaN;
        }
        int kMax = (int) Math.ceil(load + 20 * Math.sqrt(load) + 60);
        double[] pmf = new double[kMax + 2];
        pmf[0] = Math.exp(-load);
        for (int k = 1; k < pmf.length; k++) {
            pmf[k] = pmf[k - 1] * load / k;
        }
        // tail[k] = P(X > k), summed from the far end so that tiny tails keep their precision.
        double[] tail = new double[kMax + 1];
        double acc = 0;
        for (int k = kMax; k >= 0; k--) {
            acc += pmf[k + 1];
            tail[k] = acc;
        }
        double sum = 0;
        for (int k = 0; k <= kMax; k++) {
            double allAtMostK = Math.exp(nBuckets * Math.log1p(-Math.min(tail[k], 1 - 1e-16)));
            double term = 1 - allAtMostK;
            sum += term;
            if (term < 1e-12 && k > load) {
                break;
            }
        }
        return sum;
    }
}
