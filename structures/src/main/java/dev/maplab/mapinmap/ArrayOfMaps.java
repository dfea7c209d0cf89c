package dev.maplab.mapinmap;

import dev.maplab.api.BatchResult;
import dev.maplab.api.BpfMap;
import dev.maplab.api.Errno;
import dev.maplab.api.Errors;
import dev.maplab.api.MapFlags;
import dev.maplab.api.MapOperation;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.EnumSet;
import java.util.Set;

/**
 * BPF_MAP_TYPE_ARRAY_OF_MAPS ({@code kernel/bpf/arraymap.c} fd-array + {@code map_in_map.c}): an array of
 * max_entries slots, each empty or holding an inner map that matches the template the outer map was
 * created with ({@link InnerMapMeta}).
 *
 * <h2>Operations</h2>
 * <ul>
 *   <li><b>Program lookup</b> ({@link #lookupMap}, {@code array_of_map_lookup_elem}): the inner map
 *       itself, or null for an empty slot or an index out of range. One acquire load of the slot.</li>
 *   <li><b>Syscall lookup</b> ({@link #lookup}): the inner map's ID (u32), {@code -ENOENT} for an empty
 *       slot or an index out of range.</li>
 *   <li><b>Update</b> ({@link #update}: the value is a map fd, resolved through the {@link MapRegistry};
 *       {@link #updateMap}: the map itself): flags other than {@code BPF_ANY} give {@code -EINVAL}
 *       (fd-array slots are always "any"), an index out of range {@code -E2BIG}, an unknown fd
 *       {@code -EBADF}, a map that does not match the template {@code -EINVAL}. Then the slot is
 *       swapped ({@code xchg}) to the new map.</li>
 *   <li><b>Delete</b>: swaps the slot to empty; {@code -ENOENT} if it was empty, {@code -E2BIG} out of
 *       range. (A plain ARRAY cannot delete; an fd array can.)</li>
 *   <li><b>get_next_key</b>: array order over all indices, empty slots included (a missing or
 *       out-of-range key gives 0, the last index {@code -ENOENT}).</li>
 *   <li><b>Batches</b>: the generic batch lookup (keys by get_next_key, empty slots skipped) and
 *       update; lookup_and_delete is not supported ({@code -ENOTSUPP}).</li>
 * </ul>
 *
 * <h2>Replacement and readers</h2>
 * A replaced or deleted inner map is only unhooked from its slot: the outer map never writes to it,
 * clears it or reuses it, so a program that looked it up before the swap keeps using a whole, unchanged
 * map for as long as it holds it. The kernel gets the same guarantee by deferring the release of the old
 * inner map past an RCU grace period ({@code bpf_map_fd_put_ptr}, "defer the free of inner map when
 * necessary", 2023); in Java the garbage collector is that grace period.
 *
 * <h2>Orderings</h2>
 * Slots are loaded with load-acquire ({@code READ_ONCE} / {@code rcu_dereference}) and swapped with
 * {@code getAndSet} ({@code xchg}, a full barrier): the acquire pairs with the swap's release side, so a
 * program that sees a new inner map sees it fully built.
 */
public class ArrayOfMaps implements BpfMap {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(BpfMap[].class);

    protected final MapSpec spec;
    protected final InnerMapMeta meta;
    protected final MapRegistry registry;
    /** {@code array->ptrs}: the inner maps, null for an empty slot. Accessed through {@link #SLOT}. */
    private final BpfMap[] ptrs;

    /**
     * @param template an inner map of the kind every slot must hold ({@code inner_map_fd} at creation)
     * @param registry the fd table and map IDs that {@link #update} and {@link #lookup} use
     */
    public ArrayOfMaps(MapSpec spec, BpfMap template, MapRegistry registry) {
        if (spec == null || spec.type() != MapType.ARRAY_OF_MAPS) {
            throw Errors.badArgument("spec.type", spec == null ? "null" : spec.type(), "ArrayOfMaps builds ARRAY_OF_MAPS");
        }
        if (registry == null) {
            throw Errors.badArgument("registry", "null", "a MapRegistry (fds and map IDs)");
        }
        this.spec = spec;
        this.meta = InnerMapMeta.of(template);
        this.registry = registry;
        this.ptrs = new BpfMap[spec.maxEntries()];
    }

    /** An ARRAY_OF_MAPS of {@code maxEntries} slots for inner maps like {@code template}. */
    public static ArrayOfMaps create(long maxEntries, BpfMap template, MapRegistry registry) {
        return new ArrayOfMaps(MapSpec.builder(MapType.ARRAY_OF_MAPS).keySize(4).valueSize(4).maxEntries(maxEntries)
                .cpus(template.spec().cpus()).build(), template, registry);
    }

    // ---- the template check (the mutant differs here) -----------------------------------------

    /** {@code map_fd_get_ptr} + {@code map_meta_equal}: whether {@code inner} may go into a slot. */
    protected boolean acceptsInner(BpfMap inner) {
        return meta.matches(inner);
    }

    // ---- program-side and typed operations ----------------------------------------------------

    /** {@code array_of_map_lookup_elem}: the inner map at {@code index}, or null. */
    public BpfMap lookupMap(long index) {
        if (index < 0 || index >= ptrs.length) {
            return null;
        }
        // Acquire: pairs with the getAndSet that installed the map.
        return (BpfMap) SLOT.getAcquire(ptrs, (int) index);
    }

