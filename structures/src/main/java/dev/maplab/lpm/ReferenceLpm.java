package dev.maplab.lpm;

import dev.maplab.api.Errno;
import dev.maplab.api.UpdateFlags;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The reference longest-prefix matcher of the kernel's selftest ({@code tlpm} in
 * {@code lpm_trie_map_basic_ops.c}; kernel-selftests.md P-1): a plain list of (data, prefix length,
 * value) scanned in full on every lookup. It is the oracle the trie is checked against (JUnit and the
 * Lincheck sequential specification), with the kernel's update rules added: {@code BPF_NOEXIST},
 * {@code BPF_EXIST}, {@code -ENOSPC} at max_entries, {@code -EINVAL} for bad flags or lengths.
 * Single-threaded; not a map type.
 */
public final class ReferenceLpm {
    private final int dataSize;
    private final int maxEntries;
    private final List<Entry> entries = new ArrayList<>();

    /** A stored prefix: {@code data} holds the key's data as given (bits past {@code prefixlen} included). */
    public record Entry(byte[] data, int prefixlen, long value) {
    }

    public ReferenceLpm(int dataSize, int maxEntries) {
        this.dataSize = dataSize;
        this.maxEntries = maxEntries;
    }

    /** True when the first {@code n} bits of {@code a} and {@code b} are equal. */
    public static boolean samePrefix(byte[] a, byte[] b, int n) {
        int whole = n >>> 3;
        for (int i = 0; i < whole; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        int rest = n & 7;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return ((a[whole] ^ b[whole]) & mask) == 0;
    }

    private int indexOf(byte[] data, int prefixlen) {
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.prefixlen == prefixlen && samePrefix(e.data, data, prefixlen)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code tlpm_match}: the entry with the longest prefix that is a prefix of the first {@code prefixlen} bits of {@code data}. */
    public Entry match(byte[] data, int prefixlen) {
        if (prefixlen < 0 || prefixlen > 8 * dataSize) {
            return null;
        }
        Entry best = null;
        for (Entry e : entries) {
            if (e.prefixlen <= prefixlen && (best == null || e.prefixlen > best.prefixlen) && samePrefix(e.data, data, e.prefixlen)) {
                best = e;
            }
        }
        return best;
    }

    /** The value of the longest match, or {@code absent}. */
    public long lookup(byte[] data, int prefixlen, long absent) {
        Entry e = match(data, prefixlen);
        return e == null ? absent : e.value;
    }

    /** {@code trie_update_elem}'s results: 0, -EINVAL, -EEXIST, -ENOENT, -ENOSPC. */
    public int update(byte[] data, int prefixlen, long value, long flags) {
        if (Long.compareUnsigned(flags, UpdateFlags.EXIST) > 0 || prefixlen < 0 || prefixlen > 8 * dataSize) {
            return -Errno.EINVAL;
        }
        int i = indexOf(data, prefixlen);
        if (i >= 0) {
            if (flags == UpdateFlags.NOEXIST) {
                return -Errno.EEXIST;
            }
            entries.set(i, new Entry(data.clone(), prefixlen, value));
            return 0;
        }
        if (flags == UpdateFlags.EXIST) {
            return -Errno.ENOENT;
        }
        if (entries.size() == maxEntries) {
            return -Errno.ENOSPC;
        }
        entries.add(0, new Entry(data.clone(), prefixlen, value));
        return 0;
    }

    /** {@code trie_delete_elem}: the exact prefix only; 0, -ENOENT or -EINVAL. */
    public int delete(byte[] data, int prefixlen) {
        if (prefixlen < 0 || prefixlen > 8 * dataSize) {
            return -Errno.EINVAL;
        }
        int i = indexOf(data, prefixlen);
        if (i < 0) {
            return -Errno.ENOENT;
        }
        entries.remove(i);
        return 0;
    }

    /** The stored entries, newest first. */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public int size() {
        return entries.size();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ReferenceLpm[");
        for (Entry e : entries) {
            sb.append(Arrays.toString(e.data)).append('/').append(e.prefixlen).append('=').append(e.value).append(' ');
        }
        return sb.append(']').toString();
    }
}
