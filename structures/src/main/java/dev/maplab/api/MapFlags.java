package dev.maplab.api;

/**
 * The {@code map_flags} of {@code BPF_MAP_CREATE} that maplab honours, with the uapi bit values.
 */
public final class MapFlags {
    public static final int NO_PREALLOC = 1;
    public static final int NO_COMMON_LRU = 1 << 1;
    public static final int NUMA_NODE = 1 << 2;
    public static final int RDONLY = 1 << 3;
    public static final int WRONLY = 1 << 4;
    public static final int ZERO_SEED = 1 << 6;
    public static final int RDONLY_PROG = 1 << 7;
    public static final int WRONLY_PROG = 1 << 8;

    /** Every bit the hash table accepts ({@code htab_map_alloc_check}); access flags included. */
    public static final int HASH_CREATE_FLAG_MASK = NO_PREALLOC | NO_COMMON_LRU | NUMA_NODE | RDONLY | WRONLY | ZERO_SEED
            | RDONLY_PROG | WRONLY_PROG;

    private MapFlags() {
    }
}
