package dev.maplab.api;

/**
 * Result codes mirroring the Linux errno values that the {@code bpf(2)} map commands return.
 *
 * <p>An operation's expected outcomes (key missing, key exists, map full, busy) are values, not
 * exceptions: every map operation returns {@code 0} (or a non-negative count/value) on success and
 * a negated errno on an expected failure, exactly as the kernel's syscall does. Misuse (a wrong key
 * length, an unknown flag bit that the kernel would reject at the API boundary of a Java caller) is
 * an {@link IllegalArgumentException}; see {@link MapSpec}.
 *
 * <p>{@link #ENOTSUPP} is the kernel-internal code 524 which does reach user space from the map
 * commands (for example {@code BPF_MAP_LOOKUP_AND_DELETE_BATCH} on an array).
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int E2BIG = 7;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int EDEADLK = 35;
    public static final int ENOTSUPP = 524;

    private Errno() {
    }

    /** The symbolic name of a result: {@code "0"} style numbers for non-negative values, {@code "-ENOENT"} for errors. */
    public static String describe(long result) {
        if (result >= 0) {
            return Long.toString(result);
        }
        return "-" + name((int) -result);
    }

    /** The symbolic name of a positive errno, e.g. {@code name(2) = "ENOENT"}. */
    public static String name(int errno) {
        switch (errno) {
            case EPERM: return "EPERM";
            case ENOENT: return "ENOENT";
            case E2BIG: return "E2BIG";
            case EBADF: return "EBADF";
            case EAGAIN: return "EAGAIN";
            case ENOMEM: return "ENOMEM";
            case EFAULT: return "EFAULT";
            case EBUSY: return "EBUSY";
            case EEXIST: return "EEXIST";
            case EINVAL: return "EINVAL";
            case ENOSPC: return "ENOSPC";
            case EDEADLK: return "EDEADLK";
            case ENOTSUPP: return "ENOTSUPP";
            default: return "E" + errno;
        }
    }

    /** The positive errno for a symbolic name ({@code "ENOENT"} or {@code "-ENOENT"}), or -1 when unknown. */
    public static int parse(String name) {
        String n = name.startsWith("-") ? name.substring(1) : name;
        for (int e : new int[] {EPERM, ENOENT, E2BIG, EBADF, EAGAIN, ENOMEM, EFAULT, EBUSY, EEXIST, EINVAL, ENOSPC, EDEADLK, ENOTSUPP}) {
            if (name(e).equals(n)) {
                return e;
            }
        }
        return -1;
    }
}
