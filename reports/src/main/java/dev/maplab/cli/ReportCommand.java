package dev.maplab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code maplab report}: renders the report from the result files (never re-measures). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Renders reports/out/index.html and reports/out/summary.md from the result files under"
                + " reports/out/ (check, bench, profile), with each claim's verdict (reports/out/claims.json).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:rendering failed", "2:usage error"})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return new StudyRunner(Maplab.workspace(spec)).report().exitCode();
    }
}
