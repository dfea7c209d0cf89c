package dev.maplab.hash;

import dev.maplab.api.Errno;
import dev.maplab.api.UpdateFlags;
import java.util.HashMap;
import java.util.Map;

/**
 * The sequential meaning of {@link HashOperations}: a map of at most max_entries keys with the
 * kernel's flag rules (EEXIST and ENOENT decided before capacity, E2BIG only for a new key).
 */
public class HashSequentialSpec {
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
        if (!present && map.size() == HashOperations.MAX_ENTRIES) {
            return -Errno.E2BIG;
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
