package dev.maplab.lru;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes check entries of the structures module's tests to {@code <results>/check/parts/<file>}, a part
 * file that {@code ./maplab check} merges into {@code check/<structure>.json} beside surefire's view
 * (which can only say "production, pass or fail"). Used to record which mutant a semantic test catches.
 * {@code <results>} is the system property {@code maplab.results}, else {@code ../reports/out} (the
 * structures module's directory is the working directory of its tests). The structures module has no
 * JSON library, so the few fields are written by hand.
 */
final class CheckPart {
    private final String file;
    private final List<String> entries = new ArrayList<>();

    CheckPart(String file) {
        this.file = file;
    }

    synchronized void record(String name, String subject, String expect, String outcome, String detail, double seconds) {
        entries.add("  {\"name\": " + q(name) + ", \"tool\": \"junit\", \"subject\": " + q(subject) + ", \"expect\": " + q(expect)
                + ", \"outcome\": " + q(outcome) + ", \"detail\": " + q(detail) + ", \"seconds\": "
                + (Math.round(seconds * 100) / 100.0) + "}");
        write();
    }

    private void write() {
        String dir = System.getProperty("maplab.results");
        Path parts = (dir == null || dir.isBlank() || dir.contains("${") ? Paths.get("..", "reports", "out") : Paths.get(dir))
                .resolve("check").resolve("parts");
        try {
            Files.createDirectories(parts);
            Path tmp = Files.createTempFile(parts, file, ".tmp");
            Files.writeString(tmp, "[\n" + String.join(",\n", entries) + "\n]\n", StandardCharsets.UTF_8);
            Files.move(tmp, parts.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String q(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : (s == null ? "" : s).toCharArray()) {
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
