package dev.maplab.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code maplab bench [STRUCTURE...] [--quick]}: see {@link BenchRunner}. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
            "Runs each structure's JMH benchmarks (jmh/target/benchmarks.jar, every one beside its anchors) with"
                    + " the GC profiler; writes JMH's JSON to reports/out/bench/<structure>.json.",
            "Quick: -f 1 -wi 2 -w 1s -i 3 -r 1s. Full: -f 2 -wi 3 -w 2s -i 5 -r 2s.",
            "A structure without benchmarks yet is reported as not implemented and skipped."},
        subcommands = {dev.maplab.kernel.BenchKernelCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:JMH failed", "2:usage error"})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "STRUCTURE", arity = "0..*", completionCandidates = Maplab.StructureNames.class,
            description = "structures to benchmark (default: all); " + "one of: ${COMPLETION-CANDIDATES}")
    List<String> structures = new ArrayList<>();

    @Option(names = "--quick", description = "one fork, short iterations: a smoke run, not numbers to publish")
    boolean quick;

    @Override
    public Integer call() {
        List<String> names = Maplab.structuresOrAll(spec, structures);
        Workspace ws = Maplab.workspace(spec);
        BenchRunner runner = new BenchRunner(ws);
        Outcome total = Outcome.NOT_IMPLEMENTED;
        for (String s : names) {
            total = total.and(runner.run(s, quick));
        }
        return total.exitCode();
    }
}
