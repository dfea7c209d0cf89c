package dev.maplab.api;

/**
 * The {@code flags} argument of an update, as in uapi {@code <linux/bpf.h>}.
 *
 * <pre>
 *   BPF_ANY     0   create a new element or update an existing one
 *   BPF_NOEXIST 1   create only: an existing key gives -EEXIST
 *   BPF_EXIST   2   update only: a missing key gives -ENOENT
 *   BPF_F_LOCK  4   copy the value under the element's spin lock (values that hold one)
 * </pre>
 *
 * Flags are an expected input from a user, so the kernel's answer to a bad combination is a result
 * code ({@code -EINVAL}), not an exception: {@code update(k, v, -1)} returns {@code -EINVAL}.
 */
public final class UpdateFlags {
    public static final long ANY = 0;
    public static final long NOEXIST = 1;
    public static final long EXIST = 2;
    public static final long F_LOCK = 4;

    private UpdateFlags() {
    }

    /** The kernel's first check: {@code (flags & ~BPF_F_LOCK) > BPF_EXIST} is {@code -EINVAL}. */
    public static boolean isValid(long flags) {
        return Long.compareUnsigned(flags & ~F_LOCK, EXIST) <= 0;
    }

    /** Parses {@code ANY}, {@code NOEXIST}, {@code EXIST} or a decimal number (which may be invalid on purpose). */
    public static long parse(String text) {
        switch (text) {
            case "ANY": return ANY;
            case "NOEXIST": return NOEXIST;
            case "EXIST": return EXIST;
            default:
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("update flags = '" + text
                            + "': allowed are ANY, NOEXIST, EXIST or a number");
                }
        }
    }
}
