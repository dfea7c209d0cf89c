package dev.maplab.lpm;

import static dev.maplab.lpm.LpmKeys.ipv4;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.api.BatchResult;
import dev.maplab.api.Errno;
import dev.maplab.api.MapFlags;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The LPM trie cases of the kernel's selftests (kernel-selftests.md §7: P-0 semantics, P-01..P-10, and
 * the LPM batch case B-03), each on {@link LpmTrie} through the syscall API, plus the creation rules of
 * {@code trie_alloc}.
 */
class LpmTrieSelftestsTest {

    static byte[] u32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    static int u32(byte[] b) {
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    static byte[] u64(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    static long u64(byte[] b) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xffL);
        }
        return v;
    }

    /** The value found for {@code key}, or the negated errno. */
    static long lookup64(LpmTrie t, byte[] key) {
        byte[] out = new byte[8];
        int r = t.lookup(key, out);
        return r == 0 ? u64(out) : r;
    }

    static long lookup32(LpmTrie t, byte[] key) {
        byte[] out = new byte[4];
        int r = t.lookup(key, out);
        return r == 0 ? u32(out) : r;
    }

    /** Every key in get_next_key order from the start, as text. */
    static List<String> walk(LpmTrie t) {
        List<String> keys = new ArrayList<>();
        byte[] cur = null;
        byte[] next = new byte[t.spec().keySize()];
        while (t.getNextKey(cur, next) == 0) {
            keys.add(text(next));
            cur = next.clone();
            if (keys.size() > t.spec().maxEntries() + 1) {
                throw new AssertionError("get_next_key does not end: " + keys);
            }
        }
        return keys;
    }

    static String text(byte[] key) {
        if (key.length == 8) {
            return (key[4] & 0xff) + "." + (key[5] & 0xff) + "." + (key[6] & 0xff) + "." + (key[7] & 0xff) + "/" + LpmKeys.prefixlen(key);
        }
        return LpmKeys.toString(key);
    }

    // ---- P-0: creation -----------------------------------------------------------------------

    @Test
    @DisplayName("P-0 creation: NO_PREALLOC is mandatory; key 5..260 bytes; value >= 1 (kernel -EINVAL)")
    void p0CreationRules() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MapSpec.builder(MapType.LPM_TRIE).keySize(8).valueSize(8).maxEntries(10).build());
        assertTrue(e.getMessage().contains("NO_PREALLOC"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> MapSpec.builder(MapType.LPM_TRIE).keySize(4).valueSize(8).maxEntries(10).flags(MapFlags.NO_PREALLOC).build());
        assertThrows(IllegalArgumentException.class,
                () -> MapSpec.builder(MapType.LPM_TRIE).keySize(261).valueSize(8).maxEntries(10).flags(MapFlags.NO_PREALLOC).build());
        assertThrows(IllegalArgumentException.class,
                () -> MapSpec.builder(MapType.LPM_TRIE).keySize(8).valueSize(0).maxEntries(10).flags(MapFlags.NO_PREALLOC).build());
        assertThrows(IllegalArgumentException.class, () -> MapSpec.builder(MapType.LPM_TRIE).keySize(8).valueSize(8)
                .maxEntries(10).flags(MapFlags.NO_PREALLOC | MapFlags.ZERO_SEED).build());
        assertEquals(2048, LpmTrie.create(256, 1, 1).maxPrefixlen());
        assertEquals(8, LpmTrie.create(1, 1, 1).maxPrefixlen());
        assertThrows(IllegalArgumentException.class, () -> new LpmTrie(MapSpec.longs(MapType.HASH, 4, 1)));
    }

    @Test
    @DisplayName("P-0: a lookup or delete with prefixlen > max finds nothing / -EINVAL; update -EINVAL")
    void p0PrefixTooLong() {
        LpmTrie t = LpmTrie.create(4, 8, 100);
        assertEquals(0, t.update(ipv4("10.0.0.0", 8), u64(1), 0));
        assertEquals(-Errno.ENOENT, lookup64(t, ipv4("10.0.0.1", 33)));
        assertEquals(-Errno.EINVAL, t.update(ipv4("10.0.0.1", 33), u64(1), 0));
        assertEquals(-Errno.EINVAL, t.delete(ipv4("10.0.0.1", 33)));
        assertEquals(-Errno.EINVAL, t.update(ipv4("10.0.0.1", -1), u64(1), 0), "a u32 prefixlen of 2^32-1");
        assertEquals(1, lookup64(t, ipv4("10.0.0.1", 32)));
        assertEquals(1, lookup64(t, ipv4("10.0.0.1", 8)), "a lookup with a shorter length matches up to it");
        assertEquals(-Errno.ENOENT, lookup64(t, ipv4("10.0.0.1", 7)));
    }

    @Test
    @DisplayName("P-0: prefix length 0 matches every address")
    void p0DefaultRoute() {
        LpmTrie t = LpmTrie.create(4, 8, 100);
        assertEquals(0, t.update(ipv4("0.0.0.0", 0), u64(7), 0));
        assertEquals(7, lookup64(t, ipv4("200.1.2.3", 32)));
        assertEquals(0, t.update(ipv4("200.0.0.0", 8), u64(8), 0));
        assertEquals(8, lookup64(t, ipv4("200.1.2.3", 32)));
        assertEquals(7, lookup64(t, ipv4("201.1.2.3", 32)));
        assertEquals(0, t.delete(ipv4("0.0.0.0", 0)));
        assertEquals(-Errno.ENOENT, lookup64(t, ipv4("201.1.2.3", 32)));
        assertEquals(null, t.checkInvariants());
    }

    // ---- P-1: the reference oracle's own self-tests -----------------------------------------

    @Test
    @DisplayName("P-1 tlpm self-tests: test_lpm_basic and test_lpm_order on the reference matcher")
    void p1ReferenceSelfTests() {
        ReferenceLpm r = new ReferenceLpm(2, 100);
        r.update(new byte[] {(byte) 0xff, 0}, 8, 1, 0);
        assertEquals(1, r.lookup(new byte[] {(byte) 0xff, 0}, 8, -1));
        assertEquals(1, r.lookup(new byte[] {(byte) 0xff, (byte) 0xff}, 16, -1));
        assertEquals(1, r.lookup(new byte[] {(byte) 0xff, 0}, 16, -1));
        assertEquals(-1, r.lookup(new byte[] {0x7f, 0}, 8, -1));
        assertEquals(-1, r.lookup(new byte[] {(byte) 0xfe, 0}, 8, -1));
        assertEquals(-1, r.lookup(new byte[] {(byte) 0xff, 0}, 7, -1));
        r.update(new byte[] {(byte) 0xff, (byte) 0xff}, 16, 2, 0);
        assertEquals(2, r.lookup(new byte[] {(byte) 0xff, (byte) 0xff}, 16, -1));
        assertEquals(1, r.lookup(new byte[] {(byte) 0xff, (byte) 0xff}, 15, -1));
        ReferenceLpm a = new ReferenceLpm(2, 100);
        ReferenceLpm b = new ReferenceLpm(2, 100);
        a.update(new byte[] {(byte) 0xff, 0}, 8, 1, 0);
        a.update(new byte[] {(byte) 0xff, (byte) 0xff}, 16, 2, 0);
        b.update(new byte[] {(byte) 0xff, (byte) 0xff}, 16, 2, 0);
        b.update(new byte[] {(byte) 0xff, 0}, 8, 1, 0);
        for (int x = 0; x < 65536; x += 97) {
            byte[] d = {(byte) (x >>> 8), (byte) x};
            assertEquals(a.lookup(d, 16, -1), b.lookup(d, 16, -1));
        }
    }

    // ---- P-01: random prefixes against the reference ----------------------------------------

    @Test
    @DisplayName("P-01 test_lpm_map(keysize 1..16): 256 random prefixes, 512 lookups, delete half, 512 lookups")
    void p01RandomAgainstReference() {
        Random rnd = new Random(0xf00ba1);
        for (int keysize = 1; keysize <= 16; keysize++) {
            LpmTrie t = new LpmTrie(MapSpec.builder(MapType.LPM_TRIE).keySize(4 + keysize).valueSize(keysize + 1)
                    .maxEntries(4096).flags(MapFlags.NO_PREALLOC).build());
            ReferenceLpm ref = new ReferenceLpm(keysize, 4096);
            for (int i = 0; i < 256; i++) {
                byte[] data = new byte[keysize];
                rnd.nextBytes(data);
                int plen = rnd.nextInt(8 * keysize + 1);
                byte[] value = new byte[keysize + 1];
                System.arraycopy(data, 0, value, 0, keysize);
                value[keysize] = (byte) plen;
                ref.update(data, plen, 0, UpdateFlags.ANY);
                assertEquals(0, t.update(LpmKeys.of(plen, data), value, UpdateFlags.ANY));
            }
            p01Lookups(t, ref, keysize, rnd);
            List<ReferenceLpm.Entry> all = ref.entries();
            for (int i = 0; i < all.size() / 2; i++) {
                ReferenceLpm.Entry e = all.get(i);
                assertEquals(0, ref.delete(e.data(), e.prefixlen()));
                assertEquals(0, t.delete(LpmKeys.of(e.prefixlen(), e.data())), "keysize " + keysize + " delete " + i);
            }
            p01Lookups(t, ref, keysize, rnd);
            assertNull(t.checkInvariants());
        }
    }

    private static void p01Lookups(LpmTrie t, ReferenceLpm ref, int keysize, Random rnd) {
        for (int i = 0; i < 512; i++) {
            byte[] data = new byte[keysize];
            rnd.nextBytes(data);
            ReferenceLpm.Entry want = ref.match(data, 8 * keysize);
            byte[] value = new byte[keysize + 1];
            int r = t.lookup(LpmKeys.of(8 * keysize, data), value);
            assertEquals(want == null ? -Errno.ENOENT : 0, r, "keysize " + keysize + " lookup " + i + ": found <=> tlpm matched");
            if (want != null) {
                int plen = value[keysize] & 0xff;
                assertEquals(want.prefixlen(), plen, "the stored prefix length equals tlpm's best");
                byte[] stored = java.util.Arrays.copyOf(value, keysize);
                assertTrue(ReferenceLpm.samePrefix(stored, data, plen), "the first n_bits bits are equal");
            }
        }
    }

    // ---- P-02, P-03 -------------------------------------------------------------------------

    @Test
    @DisplayName("P-02 test_lpm_ipaddr: IPv4 /16 /24 /23 routes and an IPv6 /64")
    void p02IpAddresses() {
        LpmTrie v4 = LpmTrie.create(4, 8, 100);
        assertEquals(0, v4.update(ipv4("192.168.0.0", 16), u64(1), 0));
        assertEquals(0, v4.update(ipv4("192.168.0.0", 24), u64(2), 0));
        assertEquals(0, v4.update(ipv4("192.168.128.0", 24), u64(3), 0));
        assertEquals(0, v4.update(ipv4("192.168.1.0", 24), u64(5), 0));
        assertEquals(0, v4.update(ipv4("192.168.0.0", 23), u64(4), 0));
        assertEquals(3, lookup64(v4, ipv4("192.168.128.23", 32)));
        assertEquals(2, lookup64(v4, ipv4("192.168.0.1", 32)));
        assertEquals(-Errno.ENOENT, lookup64(v4, ipv4("10.0.0.1", 32)));
        assertEquals(-Errno.ENOENT, lookup64(v4, ipv4("11.11.11.11", 32)));
        assertEquals(3, v4.lookupIpv4(0xc0a88017, -1), "the IPv4 fast path agrees");
        LpmTrie v6 = LpmTrie.create(16, 8, 100);
        assertEquals(0, v6.update(LpmKeys.ipv6("2a00:1450:4001:814::200e", 64), u64(0xdeadbeefL), 0));
        assertEquals(0xdeadbeefL, lookup64(v6, LpmKeys.ipv6("2a00:1450:4001:814::", 128)));
        assertEquals(0xdeadbeefL, lookup64(v6, LpmKeys.ipv6("2a00:1450:4001:814::1", 128)));
        assertEquals(-Errno.ENOENT, lookup64(v6, LpmKeys.ipv6("2a00:ffff::", 128)));
        long[] w = LpmKeys.ipv6Words("2a00:1450:4001:814::1");
        assertEquals(0xdeadbeefL, v6.lookupWords(w[0], w[1], 128, -1), "the word fast path agrees");
    }

    @Test
    @DisplayName("P-03 test_lpm_delete: exact deletes only; covering routes take over; intermediate nodes go")
    void p03Delete() {
        LpmTrie t = LpmTrie.create(4, 8, 100);
        assertEquals(0, t.update(ipv4("192.168.0.0", 16), u64(1), 0));
        assertEquals(0, t.update(ipv4("192.168.0.0", 24), u64(2), 0));
        assertEquals(0, t.update(ipv4("192.168.128.0", 24), u64(3), 0));
        assertEquals(0, t.update(ipv4("192.168.1.0", 24), u64(4), 0));
        assertEquals(1, t.intermediateCount(), "192.168.0.0/23 joins the /24s 0 and 1");
        assertEquals(-Errno.ENOENT, lookup64(t, ipv4("10.0.0.1", 32)));
        assertEquals(-Errno.ENOENT, t.delete(ipv4("192.255.0.0", 30)));
        assertEquals(-Errno.ENOENT, t.delete(ipv4("192.255.0.0", 16)), "the root's length, other bits");
        assertEquals(2, lookup64(t, ipv4("192.168.0.1", 32)));
        assertEquals(0, t.delete(ipv4("192.168.0.0", 24)));
        assertEquals(1, lookup64(t, ipv4("192.168.0.1", 32)));
        assertEquals(0, t.intermediateCount(), "the intermediate node goes with its child 192.168.0.0/24 (step 4)");
        assertEquals(0, t.delete(ipv4("192.168.1.0", 24)));
        assertEquals(1, lookup64(t, ipv4("192.168.1.1", 32)));
        assertEquals(0, t.delete(ipv4("192.168.0.0", 16)));
        assertEquals(3, lookup64(t, ipv4("192.168.128.1", 32)));
        assertEquals(0, t.delete(ipv4("192.168.128.0", 24)));
        assertEquals(-Errno.ENOENT, lookup64(t, ipv4("192.168.128.1", 32)));
        assertEquals(0, t.nodeCount());
        assertEquals(0, t.size());
    }

    // ---- P-04 get_next_key ------------------------------------------------------------------

    @Test
    @DisplayName("P-04 test_lpm_get_next_key: post-order, more specific first; a non-element key restarts")
    void p04GetNextKey() {
        LpmTrie t = LpmTrie.create(4, 4, 100);
        byte[] out = new byte[8];
        assertEquals(-Errno.ENOENT, t.getNextKey(null, out));
        assertEquals(0, t.update(ipv4("192.168.0.0", 16), u32(1), 0));
        assertEquals(List.of("192.168.0.0/16"), walk(t));
        byte[] garbage = ipv4("1.2.3.4", 8);
        assertEquals(0, t.getNextKey(null, garbage), "an output buffer with garbage still gets the /16");
        assertEquals("192.168.0.0/16", text(garbage));
        assertEquals(0, t.update(ipv4("192.168.128.0", 24), u32(2), 0));
        assertEquals(List.of("192.168.128.0/24", "192.168.0.0/16"), walk(t));
        assertEquals(0, t.update(ipv4("192.168.0.0", 24), u32(3), 0));
        assertEquals(List.of("192.168.0.0/24", "192.168.128.0/24", "192.168.0.0/16"), walk(t));
        assertEquals(0, t.update(ipv4("192.168.1.0", 24), u32(4), 0));
        assertEquals(List.of("192.168.0.0/24", "192.168.1.0/24", "192.168.128.0/24", "192.168.0.0/16"), walk(t),
                "the intermediate 192.168.0.0/23 is never returned");
        assertEquals(0, t.update(ipv4("192.168.1.128", 28), u32(5), 0));
        assertEquals(List.of("192.168.0.0/24", "192.168.1.128/28", "192.168.1.0/24", "192.168.128.0/24", "192.168.0.0/16"), walk(t));
        assertEquals(0, t.getNextKey(ipv4("192.168.1.0", 22), out));
        assertEquals("192.168.0.0/24", text(out), "a key that is not an element restarts at the first");
        assertEquals(0, t.getNextKey(ipv4("192.168.1.0", 33), out));
        assertEquals("192.168.0.0/24", text(out), "so does a key longer than max_prefixlen");
        assertEquals(-Errno.ENOENT, t.getNextKey(ipv4("192.168.0.0", 16), out), "after the last: -ENOENT");
    }

    // ---- P-05, P-06 update flags and a full trie --------------------------------------------

    static byte[] k32(int data, int plen) {
        return LpmKeys.of(plen, (byte) (data >>> 24), (byte) (data >>> 16), (byte) (data >>> 8), (byte) data);
    }

    @Test
    @DisplayName("P-05 test_lpm_trie_update_flags: F_LOCK and NOEXIST|EXIST -EINVAL, EEXIST, ENOENT, intermediate is not an element")
    void p05UpdateFlags() {
        LpmTrie t = LpmTrie.create(4, 4, 3);
        assertEquals(-Errno.EINVAL, t.update(k32(0, 16), u32(1), UpdateFlags.F_LOCK));
        assertEquals(-Errno.EINVAL, t.update(k32(0, 16), u32(1), UpdateFlags.NOEXIST | UpdateFlags.EXIST));
        assertEquals(-Errno.ENOENT, t.update(k32(0, 16), u32(1), UpdateFlags.EXIST));
        assertEquals(0, t.update(k32(0, 16), u32(1), UpdateFlags.NOEXIST));
        assertEquals(1, lookup32(t, k32(0, 16)));
        assertEquals(-Errno.EEXIST, t.update(k32(0, 16), u32(1), UpdateFlags.NOEXIST));
        assertEquals(0, t.update(k32(0, 16), u32(4), UpdateFlags.EXIST));
        assertEquals(4, lookup32(t, k32(0, 16)));
        assertEquals(0, t.update(k32(0, 16), u32(1), UpdateFlags.ANY));
        assertEquals(1, lookup32(t, k32(0, 16)));
        assertEquals(-Errno.ENOENT, t.update(k32(0, 8), u32(2), UpdateFlags.EXIST));
        assertEquals(0, t.update(k32(0, 8), u32(2), UpdateFlags.NOEXIST));
        assertEquals(2, lookup32(t, k32(0, 8)));
        assertEquals(0, t.update(k32(0x00800000, 9), u32(5), UpdateFlags.NOEXIST));
        assertEquals(5, lookup32(t, k32(0x00800000, 9)));
        assertEquals(0, t.update(k32(0x00800000, 9), u32(3), UpdateFlags.ANY));
        assertEquals(3, lookup32(t, k32(0x00800000, 9)));
        assertEquals(0, t.delete(k32(0, 8)));
        assertEquals(1, t.intermediateCount(), "0/8 had two children: it stays as an intermediate node");
        assertEquals(-Errno.ENOENT, t.update(k32(0, 8), u32(2), UpdateFlags.EXIST));
        assertEquals(-Errno.ENOENT, t.delete(k32(0, 8)), "an intermediate node is not an element");
        assertEquals(0, t.update(k32(0, 8), u32(6), UpdateFlags.NOEXIST), "re-adding it is a new element");
        assertEquals(6, lookup32(t, k32(0, 8)));
        assertEquals(3, t.size());
        assertNull(t.checkInvariants());
    }

    @Test
    @DisplayName("P-06 test_lpm_trie_update_full_map: a new element in a full trie is -ENOSPC, replacing still works")
    void p06FullMap() {
        LpmTrie t = LpmTrie.create(4, 4, 3);
        assertEquals(0, t.update(k32(0, 16), u32(0), UpdateFlags.NOEXIST));
        assertEquals(0, t.update(k32(0, 8), u32(1), UpdateFlags.NOEXIST));
        assertEquals(0, t.update(k32(0x00800000, 9), u32(2), UpdateFlags.NOEXIST));
        assertEquals(0, lookup32(t, k32(0, 16)));
        assertEquals(1, lookup32(t, k32(0, 8)));
        assertEquals(2, lookup32(t, k32(0x00800000, 9)));
        assertEquals(-Errno.ENOSPC, t.update(k32(0, 32), u32(3), UpdateFlags.ANY), "ENOSPC, not E2BIG");
        assertEquals(0, t.update(k32(0, 16), u32(4), UpdateFlags.EXIST));
        assertEquals(4, lookup32(t, k32(0, 16)));
        assertEquals(0, t.update(k32(0x00800000, 9), u32(5), UpdateFlags.ANY));
        assertEquals(5, lookup32(t, k32(0x00800000, 9)));
        assertEquals(3, t.size());
    }

    // ---- P-07, P-08 iteration ---------------------------------------------------------------

    static byte[] strKey(String s) {
        byte[] data = new byte[8];
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, data, 0, b.length);
        return LpmKeys.of((b.length + 1) * 8, data);
    }

    static String str(byte[] key) {
        int n = LpmKeys.prefixlen(key) / 8 - 1;
        return new String(key, 4, n, StandardCharsets.US_ASCII);
    }

    @Test
    @DisplayName("P-07 test_lpm_trie_iterate_strs: six NUL-terminated strings, ENOSPC at the 7th, strcmp order")
    void p07IterateStrings() {
        String[] strs = {"ab", "abO", "abc", "abo", "abS", "abcd"};
        LpmTrie t = new LpmTrie(MapSpec.builder(MapType.LPM_TRIE).keySize(12).valueSize(4).maxEntries(6)
                .flags(MapFlags.NO_PREALLOC).build());
        for (int i = 0; i < strs.length; i++) {
            byte[] k = strKey(strs[i]);
            assertEquals(0, t.update(k, u32(i + 100), i % 2 == 0 ? UpdateFlags.ANY : UpdateFlags.NOEXIST));
            assertEquals(i + 100, lookup32(t, k));
            assertEquals(-Errno.EEXIST, t.update(k, u32(i + 100), UpdateFlags.NOEXIST));
            assertEquals(0, t.update(k, u32(i), i % 2 == 0 ? UpdateFlags.EXIST : UpdateFlags.ANY));
            for (int j = 0; j <= i; j++) {
                assertEquals(j, lookup32(t, strKey(strs[j])), strs[j]);
            }
        }
        assertEquals(-Errno.ENOSPC, t.update(LpmKeys.of(64, new byte[8]), u32(7), UpdateFlags.ANY));
        List<String> order = new ArrayList<>();
        for (String k : walk(t)) {
            order.add(k);
        }
        List<String> expected = List.of("ab", "abO", "abS", "abc", "abcd", "abo");
        List<String> got = new ArrayList<>();
        byte[] cur = null;
        byte[] next = new byte[12];
        while (t.getNextKey(cur, next) == 0) {
            got.add(str(next));
            cur = next.clone();
        }
        assertEquals(expected, got);
        got.clear();
        cur = null;
        while (t.getNextKey(cur, next) == 0) {
            got.add(str(next));
            assertEquals(0, t.delete(next));
            cur = next.clone();
        }
        assertEquals(expected, got, "deleting each key and continuing from it keeps the order");
        assertEquals(0, t.size());
        assertEquals(6, order.size());
    }

    @Test
    @DisplayName("P-08 test_lpm_trie_iterate_ints: 4096 /32 keys come out ascending while each is deleted")
    void p08IterateInts() {
        LpmTrie t = LpmTrie.create(4, 1, 4096);
        for (int i = 0; i < 4096; i++) {
            assertEquals(0, t.update(k32(i, 32), new byte[] {1}, UpdateFlags.NOEXIST));
        }
        byte[] next = new byte[8];
        byte[] cur = null;
        for (int i = 0; i < 4096; i++) {
            assertEquals(0, t.getNextKey(cur, next));
            assertArrayEquals(k32(i, 32), next, "key " + i);
            assertEquals(0, t.delete(next));
            cur = next.clone();
        }
        assertEquals(-Errno.ENOENT, t.getNextKey(cur, next));
        assertEquals(-Errno.ENOENT, t.getNextKey(null, next));
    }

    // ---- P-09, P-10 concurrency -------------------------------------------------------------

    @Test
    @DisplayName("P-09 test_lpm_multi_thread: updater 0, deleter 0|ENOENT, lookup 0|ENOENT, get_next_key 0|ENOENT")
    void p09MultiThread() throws Exception {
        LpmTrie t = LpmTrie.create(4, 4, 100);
        byte[][] keys = {ipv4("192.168.0.0", 24), ipv4("192.168.1.0", 24), ipv4("192.168.0.0", 16), ipv4("192.168.1.128", 25)};
        AtomicReference<String> bad = new AtomicReference<>();
        Thread[] threads = new Thread[4];
        for (int id = 0; id < 4; id++) {
            int role = id;
            threads[id] = new Thread(() -> {
                byte[] out = new byte[8];
                for (int it = 0; it < 2000; it++) {
                    for (int k = 0; k < 4; k++) {
                        byte[] key = keys[it < 1000 ? k : 3 - k];
                        int r;
                        switch (role) {
                            case 0: r = t.update(key, u32(it), UpdateFlags.ANY); break;
                            case 1: r = t.delete(key); break;
                            case 2: r = t.lookup(key, new byte[4]); break;
                            default: r = t.getNextKey(key, out); break;
                        }
                        boolean ok = role == 0 ? r == 0 : r == 0 || r == -Errno.ENOENT;
                        if (!ok) {
                            bad.compareAndSet(null, "thread " + role + " got " + Errno.describe(r));
                        }
                    }
                }
            });
        }
        for (Thread th : threads) {
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertNull(bad.get());
        assertNull(t.checkInvariants());
    }

    @Test
    @DisplayName("P-10 get_next_key regression: a 33-deep chain 0/0..0/32, 8 threads call get_next_key(0/32)")
    void p10GetNextKeyDeepChain() throws Exception {
        LpmTrie t = LpmTrie.create(4, 4, 33);
        for (int p = 0; p <= 32; p++) {
            assertEquals(0, t.update(k32(0, p), u32(p), UpdateFlags.NOEXIST));
        }
        assertEquals(33, t.depth());
        AtomicReference<String> bad = new AtomicReference<>();
        Thread[] threads = new Thread[8];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                byte[] out = new byte[8];
                // 8192 calls per thread (the selftest makes 65536; the node stack is what it exercises).
                for (int n = 0; n < 8192; n++) {
                    int r = t.getNextKey(k32(0, 32), out);
                    if (r != 0 || LpmKeys.prefixlen(out) != 31) {
                        bad.compareAndSet(null, "get_next_key(0/32) gave " + Errno.describe(r) + " " + text(out));
                    }
                }
            });
        }
        for (Thread th : threads) {
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertNull(bad.get());
    }

    // ---- B-03 batch -------------------------------------------------------------------------

    @Test
    @DisplayName("B-03 test_lpm_trie_map_batch_ops: lookup_batch in steps 1..9 returns all 10, delete_batch empties")
    void b03BatchOps() {
        for (int step = 1; step <= 9; step++) {
            LpmTrie t = LpmTrie.create(4, 4, 10);
            List<byte[]> keys = new ArrayList<>();
            List<byte[]> values = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                keys.add(ipv4("192.168.1." + (i + 1), 32));
                values.add(u32(i + 1));
            }
            BatchResult up = t.updateBatch(keys, values, 0);
            assertEquals(0, up.result());
            assertEquals(10, up.count());
            assertEquals(0, t.lookupBatch(null, 0).count(), "count 0 does nothing");
            List<byte[]> got = new ArrayList<>();
            byte[] cursor = null;
            for (;;) {
                BatchResult b = t.lookupBatch(cursor, step);
                for (int i = 0; i < b.count(); i++) {
                    byte[] k = b.keys().get(i);
                    assertEquals(k[7] & 0xff, u32(b.values().get(i)), "the last octet equals the value");
                    got.add(k);
                }
                cursor = b.outBatch();
                if (b.result() == -Errno.ENOENT) {
                    break;
                }
                assertEquals(0, b.result());
                assertEquals(step, b.count());
            }
            assertEquals(10, got.size(), "step " + step);
            int deleted = 0;
            for (int i = 0; i < got.size(); i += step) {
                BatchResult d = t.deleteBatch(got.subList(i, Math.min(got.size(), i + step)));
                assertEquals(0, d.result());
                deleted += d.count();
            }
            assertEquals(10, deleted);
            assertEquals(-Errno.ENOENT, t.getNextKey(null, new byte[8]));
            assertEquals(-Errno.ENOTSUPP, t.lookupAndDeleteBatch(null, 4).result());
        }
    }

    @Test
    @DisplayName("access flags: WRONLY lookups and get_next_key -EPERM, RDONLY updates and deletes -EPERM")
    void accessFlags() {
        LpmTrie wr = new LpmTrie(MapSpec.builder(MapType.LPM_TRIE).keySize(8).valueSize(8).maxEntries(4)
                .flags(MapFlags.NO_PREALLOC | MapFlags.WRONLY).build());
        assertEquals(0, wr.update(ipv4("10.0.0.0", 8), u64(1), 0));
        assertEquals(-Errno.EPERM, wr.lookup(ipv4("10.0.0.1", 32), new byte[8]));
        assertEquals(-Errno.EPERM, wr.getNextKey(null, new byte[8]));
        assertEquals(0, wr.programLookup(ipv4("10.0.0.1", 32), new byte[8]));
        LpmTrie rd = new LpmTrie(MapSpec.builder(MapType.LPM_TRIE).keySize(8).valueSize(8).maxEntries(4)
                .flags(MapFlags.NO_PREALLOC | MapFlags.RDONLY).build());
        assertEquals(-Errno.EPERM, rd.update(ipv4("10.0.0.0", 8), u64(1), 0));
        assertEquals(-Errno.EPERM, rd.delete(ipv4("10.0.0.0", 8)));
        assertEquals(-Errno.ENOTSUPP, rd.lookupAndDelete(ipv4("10.0.0.0", 8), new byte[8]));
    }
}