    /** {@code bpf_fd_array_map_update_elem} given the map itself: 0, -EINVAL (flags, template), -E2BIG (index). */
    public int updateMap(long index, BpfMap inner, long flags) {
        if (flags != UpdateFlags.ANY) {
            return -Errno.EINVAL;
        }
        if (index < 0 || index >= ptrs.length) {
            return -Errno.E2BIG;
        }
        if (inner == null || !acceptsInner(inner)) {
            return -Errno.EINVAL;
        }
        registry.id(inner);
        // xchg: the old map is only unhooked; whoever holds it keeps it whole.
        SLOT.getAndSet(ptrs, (int) index, inner);
        return 0;
    }

    /** {@code fd_array_map_delete_elem}: 0, -ENOENT (empty), -E2BIG (index out of range). */
    public int deleteMap(long index) {
        if (index < 0 || index >= ptrs.length) {
            return -Errno.E2BIG;
        }
        Object old = SLOT.getAndSet(ptrs, (int) index, (BpfMap) null);
        return old != null ? 0 : -Errno.ENOENT;
    }

    // ---- the byte[] syscall API -----------------------------------------------------------------

    @Override
    public MapSpec spec() {
        return spec;
    }

    @Override
    public Set<MapOperation> operations() {
        return EnumSet.of(MapOperation.LOOKUP, MapOperation.PROGRAM_LOOKUP, MapOperation.UPDATE, MapOperation.DELETE,
                MapOperation.GET_NEXT_KEY, MapOperation.LOOKUP_BATCH, MapOperation.UPDATE_BATCH);
    }

    static long u32(byte[] b) {
        return (b[0] & 0xffL) | (b[1] & 0xffL) << 8 | (b[2] & 0xffL) << 16 | (b[3] & 0xffL) << 24;
    }

    static void putU32(byte[] b, long v) {
        b[0] = (byte) v;
        b[1] = (byte) (v >>> 8);
        b[2] = (byte) (v >>> 16);
        b[3] = (byte) (v >>> 24);
    }

    private boolean canRead() {
        return !spec.hasFlag(MapFlags.WRONLY);
    }

    private boolean canWrite() {
        return !spec.hasFlag(MapFlags.RDONLY);
    }

    /** {@code bpf_fd_array_map_lookup_elem}: the inner map's ID. */
    @Override
    public int lookup(byte[] key, byte[] valueOut) {
        Errors.requireLength("key", key, 4);
        Errors.requireLength("valueOut", valueOut, 4);
        if (!canRead()) {
            return -Errno.EPERM;
        }
        return programLookup(key, valueOut);
    }

    /**
     * A program's lookup through the byte API: the ID of the inner map stands in for the pointer a program
     * gets ({@link #lookupMap} returns the map itself).
     */
    @Override
    public int programLookup(byte[] key, byte[] valueOut) {
        Errors.requireLength("key", key, 4);
        Errors.requireLength("valueOut", valueOut, 4);
        BpfMap inner = lookupMap(u32(key));
        if (inner == null) {
            return -Errno.ENOENT;
        }
        putU32(valueOut, registry.id(inner));
        return 0;
    }

    /** {@code BPF_MAP_UPDATE_ELEM}: the value is a map fd (u32). */
    @Override
    public int update(byte[] key, byte[] value, long flags) {
        Errors.requireLength("key", key, 4);
        Errors.requireLength("value", value, 4);
        if (!canWrite()) {
            return -Errno.EPERM;
        }
        if (flags != UpdateFlags.ANY) {
            return -Errno.EINVAL;
        }
        long index = u32(key);
        if (index >= ptrs.length) {
            return -Errno.E2BIG;
        }
        BpfMap inner = registry.get((int) u32(value));
        if (inner == null) {
            return -MapRegistry.EBADF;
        }
        return updateMap(index, inner, flags);
    }

    @Override
    public int delete(byte[] key) {
        Errors.requireLength("key", key, 4);
        if (!canWrite()) {
            return -Errno.EPERM;
        }
        return deleteMap(u32(key));
    }

    /** {@code array_map_get_next_key}: every index in order, empty slots included. */
    @Override
    public int getNextKey(byte[] key, byte[] nextKeyOut) {
        Errors.requireLength("nextKeyOut", nextKeyOut, 4);
        if (key != null) {
            Errors.requireLength("key", key, 4);
        }
        if (!canRead()) {
            return -Errno.EPERM;
        }
        long index = key == null ? ptrs.length : u32(key);
        if (index >= ptrs.length) {
            putU32(nextKeyOut, 0);
            return 0;
        }
        if (index == ptrs.length - 1) {
            return -Errno.ENOENT;
        }
        putU32(nextKeyOut, index + 1);
        return 0;
    }

    @Override
    public BatchResult lookupBatch(byte[] inBatch, int count) {
        return GenericBatch.lookup(this, inBatch, count, 4, 4);
    }

    /** Slots holding a map (a racy count; exact when quiescent). */
    public int size() {
        int n = 0;
        for (int i = 0; i < ptrs.length; i++) {
            if (SLOT.getAcquire(ptrs, i) != null) {
                n++;
            }
        }
        return n;
    }

    public InnerMapMeta meta() {
        return meta;
    }

    public MapRegistry registry() {
        return registry;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + spec + " of " + meta;
    }
}
