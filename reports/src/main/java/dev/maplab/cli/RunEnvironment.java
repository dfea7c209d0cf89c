package dev.maplab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The environment of one suite run, written to {@code reports/out/env/<suite>-<name>.json} when the run
 * starts and again, with its outcome and duration, when it ends: the JDK (vendor, version, home), the CPU
 * (model from {@code /proc/cpuinfo}, count), the OS (name, version, distribution, kernel from
 * {@code uname -r}), the maplab git revision and whether the work tree was dirty, the tool options used,
 * and ISO-8601 dates.
 */
public final class RunEnvironment {
    private final Workspace ws;
    private final Path file;
    private final Map<String, Object> record = new LinkedHashMap<>();
    private final long startNanos = System.nanoTime();

    private RunEnvironment(Workspace ws, String suite, String name) {
        this.ws = ws;
        this.file = envFile(ws, suite, name);
    }

    /** {@code reports/out/env/<suite>-<name>.json}. */
    public static Path envFile(Workspace ws, String suite, String name) {
        return ws.out().resolve("env").resolve(suite + "-" + name + ".json");
    }

    /**
     * Records the start of a run and writes the file.
     *
     * @param options the tools' options used (JMH, jcstress, Lincheck, Maven command lines ...)
     */
    public static RunEnvironment start(Workspace ws, String suite, String name, boolean quick, Map<String, Object> options) {
        RunEnvironment env = new RunEnvironment(ws, suite, name);
        Map<String, Object> r = env.record;
        r.put("suite", suite);
        r.put("name", name);
        r.put("quick", quick);
        r.put("started", now());
        r.put("jdk", jdk());
        r.put("cpu", cpu());
        r.put("os", os());
        r.put("maplab", git(ws.root()));
        r.put("options", options);
        AtomicFiles.writeJson(env.file, r);
        return env;
    }

    /** Records the end of the run (outcome and duration) and rewrites the file. */
    public void finish(Outcome outcome) {
        record.put("finished", now());
        record.put("seconds", Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0);
        record.put("outcome", outcome.word());
        AtomicFiles.writeJson(file, record);
    }

    /**
     * Records the end of a run that was part of the batch {@code batch} (its env file,
     * {@code check-<batch>.json}, holds the duration): the outcome, and no duration of its own, so that
     * the batch's time is never taken for this suite's.
     */
    public void finishInBatch(Outcome outcome, String batch) {
        record.put("finished", now());
        record.put("batch", batch);
        record.put("outcome", outcome.word());
        AtomicFiles.writeJson(file, record);
    }

    public Path file() {
        return file;
    }

    /** The duration of the last completed run of this suite in the same mode, if recorded. */
    public static Optional<Double> lastSeconds(Workspace ws, String suite, String name, boolean quick) {
        Path f = envFile(ws, suite, name);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            var node = AtomicFiles.JSON.readTree(f.toFile());
            if (node.path("quick").asBoolean(!quick) == quick && node.path("seconds").isNumber()
                    && !"not-implemented".equals(node.path("outcome").asText())) {
                return Optional.of(node.path("seconds").asDouble());
            }
        } catch (IOException | RuntimeException ignored) {
            // an unreadable record is no estimate
        }
        return Optional.empty();
    }

    private static String now() {
        return OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static Map<String, Object> jdk() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vendor", System.getProperty("java.vendor"));
        m.put("version", System.getProperty("java.version"));
        m.put("runtimeVersion", System.getProperty("java.runtime.version"));
        m.put("vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        m.put("home", System.getProperty("java.home"));
        return m;
    }

    static Map<String, Object> cpu() {
        Map<String, Object> m = new LinkedHashMap<>();
        String model = null;
        int processors = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).trim();
                if (key.equals("processor")) {
                    processors++;
                } else if (model == null && (key.equals("model name") || key.equals("Hardware") || key.equals("cpu model"))) {
                    model = line.substring(colon + 1).trim();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: the JVM's view only
        }
        m.put("model", model != null ? model : System.getProperty("os.arch"));
        m.put("count", processors > 0 ? processors : Runtime.getRuntime().availableProcessors());
        m.put("availableToJvm", Runtime.getRuntime().availableProcessors());
        m.put("arch", System.getProperty("os.arch"));
        return m;
    }

    static Map<String, Object> os() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", System.getProperty("os.name"));
        m.put("version", System.getProperty("os.version"));
        m.put("distribution", distribution());
        m.put("kernel", command(Path.of("."), "uname", "-r").orElse(System.getProperty("os.version")));
        return m;
    }

    private static String distribution() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // no os-release
        }
        return null;
    }

    static Map<String, Object> git(Path root) {
        Map<String, Object> m = new LinkedHashMap<>();
        Optional<String> rev = command(root, "git", "rev-parse", "HEAD");
        m.put("revision", rev.orElse("unknown"));
        // --no-optional-locks: a status that never writes the index, so a run changes nothing in git.
        Optional<String> status = command(root, "git", "--no-optional-locks", "status", "--porcelain");
        m.put("dirty", status.map(s -> !s.isBlank()).orElse(null));
        return m;
    }

    /** The trimmed output of a short command that exited 0, or empty. */
    private static Optional<String> command(Path dir, String... cmd) {
        try {
            Processes.Captured c = Processes.capture(List.of(cmd), dir, Map.of());
            return c.exitCode() == 0 ? Optional.of(c.output().trim()) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
