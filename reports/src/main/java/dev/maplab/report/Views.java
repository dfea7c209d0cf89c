package dev.maplab.report;

import dev.maplab.verdict.Link;
import java.util.List;

/** The view records the templates read (one set for the HTML page and the Markdown summary). */
public final class Views {
    private Views() {
    }

    /** A claim's ledger row. */
    public record ClaimView(String id, String anchor, String claim, String verdict, String verdictClass, String summary,
                            String rule, String figure, List<Link> evidence, List<Link> figures) {
    }

    /** One structure's checks. */
    public record CheckSection(String structure, String anchor, String source, int total, int ok, int failing,
                               List<CheckRow> rows) {
    }

    /** One check. */
    public record CheckRow(String name, String tool, String subject, String expect, String outcome, String status,
                           boolean failing, String seconds, boolean showDetail, String detail) {
    }

    /** One structure's benchmark file. */
    public record BenchSection(String structure, String anchor, String source, List<BenchTable> tables,
                               List<Charts.ChartRef> charts) {
    }

    /** One benchmark method in one mode. */
    public record BenchTable(String title, String benchmark, String mode, String unit, String direction,
                             List<BenchRow> rows) {
    }

    /** One implementation at one parameter set. */
    public record BenchRow(String params, int threads, String impl, boolean maplab, boolean groupStart, String score,
                           String error, String relError, String unit, String alloc, String ratio, boolean noisy,
                           String flag) {
    }

    /** A key and its value (environment, study summaries). */
    public record KeyValue(String key, String value) {
    }

    /** One environment file. */
    public record EnvView(String file, List<KeyValue> entries) {
    }

    /** One row of the chain-length table. */
    public record ChainRowView(String distribution, String maxEntries, String fill, String nBuckets, String entries,
                               String load, String mean, String poissonMean, String max, String poissonMax,
                               String visitedHit, String poissonVisitedHit, String visitedMiss,
                               String poissonVisitedMiss) {
    }

    /** The chain-length study. */
    public record ChainsView(String source, String note, List<Charts.ChartRef> charts, String sizeTableTitle,
                             List<ChainRowView> sizeRows, String fillTableTitle, List<ChainRowView> fillRows) {
    }

    /** One map type's row of the operations table. */
    public record OperationsRow(String type, String implementation, List<String> marks) {
    }

    /** The operations table. */
    public record OperationsView(String source, String interfaceName, List<String> operations, List<OperationsRow> rows,
                                 String notBuilt) {
    }

    /** A study file the report has no special view for. */
    public record OtherStudyView(String name, String source, List<KeyValue> entries) {
    }

    /** One published figure. */
    public record PublishedRow(String x, String value, String relative) {
    }
}
