package dev.maplab.replay;

/** A trace line that cannot be replayed: names the line number, its text and what is wrong. */
public final class TraceException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int lineNumber;
    private final String line;
    private final String problem;

    public TraceException(int lineNumber, String line, String problem) {
        super("trace line " + lineNumber + ": '" + line.strip() + "': " + problem);
        this.lineNumber = lineNumber;
        this.line = line;
        this.problem = problem;
    }

    /** 1-based. */
    public int lineNumber() {
        return lineNumber;
    }

    public String line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
