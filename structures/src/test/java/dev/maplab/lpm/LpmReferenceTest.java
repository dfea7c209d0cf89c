package dev.maplab.lpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.maplab.api.Errno;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The trie against the reference longest-prefix matcher ({@link ReferenceLpm}, a linear scan) on random
 * prefix sets, IPv4 sized (4 data bytes) and IPv6 sized (16): lookups of random and of covered addresses,
 * then a random mix of updates (every flag), deletes and lookups whose results (values and errnos,
 * {@code -ENOSPC} included) must all agree; the trie's shape invariants; and the get_next_key order,
 * which must be the post-order computed independently from the prefixes.
 */
class LpmReferenceTest {

    /** A prefix length drawn like a routing table's: mostly long, some short, a few of every length. */
    static int prefixLength(Random r, int max) {
        int p = r.nextInt(10);
        if (p < 2) {
            return r.nextInt(max + 1);
        }
        if (p < 7) {
            return max / 2 + r.nextInt(max / 4 + 1);
        }
        return max - r.nextInt(Math.max(1, max / 8) + 1);
    }

    static byte[] randomData(Random r, int n) {
        byte[] d = new byte[n];
        r.nextBytes(d);
        return d;
    }

    /** An address inside {@code e}'s prefix, random past it. */
    static byte[] inside(Random r, ReferenceLpm.Entry e, int n) {
        byte[] d = randomData(r, n);
        for (int i = 0; i < e.prefixlen(); i++) {
            int b = (e.data()[i / 8] >> (7 - i % 8)) & 1;
            d[i / 8] = (byte) ((d[i / 8] & ~(1 << (7 - i % 8))) | (b << (7 - i % 8)));
        }
        return d;
    }

    /** Post-order of prefixes in a binary trie: the first differing bit decides (0 first); a prefix of the other comes after it. */
    static final Comparator<ReferenceLpm.Entry> POST_ORDER = (a, b) -> {
        int n = Math.min(a.prefixlen(), b.prefixlen());
        for (int i = 0; i < n; i++) {
            int x = (a.data()[i / 8] >> (7 - i % 8)) & 1;
            int y = (b.data()[i / 8] >> (7 - i % 8)) & 1;
            if (x != y) {
                return x - y;
            }
        }
        return Integer.compare(b.prefixlen(), a.prefixlen());
    };

    @ParameterizedTest(name = "{0}-byte data, {1} prefixes, {2} lookups")
    @CsvSource({"4, 2000, 20000", "16, 1000, 10000"})
    @DisplayName("random prefix sets agree with the linear-scan reference (lookups, updates, deletes, order)")
    void randomPrefixSetsAgreeWithTheReference(int dataSize, int prefixes, int lookups) {
        Random r = new Random(0x1a2b3c + dataSize);
        int max = 8 * dataSize;
        int maxEntries = prefixes + prefixes / 4;
        LpmTrie trie = LpmTrie.create(dataSize, 8, maxEntries);
        ReferenceLpm ref = new ReferenceLpm(dataSize, maxEntries);
        for (int i = 0; i < prefixes; i++) {
            byte[] d = randomData(r, dataSize);
            int plen = prefixLength(r, max);
            long v = r.nextLong();
            assertEquals(ref.update(d, plen, v, 0), trie.update(LpmKeys.of(plen, d), v, 0));
        }
        assertEquals(ref.size(), trie.size());
        List<ReferenceLpm.Entry> entries = ref.entries();
        for (int i = 0; i < lookups; i++) {
            byte[] d = i % 2 == 0 ? randomData(r, dataSize) : inside(r, entries.get(r.nextInt(entries.size())), dataSize);
            int plen = i % 7 == 0 ? r.nextInt(max + 1) : max;
            assertEquals(ref.lookup(d, plen, Long.MIN_VALUE), trie.lookup(LpmKeys.of(plen, d), Long.MIN_VALUE),
                    "lookup " + i + " " + LpmKeys.toString(LpmKeys.of(plen, d)));
        }
        // A random mix, including exact re-use of stored prefixes (replace, delete, EEXIST) and a full trie (ENOSPC).
        List<ReferenceLpm.Entry> now = ref.entries();
        for (int i = 0; i < lookups; i++) {
            int op = r.nextInt(10);
            if ((i & 255) == 0) {
                now = ref.entries(); // a snapshot of stored prefixes to draw from (may be a little stale)
            }
            ReferenceLpm.Entry some = now.isEmpty() ? null : now.get(r.nextInt(now.size()));
            byte[] d;
            int plen;
            if (some != null && r.nextBoolean()) {
                d = some.data();
                plen = some.prefixlen();
            } else {
                d = randomData(r, dataSize);
                plen = prefixLength(r, max);
            }
            byte[] key = LpmKeys.of(plen, d);
            if (op < 4) {
                long flags = r.nextInt(3);
                long v = r.nextLong();
                assertEquals(ref.update(d, plen, v, flags), trie.update(key, v, flags), "update " + i + " flags " + flags);
            } else if (op < 7) {
                assertEquals(ref.delete(d, plen), trie.delete(key), "delete " + i);
            } else {
                byte[] a = some != null && r.nextBoolean() ? inside(r, some, dataSize) : randomData(r, dataSize);
                assertEquals(ref.lookup(a, max, Long.MIN_VALUE), trie.lookup(LpmKeys.of(max, a), Long.MIN_VALUE), "lookup " + i);
            }
        }
        assertNull(trie.checkInvariants());
        assertEquals(ref.size(), trie.size());
        // get_next_key order = the post-order of the reference's prefixes.
        List<ReferenceLpm.Entry> sorted = new ArrayList<>(ref.entries());
        sorted.sort(POST_ORDER);
        byte[] cur = null;
        byte[] next = new byte[4 + dataSize];
        for (ReferenceLpm.Entry e : sorted) {
            assertEquals(0, trie.getNextKey(cur, next));
            assertEquals(e.prefixlen(), LpmKeys.prefixlen(next));
            byte[] data = java.util.Arrays.copyOfRange(next, 4, 4 + dataSize);
            assertEquals(true, ReferenceLpm.samePrefix(data, e.data(), e.prefixlen()), "post-order position of " + LpmKeys.toString(next));
            cur = next.clone();
        }
        assertEquals(-Errno.ENOENT, trie.getNextKey(cur, next));
    }
}
