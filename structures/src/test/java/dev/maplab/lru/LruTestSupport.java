package dev.maplab.lru;

import dev.maplab.api.BpfMap;
import dev.maplab.api.Errno;
import dev.maplab.api.MapFlags;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import java.util.ArrayList;
import java.util.List;

/** Helpers shared by the LRU tests. */
final class LruTestSupport {
    private LruTestSupport() {
    }

    /** An LRU map of 8-byte keys and values. */
    static LruHashTable map(MapType type, boolean noCommonLru, long maxEntries, int cpus) {
        return LruHashTable.kernel(MapSpec.builder(type).keySize(8).valueSize(8).maxEntries(maxEntries).cpus(cpus)
                .flags(noCommonLru ? MapFlags.NO_COMMON_LRU : 0).hashSeed(LruSelftests.SEED).build());
    }

    /** Keys returned by a get_next_key walk from NULL (syscall-style: no ref bit). */
    static int iterationCount(BpfMap m) {
        int n = 0;
        byte[] cur = null;
        byte[] next = new byte[m.spec().keySize()];
        int r;
        while ((r = m.getNextKey(cur, next)) == 0) {
            n++;
            if (n > m.spec().maxEntries()) {
                throw new AssertionError("get_next_key returned more keys than max_entries");
            }
            cur = next.clone();
        }
        if (r != -Errno.ENOENT) {
            throw new AssertionError("get_next_key ended with " + Errno.describe(r));
        }
        return n;
    }

    /** The keys of the elements on a list, head (newest) first. */
    static List<Long> keysOn(LruHashTable m, int set, byte type) {
        List<Long> keys = new ArrayList<>();
        for (int e : m.lru().listNodes(set, type)) {
            keys.add(m.keyOf(e));
        }
        return keys;
    }

    static List<Long> range(long from, long to) {
        List<Long> l = new ArrayList<>();
        if (from <= to) {
            for (long k = from; k <= to; k++) {
                l.add(k);
            }
        } else {
            for (long k = from; k >= to; k--) {
                l.add(k);
            }
        }
        return l;
    }
}
