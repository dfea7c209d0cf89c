package dev.maplab.cli;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One entry of {@code reports/out/check/<structure>.json} and of the part files the tools write into
 * {@code reports/out/check/parts/<structure>-<tool>.json} (each a JSON array of entries).
 *
 * @param name    the check: {@code Class#method} for JUnit, the test's name for Lincheck and jcstress
 * @param tool    {@code lincheck}, {@code jcstress} or {@code junit}
 * @param subject {@code production}, {@code mutant:<name>} or {@code variant:<name>}
 * @param expect  {@code pass}, {@code caught} or {@code unobservable-on-x86}
 * @param outcome {@code pass}, {@code caught}, {@code fail}, {@code missed} or {@code unobserved}
 * @param detail  the tool's message (a failure's message, a counterexample); may be empty
 * @param seconds how long the check ran
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"name", "tool", "subject", "expect", "outcome", "detail", "seconds"})
public record CheckEntry(String name, String tool, String subject, String expect, String outcome, String detail,
                         double seconds) {

    public CheckEntry {
        name = name == null ? "" : name;
        tool = tool == null ? "" : tool;
        subject = subject == null ? "production" : subject;
        expect = expect == null ? "" : expect;
        outcome = outcome == null ? "" : outcome;
        detail = detail == null ? "" : detail;
    }

    /**
     * True when this entry makes {@code check} fail: a failure, or a missed mutant (a miss is accepted only
     * where it was expected: {@code unobservable-on-x86}).
     */
    public boolean failing() {
        return outcome.equals("fail") || (outcome.equals("missed") && !expect.equals("unobservable-on-x86"));
    }

    /** A failing entry for a tool run that itself went wrong (it exited non-zero, or wrote nothing). */
    static CheckEntry toolFailure(String name, String tool, String detail) {
        return new CheckEntry(name, tool, "production", "pass", "fail", detail, 0);
    }
}
