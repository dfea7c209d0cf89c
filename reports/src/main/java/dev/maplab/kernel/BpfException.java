package dev.maplab.kernel;

/**
 * A kernel resource could not be made (a map, a program, a test run that must work): names the command,
 * the errno and, for creation, why it probably failed (a missing capability, a kernel too old). Expected
 * per-operation failures (a missing key, a full map) are results, never this exception.
 */
public final class BpfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    public BpfException(String message, int errno) {
        super(message);
        this.errno = Math.abs(errno);
    }

    /** The positive errno the kernel returned (0 when the failure was not an errno). */
    public int errno() {
        return errno;
    }
}
