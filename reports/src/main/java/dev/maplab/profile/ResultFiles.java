package dev.maplab.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes the profiling studies' result files: whole or not at all (a temporary file in the same folder,
 * then a rename), so that a reader never sees half a file and a crash leaves the previous result.
 */
final class ResultFiles {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultFiles() {
    }

    /** The folder the studies write into: {@code out/profile}. */
    static Path profileDir(Path out) {
        return out.resolve("profile");
    }

    static void writeJson(Path target, JsonNode doc) {
        try {
            writeAtomically(target, JSON.writeValueAsBytes(doc));
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + target, e);
        }
    }

    static void writeText(Path target, CharSequence text) {
        writeAtomically(target, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    static void writeAtomically(Path target, byte[] content) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            // A unique name beside the target (same file system, so the rename is atomic); created with the
            // process's default permissions, like any other result file.
            tmp = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
            Files.write(tmp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + target, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write already failed; that error is the one to report
                }
            }
        }
    }

    /** Puts a double, or null when it is not finite (JSON has no NaN). */
    static void num(ObjectNode node, String name, double v) {
        if (Double.isFinite(v)) {
            node.put(name, v);
        } else {
            node.putNull(name);
        }
    }

    /** A double for CSV: empty when not finite. */
    static String csv(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }
}
