package dev.maplab.cli;

import dev.maplab.replay.ReplayMaps;
import dev.maplab.replay.ReplayOptions;
import dev.maplab.replay.TraceException;
import dev.maplab.replay.TraceReplayer;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code maplab replay --map TYPE [options] < TRACE}: see {@link TraceReplayer}. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {
            "Replays a trace of map operations (standard input) on a fresh map.",
            "Prints one result per operation: 0, a value, or a negative errno name",
            "(-ENOENT, -EEXIST, -E2BIG, -EINVAL, -ENOMEM, -EBUSY, -ENOSPC).",
            "",
            "Trace lines (# starts a comment; keys, values: unsigned 64-bit decimals):",
            "  cpu N                  switch the current logical CPU",
            "  update K V [ANY|NOEXIST|EXIST|<number>]",
            "  lookup K               syscall-style; per-CPU maps: v0,v1,... (all CPUs)",
            "  prog_lookup K          program-style; per-CPU maps: this CPU's value",
            "  delete K",
            "  lookup_and_delete K",
            "  next_key [K]",
            "  push V [ANY|EXIST|<number>], pop, peek        (queue, stack)",
            "  keys                   all present keys, ascending, on one line",
            "Per-CPU maps: update writes V into the current CPU's slot, 0 elsewhere.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the trace ran (whatever the operations returned)",
            "2:usage error, a map type not implemented yet, or a bad trace line"})
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    Maplab parent;

    @Option(names = "--map", required = true, paramLabel = "TYPE",
            description = "hash|percpu_hash|lru_hash|lru_percpu_hash|array|percpu_array|queue|stack"
                    + " (a type not implemented yet is refused, naming those that are)")
    String map;

    @Option(names = "--max-entries", paramLabel = "N", defaultValue = "" + ReplayOptions.DEFAULT_MAX_ENTRIES,
            description = "max_entries (default: ${DEFAULT-VALUE})")
    long maxEntries;

    @Option(names = "--cpus", paramLabel = "N", defaultValue = "" + ReplayOptions.DEFAULT_CPUS,
            description = "logical CPUs (default: ${DEFAULT-VALUE}); the trace starts on CPU 0")
    int cpus;

    @Option(names = "--no-common-lru", description = "BPF_F_NO_COMMON_LRU (LRU maps only)")
    boolean noCommonLru;

    @Option(names = "--zero-seed", description = "BPF_F_ZERO_SEED: hash seed 0, so iteration order is the kernel's")
    boolean zeroSeed;

    @Override
    public Integer call() {
        ReplayOptions options;
        try {
            options = new ReplayOptions(map, maxEntries, cpus, noCommonLru, zeroSeed);
            if (!ReplayMaps.TYPES.contains(map)) {
                throw new IllegalArgumentException("--map " + map + ": unknown map type; one of " + String.join(", ", ReplayMaps.TYPES));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            TraceReplayer.replay(new InputStreamReader(parent.in, StandardCharsets.UTF_8), options, out::println);
        } catch (TraceException e) {
            out.flush();
            spec.commandLine().getErr().println("replay: " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        } catch (IllegalArgumentException e) {
            // the map type is not implemented yet, or the kernel would refuse this map (NO_COMMON_LRU on HASH)
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (UncheckedIOException e) {
            throw new Maplab.Failure(CommandLine.ExitCode.SOFTWARE, e.getMessage());
        }
        out.flush();
        return CommandLine.ExitCode.OK;
    }
}
