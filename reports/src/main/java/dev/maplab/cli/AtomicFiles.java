package dev.maplab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes result files so that an interrupted run (Ctrl-C) never leaves a half-written one: every file
 * is written to a temporary sibling and then renamed over the target. Temporary files still pending at
 * shutdown are deleted by {@link Processes}' shutdown hook, so an interrupted run leaves the result files
 * of the previous run (or of the suites that completed) intact and nothing else.
 */
public final class AtomicFiles {
    /** Pretty-printed JSON, as every maplab result file. */
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    private AtomicFiles() {
    }

    /** Writes {@code value} as JSON to {@code target}, atomically. */
    public static void writeJson(Path target, Object value) {
        try {
            write(target, JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code bytes} to {@code target}, atomically. */
    public static void write(Path target, byte[] bytes) {
        Path tmp = temporary(target);
        try {
            Files.write(tmp, bytes);
            commit(tmp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            discard(tmp);
        }
    }

    /**
     * A temporary sibling of {@code target} for another writer (JMH's {@code -rff}); it is deleted at
     * shutdown unless {@link #commit} or {@link #discard} handled it first. The directory is created.
     */
    public static Path temporary(Path target) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + target.getParent() + ": " + e.getMessage(), e);
        }
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        PENDING.add(tmp);
        Processes.installShutdownHook();
        return tmp;
    }

    /** Renames {@code tmp} over {@code target} in one step. */
    public static void commit(Path tmp, Path target) throws IOException {
        if (Processes.shuttingDown()) {
            discard(tmp);
            throw new IOException("interrupted: " + target + " left as it was");
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        PENDING.remove(tmp);
    }

    /** Deletes {@code tmp} if it is still there. */
    public static void discard(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // best effort: a stray dot-file is harmless
        }
        PENDING.remove(tmp);
    }

    /** Shutdown: deletes every temporary file not yet committed. */
    static void discardPending() {
        for (Path p : PENDING) {
            discard(p);
        }
    }
}
