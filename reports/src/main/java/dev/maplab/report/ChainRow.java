package dev.maplab.report;

/**
 * One point of the chain-length study: one key distribution, one {@code max_entries}, one fill.
 * Every number is {@code NaN} when neither the file nor its histogram gives it. The Poisson fields are
 * the file's when it has them ({@link #poissonFromFile}), otherwise the report's ({@link Poisson}).
 *
 * @param meanDefinition {@code all buckets} or {@code non-empty buckets}: what {@link #meanChain} averages over
 * @param histogram      {@code histogram[L]} = number of buckets whose chain has L elements; empty if absent
 */
public record ChainRow(String distribution, double maxEntries, double fill, double nBuckets, double entries,
                       double load, long[] histogram, double meanChain, double maxChain, double visitedHit,
                       double visitedMiss, double poissonMean, double poissonMax, double poissonVisitedHit,
                       double poissonVisitedMiss, String meanDefinition, boolean poissonFromFile, String source) {

    /** True for the adversarial distributions (names containing {@code advers}). */
    public boolean adversarial() {
        return distribution.toLowerCase(java.util.Locale.ROOT).contains("advers");
    }

    /** log2 of max_entries (the charts' x axis). */
    public double log2MaxEntries() {
        return Math.log(maxEntries) / Math.log(2);
    }
}
