package dev.maplab.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code maplab check [STRUCTURE...] [--quick]}: see {@link CheckRunner}. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {
            "Runs the structures' JUnit semantic tests and Lincheck tests (one Maven run) and their jcstress tests"
                    + " (one run of stress/target/jcstress.jar), mutants included; writes"
                    + " reports/out/check/<structure>.json and prints a table per structure.",
            "A structure without a check suite yet is reported as not implemented and skipped."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every check passed and every mutant was caught",
            "1:a check failed, a mutant was missed, or a tool failed", "2:usage error"})
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "STRUCTURE", arity = "0..*", completionCandidates = Maplab.StructureNames.class,
            description = "structures to check (default: all); " + "one of: ${COMPLETION-CANDIDATES}")
    List<String> structures = new ArrayList<>();

    @Option(names = "--quick", description = "shorter Lincheck and jcstress budgets (a smoke run)")
    boolean quick;

    @Override
    public Integer call() {
        List<String> names = Maplab.structuresOrAll(spec, structures);
        Workspace ws = Maplab.workspace(spec);
        return new CheckRunner(ws).run(names, quick).exitCode();
    }
}
