package dev.maplab.cli;

/** How a suite run ended. */
public enum Outcome {
    /** Ran, and every check passed (or caught what it had to catch). */
    PASSED("passed"),
    /** Ran, and something failed: a check, a missed mutant, a tool that exited non-zero. */
    FAILED("failed"),
    /** The suite does not exist yet: reported and skipped, not an error. */
    NOT_IMPLEMENTED("not-implemented");

    private final String word;

    Outcome(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** The process exit code for this outcome (DESIGN.md: 1 when a check failed). */
    public int exitCode() {
        return this == FAILED ? 1 : 0;
    }

    /** The worse of two outcomes: FAILED over PASSED over NOT_IMPLEMENTED. */
    public Outcome and(Outcome other) {
        if (this == FAILED || other == FAILED) {
            return FAILED;
        }
        return this == PASSED || other == PASSED ? PASSED : NOT_IMPLEMENTED;
    }
}
