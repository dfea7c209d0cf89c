package dev.maplab.verdict;

/** What the data says about a claim. */
public enum Verdict {
    /** The data supports the claim as the document states it. */
    CONFIRMED,
    /** The data contradicts it. */
    REFUTED,
    /** Partly true: the verdict names the figure that qualifies it. */
    NUANCED,
    /** No evidence yet (or evidence that cannot decide, such as a check that missed its mutant). */
    OPEN
}
