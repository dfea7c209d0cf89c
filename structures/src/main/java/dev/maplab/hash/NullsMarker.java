package dev.maplab.hash;

/**
 * The {@code hlist_nulls} chain terminator, in int-index form.
 *
 * <p>A chain link is an int: an element index ({@code >= 0}) or a nulls marker ({@code < 0}). The
 * marker carries a value, the index of the bucket whose chain it ends ({@code INIT_HLIST_NULLS_HEAD(
 * &buckets[i].head, i)}): {@code marker(v) = ~v}. This is the kernel's {@code NULLS_MARKER(v) = 1 |
 * (v << 1)} with the tag in the sign bit instead of bit 0, because Java links are indices, not
 * word-aligned pointers. Up to 2^31 distinct values, as the kernel guarantees.
 */
public final class NullsMarker {
    private NullsMarker() {
    }

    /** {@code NULLS_MARKER(value)}. */
    public static int of(int value) {
        return ~value;
    }

    /** {@code is_a_nulls(link)}. */
    public static boolean isNulls(int link) {
        return link < 0;
    }

    /** {@code get_nulls_value(link)}. */
    public static int value(int link) {
        return ~link;
    }
}
