package dev.maplab.kernel;

import dev.maplab.cli.Workspace;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code maplab diff-kernel [MAP...] [--seed S] [--traces N] [--ops N] [--quick]}: see {@link DiffKernel}. */
@Command(name = "diff-kernel", mixinStandardHelpOptions = true,
        description = {
            "Differential runs against the running kernel: random replay traces run on a kernel map (bpf(2)) and on"
                    + " maplab with the kernel's CPU count; every result line and the key set after every step must match.",
            "Hash maps: zero seed (BPF_F_ZERO_SEED, get_next_key order compared) on one CPU and two, and random seeds;"
                    + " LRU maps: common and per-CPU lists, one CPU and two, sizes 2..300.",
            "A mismatch is shrunk to the shortest trace that still mismatches, printed, and written to"
                    + " reports/out/diff/<map>-<trace seed>.trace. Results: reports/out/check/kernel-diff.json.",
            "Map types maplab's replay does not implement yet are reported and skipped; where bpf(2) is not available"
                    + " the command says why and exits 0."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no mismatch (or bpf(2) not available: skipped)", "1:a mismatch, or the kernel side failed",
            "2:usage error"})
public final class DiffKernelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MAP", arity = "0..*",
            description = "map types (default: all): hash percpu_hash lru_hash lru_percpu_hash array percpu_array queue stack")
    List<String> maps = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "seed of the trace generator (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--traces", paramLabel = "N", description = "traces per map type and configuration (default: "
            + DiffKernel.Options.FULL_TRACES + ", quick " + DiffKernel.Options.QUICK_TRACES + ")")
    Integer traces;

    @Option(names = "--ops", paramLabel = "N", description = "operations per trace, besides the key-set observations (default: "
            + DiffKernel.Options.FULL_OPS + ", quick " + DiffKernel.Options.QUICK_OPS + ")")
    Integer ops;

    @Option(names = "--config", paramLabel = "NAME", split = ",",
            description = "only these configurations (a name or its prefix: zero-seed, random-seed, common-lru, percpu-lru,"
                    + " 1cpu, 2cpu, zero-seed/2cpu, ...); default: all")
    List<String> configs = new ArrayList<>();

    @Option(names = "--quick", description = "few short traces (CI): " + DiffKernel.Options.QUICK_TRACES + " traces of "
            + DiffKernel.Options.QUICK_OPS + " operations per configuration")
    boolean quick;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (String m : maps) {
            if (!DiffKernel.REGISTRY.containsKey(m)) {
                throw new ParameterException(spec.commandLine(), "unknown map type '" + m + "'; one of "
                        + String.join(" ", DiffKernel.REGISTRY.keySet()));
            }
        }
        if (traces != null && traces < 1 || ops != null && ops < 1) {
            throw new ParameterException(spec.commandLine(), "--traces and --ops must be at least 1");
        }
        Workspace ws;
        try {
            ws = Workspace.locate(out);
        } catch (IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (!KernelInfo.available()) {
            out.println("diff-kernel: skipped: " + KernelInfo.unavailable().orElse(""));
            out.flush();
            return CommandLine.ExitCode.OK;
        }
        DiffKernel.Options d = DiffKernel.Options.defaults(ws.root(), quick);
        DiffKernel.Options o = new DiffKernel.Options(new ArrayList<>(new LinkedHashSet<>(maps)), seed,
                traces != null ? traces : d.traces(), ops != null ? ops : d.ops(), quick, ws.root(), configs);
        DiffKernel.Summary s = DiffKernel.run(o, out);
        return s.passed() ? CommandLine.ExitCode.OK : 1;
    }
}
