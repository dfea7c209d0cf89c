package dev.maplab.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code maplab} command (DESIGN.md, "The maplab command"): runs the suites, collects their results
 * under {@code reports/out/} and renders the report. Exit codes: 0 success, 1 a check or suite failed,
 * 2 usage error (with the usage printed).
 */
@Command(name = "maplab", mixinStandardHelpOptions = true, version = "maplab 0.1.0",
        description = {
            "Linux eBPF map data structures rebuilt in Java: checks (JUnit, Lincheck, jcstress), benchmarks (JMH),"
                    + " profiles, trace replay and the report that settles the claims.",
            "Results are written under reports/out/. Run from the repository root (./maplab does)."},
        subcommands = {CheckCommand.class, BenchCommand.class, ProfileCommand.class, ReplayCommand.class,
            ReportCommand.class, AllCommand.class,
            dev.maplab.kernel.DiffKernelCommand.class, dev.maplab.kernel.ProbeCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:a check failed (a violation, an uncaught mutant) or a suite failed", "2:usage error"})
public final class Maplab implements Callable<Integer> {
    /** {@code STRUCTURE} values, for help texts. */
    public static final String STRUCTURES_HELP = "one of: " + String.join(" ", Registry.STRUCTURES);

    @Spec
    CommandSpec spec;

    /** Standard input (replay reads its trace here). */
    final InputStream in;

    Maplab(InputStream in) {
        this.in = in;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: one of check, bench, profile, replay, report, all");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int rc = run(System.in, out, err, args);
        out.flush();
        err.flush();
        System.exit(rc);
    }

    /** Runs the command line {@code args}; returns the exit code (for tests and {@link #main}). */
    public static int run(InputStream in, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Maplab(in));
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, arguments) -> {
            // The message, the synopsis and where to read more: the full help is one --help away.
            CommandLine c = ex.getCommandLine();
            PrintWriter e = c.getErr();
            e.println(c.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, e);
            e.print(c.getHelp().fullSynopsis());
            e.println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            e.flush();
            return CommandLine.ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            out.flush();
            if (Processes.shuttingDown()) {
                err.println(commandLine.getCommandName() + ": interrupted; result files already written are intact");
                return 130;
            }
            if (ex instanceof Failure f) {
                err.println(commandLine.getCommandName() + ": " + f.getMessage());
                return f.exitCode;
            }
            err.println(commandLine.getCommandName() + ": internal error: " + ex);
            ex.printStackTrace(err);
            return CommandLine.ExitCode.SOFTWARE;
        });
        int rc = cl.execute(args);
        out.flush();
        err.flush();
        return rc;
    }

    /** Finds the checkout (or fails with exit 2 and a message). */
    static Workspace workspace(CommandSpec spec) {
        try {
            return Workspace.locate(spec.commandLine().getOut());
        } catch (IllegalStateException e) {
            throw new Failure(CommandLine.ExitCode.USAGE, e.getMessage());
        }
    }

    /**
     * The requested structures without repeats, or, when none were named, every structure.
     *
     * @throws ParameterException (usage error, exit 2) for a name that is not a structure
     */
    static List<String> structuresOrAll(CommandSpec spec, List<String> named) {
        if (named == null || named.isEmpty()) {
            return Registry.STRUCTURES;
        }
        for (String s : named) {
            if (!Registry.STRUCTURES.contains(s)) {
                throw new ParameterException(spec.commandLine(), "unknown structure '" + s + "' (" + STRUCTURES_HELP + ")");
            }
        }
        return new ArrayList<>(new LinkedHashSet<>(named));
    }

    /** An expected way to stop with an exit code and a one-line message (no stack trace). */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        Failure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    /** The structure names, for help texts ({@code ${COMPLETION-CANDIDATES}}). */
    static final class StructureNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Registry.STRUCTURES.iterator();
        }
    }
}
