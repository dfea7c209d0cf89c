package dev.maplab.lru;

import dev.maplab.api.Errno;
import dev.maplab.api.UpdateFlags;
import java.util.HashMap;
import java.util.Map;

/**
 * The sequential meaning of {@link LruOperations} in its never-evicting configuration: a map with the
 * kernel's flag rules (EEXIST, ENOENT) that never fills.
 */
public class LruSequentialSpec {
    private final Map<Integer, Long> map = new HashMap<>();

    public long lookup(int key) {
        Long v = map.get(key);
        return v == null ? -1 : v;
    }

    public int update(int key, int v, int flags) {
        if (!UpdateFlags.isValid(flags)) {
            return -Errno.EINVAL;
        }
        boolean present = map.containsKey(key);
        if (present && flags == UpdateFlags.NOEXIST) {
            return -Errno.EEXIST;
        }
        if (!present && flags == UpdateFlags.EXIST) {
            return -Errno.ENOENT;
        }
        map.put(key, key * 10L + v);
        return 0;
    }

    public int delete(int key) {
        return map.remove(key) != null ? 0 : -Errno.ENOENT;
    }

    public long lookupAndDelete(int key) {
        Long v = map.remove(key);
        return v != null ? v : -Errno.ENOENT;
    }
}
