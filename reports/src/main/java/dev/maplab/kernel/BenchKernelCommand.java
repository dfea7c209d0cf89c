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

/** {@code maplab bench kernel [--quick]}: see {@link KernelBench}. */
@Command(name = "kernel", mixinStandardHelpOptions = true,
        description = {
            "The kernel's own in-kernel lookup cost on this machine (BPF programs run by BPF_PROG_TEST_RUN with repeat,"
                    + " minus the same program without the lookups): HASH, PERCPU_HASH and LRU_HASH at 2^10, 2^16 and 2^20"
                    + " entries, random present keys, 32 lookups per run, pinned to CPU 0; maplab's lookup is measured the"
                    + " same way in the same rounds (impl = maplab-loop) for a paired ratio.",
            "Writes reports/out/bench/kernel.json (JMH format, impl = kernel) and adds the HASH rows at 2^10 and 2^20 to"
                    + " reports/out/bench/hash.json as HashLookupBench.lookupHitT1 with impl = kernel (run it after"
                    + " 'maplab bench hash', which rewrites that file)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success (or bpf(2) not available: skipped)", "2:usage error"})
public final class BenchKernelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "5 rounds of ~40 ms per program: a smoke run, not numbers to publish")
    boolean quick;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Workspace ws;
        try {
            ws = Workspace.locate(out);
        } catch (IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (!KernelInfo.available()) {
            out.println("bench kernel: skipped: " + KernelInfo.unavailable().orElse(""));
            out.flush();
            return CommandLine.ExitCode.OK;
        }
        KernelBench.run(quick, ws.root(), out);
        out.println("bench kernel: results in reports/out/bench/kernel.json and reports/out/bench/hash.json");
        out.flush();
        return CommandLine.ExitCode.OK;
    }
}
