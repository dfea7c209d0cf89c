package dev.maplab.mapinmap;

import dev.maplab.api.BatchResult;
import dev.maplab.api.BpfMap;
import dev.maplab.api.Errno;
import dev.maplab.api.Errors;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code generic_map_lookup_batch}: keys come from get_next_key, starting after {@code inBatch} (the last
 * key of the previous call; null: the first); a key whose lookup gives {@code -ENOENT} is skipped (the
 * 2025 fix: holes used to end the batch with {@code -EINTR}). {@code -ENOENT} when get_next_key runs out.
 */
final class GenericBatch {
    private GenericBatch() {
    }

    static BatchResult lookup(BpfMap map, byte[] inBatch, int count, int keySize, int valueSize) {
        if (count < 0) {
            throw Errors.badArgument("count", count, "must be >= 0");
        }
        if (inBatch != null) {
            Errors.requireLength("inBatch", inBatch, keySize);
        }
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        if (count == 0) {
            return new BatchResult(0, 0, inBatch, keys, values);
        }
        byte[] prev = inBatch;
        int result = 0;
        while (keys.size() < count) {
            byte[] k = new byte[keySize];
            int r = map.getNextKey(prev, k);
            if (r != 0) {
                result = r == -Errno.ENOENT ? -Errno.ENOENT : r;
                break;
            }
            byte[] v = new byte[valueSize];
            r = map.lookup(k, v);
            if (r == 0) {
                keys.add(k);
                values.add(v);
            } else if (r != -Errno.ENOENT) {
                result = r;
                break;
            }
            prev = k;
        }
        return new BatchResult(result, keys.size(), prev, keys, values);
    }
}
