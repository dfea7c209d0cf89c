package dev.maplab.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes this module's check outcomes to {@code <results>/check/parts/<structure>-lincheck.json}, the
 * part files that {@code ./maplab check} merges into {@code check/<structure>.json}. The file is
 * rewritten (atomically) after every check, so an interrupted run leaves the checks already done.
 * {@code <results>} is the system property {@code maplab.results} (set by the build to the
 * repository's {@code reports/out}). Entries of checks not run this time are kept; {@code ./maplab
 * check} clears the part files before a run.
 */
public final class CheckLog {
    private static final Map<String, List<Map<String, Object>>> ENTRIES = new LinkedHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CheckLog() {
    }

    public static synchronized void record(String structure, String name, String subject, String expect,
                                           String outcome, String detail, double seconds) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", name);
        e.put("tool", "lincheck");
        e.put("subject", subject);
        e.put("expect", expect);
        e.put("outcome", outcome);
        e.put("detail", detail == null ? "" : detail);
        e.put("seconds", Math.round(seconds * 100) / 100.0);
        List<Map<String, Object>> list = ENTRIES.computeIfAbsent(structure, CheckLog::existing);
        list.removeIf(old -> old.get("name").equals(name) && old.get("subject").equals(subject));
        list.add(e);
        write(structure, list);
    }

    /** Entries already in the part file (a run of a subset of the checks keeps the others'). */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> existing(String structure) {
        Path file = partsDir().resolve(structure + "-lincheck.json");
        List<Map<String, Object>> list = new ArrayList<>();
        if (Files.exists(file)) {
            try {
                for (Object o : JSON.readValue(file.toFile(), List.class)) {
                    list.add((Map<String, Object>) o);
                }
            } catch (IOException ex) {
                // an unreadable part file is replaced by this run's entries
            }
        }
        return list;
    }

    private static Path partsDir() {
        String dir = System.getProperty("maplab.results");
        return (dir == null || dir.isBlank() || dir.contains("${") ? Paths.get("..", "reports", "out") : Paths.get(dir))
                .resolve("check").resolve("parts");
    }

    private static void write(String structure, List<Map<String, Object>> list) {
        Path out = partsDir();
        try {
            Files.createDirectories(out);
            Path tmp = Files.createTempFile(out, structure, ".tmp");
            JSON.writeValue(tmp.toFile(), list);
            Files.move(tmp, out.resolve(structure + "-lincheck.json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** True when the build asked for the quick configuration ({@code -Dmaplab.quick=true}). */
    public static boolean quick() {
        return Boolean.parseBoolean(System.getProperty("maplab.quick", "false"));
    }
}
