package dev.maplab.cli;

import dev.maplab.report.Report;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Runs the in-process suites: the profiling studies of {@link Registry} ({@code maplab profile}) and the
 * report ({@code maplab report}). An entry point that throws {@link UnsupportedOperationException} is a
 * stub: reported as not implemented yet and skipped.
 */
public final class StudyRunner {
    private final Workspace ws;
    private final PrintWriter out;

    public StudyRunner(Workspace ws) {
        this.ws = ws;
        this.out = ws.log();
    }

    /** {@code maplab profile NAME [--quick]}: the study writes {@code reports/out/profile/...}. */
    public Outcome profile(String name, boolean quick) {
        Registry.Study study = Registry.study(name);
        if (study == null) {
            return notImplemented("profile " + name, "no study registered");
        }
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("entry", "run(quick=" + quick + ", out=" + ws.out() + ")");
        RunEnvironment env = RunEnvironment.start(ws, "profile", name, quick, options);
        Outcome o = call("profile " + name, () -> study.run().run(quick, ws.out()));
        env.finish(o);
        return o;
    }

    /** {@code maplab profile NAME --jfr FILE}: summarises a JFR recording into {@code reports/out/profile/}. */
    public Outcome summariseJfr(String name, Path jfr) {
        Registry.Study study = Registry.study(name);
        if (study == null) {
            return notImplemented("profile " + name, "no study registered");
        }
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("entry", "summariseJfr(jfr=" + jfr.toAbsolutePath() + ", out=" + ws.out() + ")");
        RunEnvironment env = RunEnvironment.start(ws, "profile", name + "-jfr", false, options);
        Outcome o = call("profile " + name + " --jfr", () -> study.jfr().summarise(jfr.toAbsolutePath(), ws.out()));
        env.finish(o);
        return o;
    }

    /** {@code maplab report}: renders {@code reports/out/index.html} and {@code summary.md} from the result files. */
    public Outcome report() {
        return call("report", () -> Report.render(ws.out()));
    }

    private Outcome call(String what, IntSupplier entry) {
        out.flush();
        try {
            int rc = entry.getAsInt();
            if (rc != 0) {
                out.println(what + ": exited with " + rc + "  FAILED");
                return Outcome.FAILED;
            }
            return Outcome.PASSED;
        } catch (UnsupportedOperationException e) {
            return notImplemented(what, e.getMessage());
        } catch (RuntimeException e) {
            out.println(what + ": " + e + "  FAILED");
            e.printStackTrace(out);
            return Outcome.FAILED;
        } finally {
            out.flush();
        }
    }

    private Outcome notImplemented(String what, String why) {
        out.println(what + ": not implemented yet (" + why + "), skipped");
        out.flush();
        return Outcome.NOT_IMPLEMENTED;
    }
}
