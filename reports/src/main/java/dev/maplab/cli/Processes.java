package dev.maplab.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the suites' tools (Maven, JMH, jcstress) as child processes, and cleans up on Ctrl-C: a shutdown
 * hook stops the children still running and deletes uncommitted temporary files ({@link AtomicFiles}),
 * so the result files already written stay intact.
 */
public final class Processes {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOK = new AtomicBoolean();
    private static volatile boolean shuttingDown;

    private Processes() {
    }

    /** The output and exit code of a process whose output was captured. */
    public record Captured(int exitCode, String output) {
    }

    static void installShutdownHook() {
        if (HOOK.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(Processes::shutdown, "maplab-cleanup"));
        }
    }

    /**
     * True once the JVM is shutting down (Ctrl-C). The main thread may still run for a moment after its child
     * was stopped; from now on it starts no process and {@link AtomicFiles} commits no file, so what an
     * interrupted suite had half done never replaces a result file.
     */
    public static boolean shuttingDown() {
        return shuttingDown;
    }

    private static void shutdown() {
        shuttingDown = true;
        for (Process p : LIVE) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : LIVE) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        AtomicFiles.discardPending();
    }

    /** Runs {@code command} in {@code dir} with this terminal's input and output; returns its exit code. */
    public static int run(List<String> command, Path dir, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).inheritIO();
        pb.environment().putAll(env);
        return waitFor(start(pb));
    }

    /** Runs {@code command} and captures its output (stdout and stderr together). */
    public static Captured capture(List<String> command, Path dir, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().putAll(env);
        Process p = start(pb);
        try {
            p.getOutputStream().close();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (InputStream in = p.getInputStream()) {
                in.transferTo(buf);
            }
            return new Captured(waitFor(p), buf.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            p.destroy();
            LIVE.remove(p);
            throw new UncheckedIOException("reading the output of " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    private static Process start(ProcessBuilder pb) {
        installShutdownHook();
        if (shuttingDown) {
            throw new IllegalStateException("interrupted: not starting " + pb.command().get(0));
        }
        try {
            Process p = pb.start();
            LIVE.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + pb.command().get(0) + ": " + e.getMessage(), e);
        }
    }

    private static int waitFor(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            return 130;
        } finally {
            LIVE.remove(p);
        }
    }
}
