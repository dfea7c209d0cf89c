package dev.maplab.kernel;

import java.util.Map;

/** Names and meanings of the errno values the bpf(2) commands return, for messages. */
public final class KernelErrors {
    private static final Map<Integer, String[]> NAMES = Map.ofEntries(
            Map.entry(1, new String[] {"EPERM", "Operation not permitted"}),
            Map.entry(2, new String[] {"ENOENT", "No such file or directory"}),
            Map.entry(4, new String[] {"EINTR", "Interrupted system call"}),
            Map.entry(7, new String[] {"E2BIG", "Argument list too long"}),
            Map.entry(9, new String[] {"EBADF", "Bad file descriptor"}),
            Map.entry(11, new String[] {"EAGAIN", "Resource temporarily unavailable"}),
            Map.entry(12, new String[] {"ENOMEM", "Cannot allocate memory"}),
            Map.entry(13, new String[] {"EACCES", "Permission denied"}),
            Map.entry(14, new String[] {"EFAULT", "Bad address"}),
            Map.entry(16, new String[] {"EBUSY", "Device or resource busy"}),
            Map.entry(17, new String[] {"EEXIST", "File exists"}),
            Map.entry(22, new String[] {"EINVAL", "Invalid argument"}),
            Map.entry(24, new String[] {"EMFILE", "Too many open files"}),
            Map.entry(28, new String[] {"ENOSPC", "No space left on device"}),
            Map.entry(34, new String[] {"ERANGE", "Numerical result out of range"}),
            Map.entry(35, new String[] {"EDEADLK", "Resource deadlock avoided"}),
            Map.entry(38, new String[] {"ENOSYS", "Function not implemented"}),
            Map.entry(95, new String[] {"EOPNOTSUPP", "Operation not supported"}),
            Map.entry(110, new String[] {"ETIMEDOUT", "Connection timed out"}),
            Map.entry(524, new String[] {"ENOTSUPP", "Operation is not supported (kernel-internal 524)"}));

    private KernelErrors() {
    }

    /** {@code "ENOENT"}, or {@code "E<n>"} for a number without a name here. */
    public static String name(int errno) {
        String[] n = NAMES.get(Math.abs(errno));
        return n != null ? n[0] : "E" + Math.abs(errno);
    }

    /** {@code "EPERM (Operation not permitted)"}. */
    public static String describe(int errno) {
        String[] n = NAMES.get(Math.abs(errno));
        return n != null ? n[0] + " (" + n[1] + ")" : "errno " + Math.abs(errno);
    }
}
