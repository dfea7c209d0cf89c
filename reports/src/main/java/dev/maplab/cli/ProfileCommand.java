package dev.maplab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code maplab profile STUDY [--quick] [--jfr FILE]}: see {@link StudyRunner}. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = {
            "Runs a profiling study and writes reports/out/profile/<study>.json.",
            "  chains   hash table chain lengths vs max_entries and fill, beside Poisson",
            "  ringbuf  ringbuf vs perfbuf: drops, ordering, head-of-line, NMI, copies",
            "  stacktrace  stack-id collisions against map size and stack count, beside the birthday bound",
            "With --jfr FILE the study does not run: the JFR recording FILE (for example one taken with JMH's"
                    + " -prof jfr) is summarised into reports/out/profile/ instead."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the study failed", "2:usage error"})
final class ProfileCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "STUDY", arity = "0..1",
            description = "the study (default: every study written so far); one of: chains lru ringbuf stacktrace")
    String study;

    @Option(names = "--quick", description = "fewer sizes and repetitions (a smoke run)")
    boolean quick;

    @Option(names = "--jfr", paramLabel = "FILE", description = "summarise this JFR recording instead of running the study")
    Path jfr;

    @Override
    public Integer call() {
        if (study != null && !Registry.STUDIES.contains(study)) {
            throw new ParameterException(spec.commandLine(), "unknown study '" + study + "' (one of: "
                    + String.join(" ", Registry.STUDIES) + ")");
        }
        if (jfr != null) {
            if (study == null) {
                throw new ParameterException(spec.commandLine(), "--jfr needs a STUDY");
            }
            if (!Files.isRegularFile(jfr)) {
                throw new ParameterException(spec.commandLine(), "--jfr " + jfr + ": no such file");
            }
            Registry.Study s = Registry.study(study);
            if (s != null && s.jfr() == null) {
                throw new ParameterException(spec.commandLine(), "--jfr: the study '" + study + "' takes no JFR recording");
            }
        }
        Workspace ws = Maplab.workspace(spec);
        StudyRunner runner = new StudyRunner(ws);
        if (jfr != null) {
            return runner.summariseJfr(study, jfr).exitCode();
        }
        List<String> names = study != null ? List.of(study) : Registry.STUDIES;
        Outcome total = Outcome.NOT_IMPLEMENTED;
        for (String n : names) {
            total = total.and(runner.profile(n, quick));
        }
        return total.exitCode();
    }
}
