package dev.maplab.verdict;

import dev.maplab.report.ResultSet;

/**
 * The rule that decides one claim from the result files. Each claim has one implementation, written
 * next to the claim's text; {@link Rules#all()} registers them. {@link #rule()} is printed in the
 * report beside the verdict, so it must say exactly what {@link #decide} computes.
 */
public interface ClaimRule {
    /** {@code C1} .. {@code C19}. */
    String id();

    /** The claim of the source document in one line. */
    String claim();

    /** The rule in words: the data it reads, the thresholds and comparisons, and which outcome gives which verdict. */
    String rule();

    /** Computes the verdict; never throws on missing data (that is OPEN). */
    ClaimVerdict decide(ResultSet results);
}
