package dev.maplab.mapinmap;

import dev.maplab.api.BatchResult;
import dev.maplab.api.BpfMap;
import dev.maplab.api.Errno;
import dev.maplab.api.Errors;
import dev.maplab.api.MapFlags;
import dev.maplab.api.MapOperation;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.hash.HashTable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * BPF_MAP_TYPE_HASH_OF_MAPS ({@code kernel/bpf/hashtab.c} fd-htab + {@code map_in_map.c}): a hash table
 * whose values are inner maps matching the template the outer map was created with ({@link InnerMapMeta}).
 *
 * <h2>Model</h2>
 * The outer table is the kit's {@link HashTable} (HASH, the kernel's replace order: the same buckets,
 * lock-free lookups, nulls protocol and flag rules) with 8-byte values, in which the kernel stores the
 * inner map's pointer and maplab its ID in the {@link MapRegistry} ({@link MapRegistry#byId} turns it
 * back into the map without a lock). So a two-level lookup ({@link #lookupMap}) is one hash lookup of the
 * outer key, one load from the ID table (the pointer dereference), then whatever the inner map does.
 *
 * <h2>Operations</h2>
 * <ul>
 *   <li><b>Update</b> ({@link #update}: the value is a map fd; {@link #updateMap}: the map itself): an
 *       unknown fd gives {@code -EBADF} and a map that does not match the template {@code -EINVAL}, before
 *       anything else ({@code map_fd_get_ptr}); then the hash table's rules: {@code BPF_NOEXIST} on a
 *       present key {@code -EEXIST}, {@code BPF_EXIST} on an absent one {@code -ENOENT}, a new key in a full
 *       map {@code -E2BIG}, bad flags {@code -EINVAL}.</li>
 *   <li><b>Lookup</b>: a program gets the inner map ({@link #lookupMap}); the syscall gets its ID (u32).</li>
 *   <li><b>Delete</b>, <b>get_next_key</b>, <b>batches</b>: the hash table's (batch values are IDs).
 *       lookup_and_delete is not supported ({@code -ENOTSUPP}).</li>
 * </ul>
 *
 * <h2>Replacement and readers</h2>
 * A replaced or deleted inner map is unhooked (its ID leaves the element), never written, cleared or
 * reused by the outer map: a program that looked it up keeps a whole map. The kernel defers the release
 * past an RCU grace period; the garbage collector is that here. The outer table's own replace has the
 * kernel's window (a lookup of a key behind the replaced one in its chain can miss it, claim C2); this
 * model keeps it, as {@code bpf(2)} has it.
 */
public class HashOfMaps implements BpfMap {
    protected final MapSpec spec;
    protected final InnerMapMeta meta;
    protected final MapRegistry registry;
    /** The outer table: key -> inner map ID (8-byte value). */
    protected final HashTable table;

    public HashOfMaps(MapSpec spec, BpfMap template, MapRegistry registry) {
        if (spec == null || spec.type() != MapType.HASH_OF_MAPS) {
            throw Errors.badArgument("spec.type", spec == null ? "null" : spec.type(), "HashOfMaps builds HASH_OF_MAPS");
        }
        if (registry == null) {
            throw Errors.badArgument("registry", "null", "a MapRegistry (fds and map IDs)");
        }
        this.spec = spec;
        this.meta = InnerMapMeta.of(template);
        this.registry = registry;
        MapSpec.Builder b = MapSpec.builder(MapType.HASH).keySize(spec.keySize()).valueSize(8).maxEntries(spec.maxEntries())
                .flags(spec.mapFlags() & ~(MapFlags.RDONLY | MapFlags.WRONLY)).cpus(spec.cpus());
        spec.hashSeed().ifPresent(b::hashSeed);
        this.table = HashTable.kernel(b.build());
    }

    /** A HASH_OF_MAPS with 8-byte keys (the shape of the fast path) for inner maps like {@code template}. */
    public static HashOfMaps create(long maxEntries, BpfMap template, MapRegistry registry) {
        return new HashOfMaps(MapSpec.builder(MapType.HASH_OF_MAPS).keySize(8).valueSize(4).maxEntries(maxEntries)
                .cpus(template.spec().cpus()).build(), template, registry);
    }

    /** The same with a fixed hash seed of the outer table (reproducible bucket layouts). */
    public static HashOfMaps create(long maxEntries, BpfMap template, MapRegistry registry, int hashSeed) {
        return new HashOfMaps(MapSpec.builder(MapType.HASH_OF_MAPS).keySize(8).valueSize(4).maxEntries(maxEntries)
                .cpus(template.spec().cpus()).hashSeed(hashSeed).build(), template, registry);
    }

    /** {@code map_fd_get_ptr} + {@code map_meta_equal}: whether {@code inner} may be a value. */
    protected boolean acceptsInner(BpfMap inner) {
        return meta.matches(inner);
    }

    // ---- program-side and typed operations (8-byte keys) --------------------------------------

    /** {@code htab_of_map_lookup_elem} of an 8-byte key: the inner map, or null. Lock-free, allocation-free. */
    public BpfMap lookupMap(long key) {
        long id = table.lookup(key, 0);
        return id == 0 ? null : registry.byId(id);
    }

    /** Update of an 8-byte key with the map itself. */
    public int updateMap(long key, BpfMap inner, long flags) {
        if (inner == null || !acceptsInner(inner)) {
            return -Errno.EINVAL;
        }
        return table.update(key, registry.id(inner), flags);
    }

    /** Delete of an 8-byte key: 0 or -ENOENT. */
    public int deleteMap(long key) {
        return table.delete(key);
    }

    /** Update of a key of any size with the map itself. */
    public int updateMap(byte[] key, BpfMap inner, long flags) {
        Errors.requireLength("key", key, spec.keySize());
        if (inner == null || !acceptsInner(inner)) {
            return -Errno.EINVAL;
        }
        byte[] v = new byte[8];
        long id = registry.id(inner);
        for (int i = 0; i < 8; i++) {
            v[i] = (byte) (id >>> (8 * i));
        }
        return table.update(key, v, flags);
    }

    /** Program lookup of a key of any size: the inner map, or null. */
    public BpfMap lookupMap(byte[] key) {
        byte[] v = new byte[8];
        if (table.programLookup(key, v) != 0) {
            return null;
        }
        return registry.byId(ArrayOfMaps.u32(v)); // IDs are u32
    }

    // ---- the byte[] syscall API -----------------------------------------------------------------

    @Override
    public MapSpec spec() {
        return spec;
    }

    @Override
    public Set<MapOperation> operations() {
        return EnumSet.of(MapOperation.LOOKUP, MapOperation.PROGRAM_LOOKUP, MapOperation.UPDATE, MapOperation.DELETE,
                MapOperation.GET_NEXT_KEY, MapOperation.LOOKUP_BATCH, MapOperation.LOOKUP_AND_DELETE_BATCH,
                MapOperation.UPDATE_BATCH, MapOperation.DELETE_BATCH);
    }

    private boolean canRead() {
        return !spec.hasFlag(MapFlags.WRONLY);
    }

    private boolean canWrite() {
        return !spec.hasFlag(MapFlags.RDONLY);
    }

    /** The syscall lookup: the inner map's ID (u32). */
    @Override
    public int lookup(byte[] key, byte[] valueOut) {
        Errors.requireLength("key", key, spec.keySize());
        Errors.requireLength("valueOut", valueOut, 4);
        if (!canRead()) {
            return -Errno.EPERM;
        }
        return programLookup(key, valueOut);
    }

    /** A program's lookup through the byte API: the inner map's ID stands in for the pointer ({@link #lookupMap}). */
    @Override
    public int programLookup(byte[] key, byte[] valueOut) {
        Errors.requireLength("valueOut", valueOut, 4);
        byte[] v = new byte[8];
        int r = table.programLookup(key, v);
        if (r != 0) {
            return r;
        }
        System.arraycopy(v, 0, valueOut, 0, 4);
        return 0;
    }

    /** {@code BPF_MAP_UPDATE_ELEM}: the value is a map fd (u32). */
    @Override
    public int update(byte[] key, byte[] value, long flags) {
        Errors.requireLength("key", key, spec.keySize());
        Errors.requireLength("value", value, 4);
        if (!canWrite()) {
            return -Errno.EPERM;
        }
        BpfMap inner = registry.get((int) ArrayOfMaps.u32(value));
        if (inner == null) {
            return -MapRegistry.EBADF;
        }
        return updateMap(key, inner, flags);
    }

    @Override
    public int delete(byte[] key) {
        Errors.requireLength("key", key, spec.keySize());
        if (!canWrite()) {
            return -Errno.EPERM;
        }
        return table.delete(key);
    }

    @Override
    public int getNextKey(byte[] key, byte[] nextKeyOut) {
        if (!canRead()) {
            return -Errno.EPERM;
        }
        return table.getNextKey(key, nextKeyOut);
    }

    @Override
    public BatchResult lookupBatch(byte[] inBatch, int count) {
        return ids(table.lookupBatch(inBatch, count));
    }

    @Override
    public BatchResult lookupAndDeleteBatch(byte[] inBatch, int count) {
        return ids(table.lookupAndDeleteBatch(inBatch, count));
    }

    /** The table's 8-byte values as the syscall's u32 IDs. */
    private static BatchResult ids(BatchResult r) {
        List<byte[]> values = new ArrayList<>();
        for (byte[] v : r.values()) {
            values.add(java.util.Arrays.copyOf(v, 4));
        }
        return new BatchResult(r.result(), r.count(), r.outBatch(), r.keys(), values);
    }

    /** Keys present (exact when quiescent). */
    public int size() {
        return table.size();
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
