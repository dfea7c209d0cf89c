package dev.maplab.verdict;

import java.util.List;

/**
 * A claim's verdict as computed by its {@link ClaimRule}.
 *
 * @param id       {@code C1} .. {@code C19}
 * @param claim    the claim in one line
 * @param verdict  the verdict
 * @param summary  one sentence saying why
 * @param rule     the rule's text, as printed in the report
 * @param figure   the deciding figure in words (the number that confirms, refutes or qualifies); empty when OPEN
 * @param evidence result files the verdict was computed from, relative to {@code out}
 * @param figures  links to the charts and tables of the report that show the deciding figure
 */
public record ClaimVerdict(String id, String claim, Verdict verdict, String summary, String rule, String figure,
                           List<String> evidence, List<Link> figures) {

    public ClaimVerdict {
        evidence = List.copyOf(evidence);
        figures = List.copyOf(figures);
        figure = figure == null ? "" : figure;
    }

    /** An OPEN verdict: no evidence (or none that can decide), with what is awaited in {@code summary}. */
    public static ClaimVerdict open(ClaimRule rule, String summary, List<String> evidence) {
        return new ClaimVerdict(rule.id(), rule.claim(), Verdict.OPEN, summary, rule.rule(), "", evidence, List.of());
    }

    /** A decided verdict. */
    public static ClaimVerdict of(ClaimRule rule, Verdict verdict, String summary, String figure, List<String> evidence,
                                  List<Link> figures) {
        return new ClaimVerdict(rule.id(), rule.claim(), verdict, summary, rule.rule(), figure, evidence, figures);
    }
}
