package dev.maplab.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.api.BpfMap;
import dev.maplab.api.Errno;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;

/** Byte layouts (little-endian, as on x86-64), iteration and accounting helpers shared by the hash tests. */
final class HashTestSupport {
    /** A fixed seed: bucket layouts (and so collisions and iteration order) are reproducible. */
    static final int SEED = 0x5eed_1234;

    private HashTestSupport() {
    }

    static byte[] le64(long v) {
        byte[] b = new byte[8];
        putLe64(b, 0, v);
        return b;
    }

    static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    static void putLe64(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    static long le64(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }

    static long le64(byte[] b) {
        return le64(b, 0);
    }

    static int le32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    /** A per-CPU syscall value with 8-byte slots: slot {@code c} holds {@code slot.applyAsLong(c)}. */
    static byte[] perCpu(int cpus, IntToLongFunction slot) {
        byte[] v = new byte[8 * cpus];
        for (int c = 0; c < cpus; c++) {
            putLe64(v, 8 * c, slot.applyAsLong(c));
        }
        return v;
    }

    /** The 8-byte slots of a per-CPU syscall value. */
    static long[] slots(byte[] value) {
        long[] s = new long[value.length / 8];
        for (int c = 0; c < s.length; c++) {
            s[c] = le64(value, 8 * c);
        }
        return s;
    }

    // ---- 8-byte keys and values through the byte[] syscall API -------------------------------

    static int update(BpfMap map, long key, long value, long flags) {
        return map.update(le64(key), le64(value), flags);
    }

    static int lookupCode(BpfMap map, long key) {
        return map.lookup(le64(key), new byte[map.spec().syscallValueSize()]);
    }

    /** The value of a present key (asserts the lookup succeeds). */
    static long lookupValue(BpfMap map, long key) {
        byte[] out = new byte[map.spec().syscallValueSize()];
        assertEquals(0, map.lookup(le64(key), out), "lookup of key " + key);
        return le64(out);
    }

    static int delete(BpfMap map, long key) {
        return map.delete(le64(key));
    }

    /** get_next_key of {@code key} ({@code null}: the first key); the result code, the key in {@code out[0]}. */
    static int nextKey(BpfMap map, Long key, long[] out) {
        byte[] next = new byte[8];
        int r = map.getNextKey(key == null ? null : le64(key), next);
        out[0] = le64(next);
        return r;
    }

    /** A HASH or PERCPU_HASH map of 8-byte keys and values with the fixed seed. */
    static HashTable longMap(MapType type, ReplaceProtocol protocol, int maxEntries, int cpus) {
        return new HashTable(MapSpec.builder(type).keySize(8).valueSize(8).maxEntries(maxEntries).cpus(cpus)
                .hashSeed(SEED).build(), protocol);
    }

    /** The keys of an 8-byte-key map in get_next_key order, starting from NULL, until -ENOENT. */
    static List<Long> iterationOrder(BpfMap map) {
        List<Long> keys = new ArrayList<>();
        byte[] cur = null;
        byte[] next = new byte[8];
        int r;
        while ((r = map.getNextKey(cur, next)) == 0) {
            keys.add(le64(next));
            assertTrue(keys.size() <= map.spec().maxEntries(), "get_next_key returned more keys than max_entries: " + keys);
            cur = next.clone();
        }
        assertEquals(-Errno.ENOENT, r, "a walk ends with -ENOENT");
        return keys;
    }

    /** {@code n} distinct keys, counting up from {@code from}, that all hash to one bucket of {@code map}. */
    static long[] sameBucketKeys(HashTable map, int n, long from) {
        long[] keys = new long[n];
        int bucket = map.bucketOf(from);
        int found = 0;
        for (long k = from; found < n; k++) {
            if (map.bucketOf(k) == bucket) {
                keys[found++] = k;
            }
        }
        return keys;
    }

    /** Every element of the arena is in exactly one place: linked in a bucket, on a freelist, or a CPU's spare. */
    static void assertAccounting(HashTable map) {
        int linked = map.size();
        int free = map.freeElements();
        int spare = map.spareElements();
        assertEquals(map.arenaSize(), linked + free + spare,
                "linked " + linked + " + free " + free + " + spare " + spare + " must equal the arena size");
    }
}
