package dev.maplab.kernel;

import dev.maplab.cli.Workspace;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code maplab probe kernel-replace [--seconds S] [--quick]}: see {@link ReplaceProbe}. */
@Command(name = "kernel-replace", mixinStandardHelpOptions = true,
        description = {
            "Reproduces on the running kernel the lookup miss that the kernel's replace order (link the new element at"
                    + " the head, then unlink the old) allows: a BPF program on CPU 0 looks up K in a loop while CPU 1 replaces"
                    + " X and then K (same bucket, zero seed, never deleted). Controls: no writer; a writer replacing only K."
                    + " Both must show zero misses.",
            "Results: reports/out/profile/kernel-replace.json (misses per 10^9 lookups, with maplab's Lincheck"
                    + " counterexample from check/hash.json when present) and reports/out/check/kernel-probe.json."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the controls show no miss (or bpf(2) not available: skipped)", "1:a control showed misses",
            "2:usage error"})
public final class KernelReplaceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--seconds", paramLabel = "S", description = "seconds per phase (default: 20, quick 3)")
    Double seconds;

    @Option(names = "--quick", description = "3 s per phase")
    boolean quick;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        double s = seconds != null ? seconds : quick ? 3 : 20;
        if (!(s > 0 && s <= 3600)) {
            throw new ParameterException(spec.commandLine(), "--seconds " + s + ": must be between 0 and 3600");
        }
        Workspace ws;
        try {
            ws = Workspace.locate(out);
        } catch (IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (!KernelInfo.available()) {
            return ProbeCommand.skipped(spec.commandLine(), KernelInfo.unavailable().orElse(""));
        }
        ReplaceProbe.Result r;
        try {
            r = ReplaceProbe.run(s, ws.root(), out);
        } catch (IllegalStateException e) {
            return ProbeCommand.skipped(spec.commandLine(), e.getMessage());
        }
        out.println("kernel-replace: results in reports/out/profile/kernel-replace.json and reports/out/check/kernel-probe.json");
        out.flush();
        return r.controlsClean() ? CommandLine.ExitCode.OK : 1;
    }
}
