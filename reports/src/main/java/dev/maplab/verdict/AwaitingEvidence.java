package dev.maplab.verdict;

import dev.maplab.report.ResultSet;
import java.util.List;

/**
 * The placeholder rule of a claim whose experiment has not been written: always OPEN, and its rule
 * text says which evidence it awaits. A structure that brings the evidence replaces its line in
 * {@link Rules#all()} with a rule class of its own.
 */
public final class AwaitingEvidence implements ClaimRule {
    private final String id;
    private final String claim;
    private final String awaited;

    public AwaitingEvidence(String id, String claim, String awaited) {
        this.id = id;
        this.claim = claim;
        this.awaited = awaited;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String claim() {
        return claim;
    }

    @Override
    public String rule() {
        return "No rule yet. Awaited evidence: " + awaited;
    }

    @Override
    public ClaimVerdict decide(ResultSet results) {
        return ClaimVerdict.open(this, "Not measured yet: no rule and no evidence (the rule says what is awaited).", List.of());
    }
}
