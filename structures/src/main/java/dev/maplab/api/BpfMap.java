package dev.maplab.api;

import java.util.Set;

/**
 * One map, as user space and BPF programs see it: the operations of {@code struct bpf_map_ops}.
 *
 * <p>Every map type implements this one interface and supplies the operations it supports (its
 * "operations table", the kernel's {@code bpf_map_ops}); {@link #operations()} lists them. An
 * operation a type does not supply answers as the kernel does for that type: {@code -ENOTSUPP}
 * where the ops table has no entry, {@code -EINVAL} where the type rejects the command (deleting an
 * array element, get_next_key on a queue).
 *
 * <p>Byte layout: keys and values are byte arrays of exactly the map's key size and the syscall
 * value size ({@link MapSpec#syscallValueSize()}: N slots of round_up(value_size, 8) bytes for per-CPU
 * maps). Integers inside them are little-endian, as on x86-64. A key or value of the wrong length is
 * misuse and raises {@link IllegalArgumentException}.
 *
 * <p>Results: {@code 0} on success, a negated {@link Errno} on an expected failure.
 *
 * <p>"Syscall-style" operations ({@link #lookup}) are what {@code bpf(2)} does; "program-style"
 * ones ({@link #programLookup}) are what a BPF program's helper call does: for LRU maps only the
 * latter sets the reference bit, and for per-CPU maps it sees only the current logical CPU's slot.
 */
public interface BpfMap {

    MapSpec spec();

    /** The operations this map type supplies; the others answer as {@link BpfMap} describes. */
    Set<MapOperation> operations();

    /** {@code BPF_MAP_LOOKUP_ELEM}: copies the value (all CPUs' slots for per-CPU maps) into {@code valueOut}. */
    default int lookup(byte[] key, byte[] valueOut) {
        return -Errno.ENOTSUPP;
    }

    /**
     * {@code bpf_map_lookup_elem} from a program on the current logical CPU: copies the value (this CPU's
     * slot of a per-CPU map, {@code round_up(value_size, 8)} bytes) into {@code valueOut}.
     */
    default int programLookup(byte[] key, byte[] valueOut) {
        return -Errno.ENOTSUPP;
    }

    /** {@code BPF_MAP_UPDATE_ELEM} with {@code flags} from {@link UpdateFlags}. */
    default int update(byte[] key, byte[] value, long flags) {
        return -Errno.ENOTSUPP;
    }

    /** {@code BPF_MAP_DELETE_ELEM}. */
    default int delete(byte[] key) {
        return -Errno.ENOTSUPP;
    }

    /** {@code BPF_MAP_LOOKUP_AND_DELETE_ELEM}. */
    default int lookupAndDelete(byte[] key, byte[] valueOut) {
        return -Errno.ENOTSUPP;
    }

    /** {@code BPF_MAP_GET_NEXT_KEY}; {@code key == null} asks for the first key. */
    default int getNextKey(byte[] key, byte[] nextKeyOut) {
        return -Errno.ENOTSUPP;
    }

    /** {@code BPF_MAP_LOOKUP_BATCH}; {@code inBatch == null} starts at the beginning. */
    default BatchResult lookupBatch(byte[] inBatch, int count) {
        return new BatchResult(-Errno.ENOTSUPP, 0, null, java.util.List.of(), java.util.List.of());
    }

    /** {@code BPF_MAP_LOOKUP_AND_DELETE_BATCH}; {@code inBatch == null} starts at the beginning. */
    default BatchResult lookupAndDeleteBatch(byte[] inBatch, int count) {
        return new BatchResult(-Errno.ENOTSUPP, 0, null, java.util.List.of(), java.util.List.of());
    }

    /**
     * {@code BPF_MAP_UPDATE_BATCH}, the kernel's {@code generic_map_update_batch}: updates the pairs in
     * order with {@code elemFlags} (only {@code BPF_F_LOCK} may be set, else {@code -EINVAL}) and stops
     * at the first error; {@code count} says how many succeeded.
     */
    default BatchResult updateBatch(java.util.List<byte[]> keys, java.util.List<byte[]> values, long elemFlags) {
        if (keys.size() != values.size()) {
            throw Errors.badArgument("values.size()", values.size(), "must equal keys.size() = " + keys.size());
        }
        if (!operations().contains(MapOperation.UPDATE_BATCH)) {
            return new BatchResult(-Errno.ENOTSUPP, 0, null, java.util.List.of(), java.util.List.of());
        }
        if ((elemFlags & ~UpdateFlags.F_LOCK) != 0) {
            return new BatchResult(-Errno.EINVAL, 0, null, java.util.List.of(), java.util.List.of());
        }
        int done = 0;
        for (int i = 0; i < keys.size(); i++) {
            int r = update(keys.get(i), values.get(i), elemFlags);
            if (r != 0) {
                return new BatchResult(r, done, null, keys.subList(0, done), values.subList(0, done));
            }
            done++;
        }
        return new BatchResult(0, done, null, keys, values);
    }

    /**
     * {@code BPF_MAP_DELETE_BATCH}, the kernel's {@code generic_map_delete_batch}: deletes the keys in
     * order and stops at the first error; {@code count} says how many were deleted.
     */
    default BatchResult deleteBatch(java.util.List<byte[]> keys) {
        if (!operations().contains(MapOperation.DELETE_BATCH)) {
            return new BatchResult(-Errno.ENOTSUPP, 0, null, java.util.List.of(), java.util.List.of());
        }
        int done = 0;
        for (byte[] key : keys) {
            int r = delete(key);
            if (r != 0) {
                return new BatchResult(r, done, null, keys.subList(0, done), java.util.List.of());
            }
            done++;
        }
        return new BatchResult(0, done, null, keys, java.util.List.of());
    }

    /** {@code bpf_map_push_elem} (queue and stack maps). */
    default int push(byte[] value, long flags) {
        return -Errno.ENOTSUPP;
    }

    /** {@code bpf_map_pop_elem} (queue and stack maps). */
    default int pop(byte[] valueOut) {
        return -Errno.ENOTSUPP;
    }

    /** {@code bpf_map_peek_elem} (queue and stack maps). */
    default int peek(byte[] valueOut) {
        return -Errno.ENOTSUPP;
    }
}
