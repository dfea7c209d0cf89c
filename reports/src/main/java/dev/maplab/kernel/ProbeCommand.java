package dev.maplab.kernel;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code maplab probe PROBE}: race probes on the running kernel (today: {@code kernel-replace}). */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Race probes on the running kernel: reproduce there what the checks find in the models.",
        subcommands = {KernelReplaceCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:a control failed", "2:usage error"})
public final class ProbeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing probe: kernel-replace");
    }

    /** Exit code when the probe could not run (no bpf(2)): skipped, not failed. */
    static int skipped(CommandLine cl, String why) {
        cl.getOut().println(cl.getCommandName() + ": skipped: " + why);
        cl.getOut().flush();
        return CommandLine.ExitCode.OK;
    }
}
