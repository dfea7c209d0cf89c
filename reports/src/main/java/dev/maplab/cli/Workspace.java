package dev.maplab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Where the project is and how its tools are started: the repository root, {@code reports/out}, the
 * shaded jars, Maven and the JVM that runs the suites.
 *
 * <p>The root is the {@code maplab.root} system property if set, else the nearest directory at or above
 * the working directory whose {@code pom.xml} is the maplab parent (the launcher runs from the root).
 * Child JVMs are this JVM's {@code java} ({@code java.home}), and Maven gets {@code JAVA_HOME} set to it,
 * so every suite runs on the JDK that {@link RunEnvironment} records. Maven is {@code ./mvnw} when the
 * project has one, else {@code mvn}; extra Maven arguments (for example {@code -o} offline) can be given
 * in the environment variable {@code MAPLAB_MAVEN_ARGS}.
 */
public final class Workspace {
    public static final String MAVEN_ARGS_ENV = "MAPLAB_MAVEN_ARGS";

    private final Path root;
    private final Path out;
    private final PrintWriter log;

    private Workspace(Path root, PrintWriter log) {
        this.root = root;
        this.out = root.resolve("reports").resolve("out");
        this.log = log;
    }

    /**
     * Finds the repository root.
     *
     * @throws IllegalStateException when the working directory is not inside a maplab checkout
     */
    public static Workspace locate(PrintWriter log) {
        String prop = System.getProperty("maplab.root");
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop).toAbsolutePath().normalize();
            if (!isRoot(p)) {
                throw new IllegalStateException("maplab.root=" + prop + " is not a maplab checkout (no maplab parent pom.xml)");
            }
            return new Workspace(p, log);
        }
        Path cwd = Path.of("").toAbsolutePath().normalize();
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (isRoot(p)) {
                return new Workspace(p, log);
            }
        }
        throw new IllegalStateException("not inside a maplab checkout: no maplab parent pom.xml at or above " + cwd
                + " (run ./maplab from the repository root, or set -Dmaplab.root)");
    }

    private static boolean isRoot(Path dir) {
        Path pom = dir.resolve("pom.xml");
        if (!Files.isRegularFile(pom) || !Files.isDirectory(dir.resolve("reports"))) {
            return false;
        }
        try {
            return Files.readString(pom).contains("<artifactId>maplab-parent</artifactId>");
        } catch (IOException e) {
            return false;
        }
    }

    public Path root() {
        return root;
    }

    /** {@code reports/out}, absolute. */
    public Path out() {
        return out;
    }

    public PrintWriter log() {
        return log;
    }

    /** {@code p} relative to the root, for messages. */
    public String relative(Path p) {
        Path a = p.toAbsolutePath().normalize();
        return a.startsWith(root) ? root.relativize(a).toString() : a.toString();
    }

    public Path jmhJar() {
        return root.resolve("jmh/target/benchmarks.jar");
    }

    public Path stressJar() {
        return root.resolve("stress/target/jcstress.jar");
    }

    /** This JVM's launcher: the suites run on the JDK that runs maplab. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code ./mvnw} if the project has one, else {@code mvn}; then {@code $MAPLAB_MAVEN_ARGS}. */
    public List<String> maven() {
        List<String> cmd = new ArrayList<>();
        Path wrapper = root.resolve("mvnw");
        cmd.add(Files.isExecutable(wrapper) ? wrapper.toString() : "mvn");
        String extra = System.getenv(MAVEN_ARGS_ENV);
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        return cmd;
    }

    /** The environment for child processes: {@code JAVA_HOME} is this JVM's. */
    public Map<String, String> childEnvironment() {
        return Map.of("JAVA_HOME", System.getProperty("java.home"));
    }

    /** Runs a tool in the root with the terminal's input and output, after echoing the command line. */
    public int run(List<String> command) {
        log.println("$ " + String.join(" ", command.stream().map(Workspace::quote).toList()));
        log.flush();
        return Processes.run(command, root, childEnvironment());
    }

    /** Runs a tool in the root and returns its output. */
    public Processes.Captured capture(List<String> command) {
        log.flush();
        return Processes.capture(command, root, childEnvironment());
    }

    static String quote(String arg) {
        return arg.matches("[A-Za-z0-9_./=:,+@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
