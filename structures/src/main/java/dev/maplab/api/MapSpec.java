package dev.maplab.api;

import static dev.maplab.api.Errors.badArgument;

/**
 * What {@code BPF_MAP_CREATE} is given: type, key size, value size, max_entries and map flags, plus
 * the number of logical CPUs the map is built for (the kernel's {@code num_possible_cpus()}).
 *
 * <p>The constructor applies the kernel's creation rules ({@code map_create}, {@code
 * htab_map_alloc_check}, {@code array_map_alloc_check}, ...). Where the kernel would fail the syscall
 * with an errno, maplab raises {@link IllegalArgumentException} naming the parameter, the value given,
 * what is allowed and the errno the kernel returns, so that nothing half-built is ever handed out.
 *
 * <p>One extension over the kernel: {@link Builder#hashSeed(int)} fixes the hash seed of a hash map
 * (the kernel only offers a random seed or, with {@link MapFlags#ZERO_SEED}, zero). Studies and tests
 * use it for reproducible bucket layouts.
 */
public final class MapSpec {
    /** {@code PCPU_MIN_UNIT_SIZE}: the largest per-CPU value a per-CPU map accepts. */
    public static final int PCPU_MIN_UNIT_SIZE = 32768;
    /** The kernel rejects hash maps with {@code max_entries > 2^31} (-E2BIG) before rounding up. */
    public static final long HASH_MAX_ENTRIES_KERNEL = 1L << 31;
    /** maplab's own ceiling: its arena is indexed by Java arrays. */
    public static final long MAX_ENTRIES_MAPLAB = 1L << 28;
    /** The largest CPU count the logical-CPU model accepts. */
    public static final int MAX_CPUS = 1024;
    /** {@code KMALLOC_MAX_SIZE} on x86-64: the kernel's bound on one element. */
    public static final long KMALLOC_MAX_SIZE = 1L << 22;
    /** {@code sizeof(struct htab_elem)} on 64-bit. */
    public static final long HTAB_ELEM_HEADER = 48;

    private final MapType type;
    private final int keySize;
    private final int valueSize;
    private final int maxEntries;
    private final int mapFlags;
    private final int cpus;
    private final Integer hashSeed;

    private MapSpec(Builder b) {
        if (b.type == null) {
            throw badArgument("type", "null", "one of " + java.util.Arrays.toString(MapType.values()));
        }
        this.type = b.type;
        this.keySize = b.keySizeSet || (b.type != MapType.QUEUE && b.type != MapType.STACK) ? b.keySize : 0;
        this.valueSize = b.valueSize;
        this.mapFlags = b.mapFlags;
        this.cpus = b.cpus;
        this.hashSeed = b.hashSeed;
        if (cpus < 1 || cpus > MAX_CPUS) {
            throw badArgument("cpus", cpus, "must be between 1 and " + MAX_CPUS);
        }
        if (b.maxEntries <= 0) {
            throw badArgument("maxEntries", b.maxEntries, "must be at least 1 (kernel: -EINVAL)");
        }
        switch (type) {
            case HASH:
            case PERCPU_HASH:
            case LRU_HASH:
            case LRU_PERCPU_HASH:
                this.maxEntries = validateHash(b.maxEntries);
                break;
            case QUEUE:
            case STACK:
                this.maxEntries = validateQueueStack(b.maxEntries);
                break;
            case LPM_TRIE:
                this.maxEntries = validateLpmTrie(b.maxEntries);
                break;
            case ARRAY_OF_MAPS:
                this.maxEntries = validateArrayOfMaps(b.maxEntries);
                break;
            case HASH_OF_MAPS:
                this.maxEntries = validateHashOfMaps(b.maxEntries);
                break;
            case STACK_TRACE:
                this.maxEntries = validateStackTrace(b.maxEntries);
                break;
            default:
                this.maxEntries = validateGeneric(b.maxEntries);
                break;
        }
    }

    private int validateHash(long requested) {
        requirePositive("keySize", keySize);
        requirePositive("valueSize", valueSize);
        int unknown = mapFlags & ~MapFlags.HASH_CREATE_FLAG_MASK;
        if (unknown != 0) {
            throw badArgument("mapFlags", "0x" + Integer.toHexString(mapFlags),
                    "unknown bits 0x" + Integer.toHexString(unknown) + "; allowed: NO_PREALLOC, NO_COMMON_LRU,"
                            + " NUMA_NODE, RDONLY, WRONLY, ZERO_SEED, RDONLY_PROG, WRONLY_PROG (kernel: -EINVAL)");
        }
        if ((mapFlags & MapFlags.RDONLY) != 0 && (mapFlags & MapFlags.WRONLY) != 0) {
            throw badArgument("mapFlags", "RDONLY|WRONLY", "at most one access flag (kernel: -EINVAL)");
        }
        if ((mapFlags & MapFlags.NO_COMMON_LRU) != 0 && !type.isLru()) {
            throw badArgument("mapFlags", "NO_COMMON_LRU on " + type, "only LRU_HASH and LRU_PERCPU_HASH take it (kernel: -EINVAL)");
        }
        if ((mapFlags & MapFlags.NO_PREALLOC) != 0) {
            if (type.isLru()) {
                throw badArgument("mapFlags", "NO_PREALLOC on " + type, "LRU maps are always preallocated (kernel: -ENOTSUPP)");
            }
            throw badArgument("mapFlags", "NO_PREALLOC", "not modelled: maplab's hash table is always preallocated,"
                    + " the configuration whose immediate reuse the nulls protocol exists for");
        }
        if ((mapFlags & MapFlags.NUMA_NODE) != 0 && (type.isPerCpu() || (mapFlags & MapFlags.NO_COMMON_LRU) != 0)) {
            throw badArgument("mapFlags", "NUMA_NODE on " + type, "not with per-CPU values or per-CPU LRU lists (kernel: -EINVAL)");
        }
        if (type.isPerCpu() && roundUp8(valueSize) > PCPU_MIN_UNIT_SIZE) {
            throw badArgument("valueSize", valueSize, "round_up(valueSize, 8) must be at most "
                    + PCPU_MIN_UNIT_SIZE + " for per-CPU maps (kernel: -E2BIG)");
        }
        if ((long) keySize + valueSize >= KMALLOC_MAX_SIZE - HTAB_ELEM_HEADER) {
            throw badArgument("keySize + valueSize", (long) keySize + valueSize, "must be below KMALLOC_MAX_SIZE - sizeof(struct htab_elem) = "
                    + (KMALLOC_MAX_SIZE - HTAB_ELEM_HEADER) + " (kernel: -E2BIG)");
        }
        long entries = requested;
        if (type.isLru() && (mapFlags & MapFlags.NO_COMMON_LRU) != 0) {
            // Per-CPU LRU: every CPU gets the same share, so max_entries is rounded up to a multiple of cpus.
            entries = roundUp(entries, cpus);
        }
        if (entries > HASH_MAX_ENTRIES_KERNEL) {
            throw badArgument("maxEntries", requested, "must be at most 2^31 (kernel: -E2BIG)");
        }
        if (entries > MAX_ENTRIES_MAPLAB) {
            throw badArgument("maxEntries", requested, "must be at most 2^28 (maplab's arena limit)");
        }
        return (int) entries;
    }

    private int validateGeneric(long requested) {
        requirePositive("valueSize", valueSize);
        if (requested > MAX_ENTRIES_MAPLAB) {
            throw badArgument("maxEntries", requested, "must be at most 2^28 (maplab's arena limit)");
        }
        return (int) requested;
    }

    // ---- queue, stack, LPM trie, map-in-map, stack trace (dev.maplab.{queue,lpm,mapinmap,stacktrace}) ----

    /** {@code BPF_F_ACCESS_MASK}: RDONLY, WRONLY, RDONLY_PROG, WRONLY_PROG. */
    private static final int ACCESS_MASK = MapFlags.RDONLY | MapFlags.WRONLY | MapFlags.RDONLY_PROG | MapFlags.WRONLY_PROG;
    /** {@code BPF_F_STACK_BUILD_ID} (uapi bit 5): stack map values hold build ids instead of addresses. */
    private static final int STACK_BUILD_ID = 1 << 5;
    /** {@code LPM_DATA_SIZE_MAX}: the largest LPM key data (256 bytes = /2048). */
    public static final int LPM_DATA_SIZE_MAX = 256;
    /** {@code sizeof(struct bpf_lpm_trie_key_hdr)}: the u32 prefix length in front of an LPM key's data. */
    public static final int LPM_KEY_HEADER = 4;
    /** {@code sizeof(struct lpm_trie_node)} on 64-bit (two child pointers, prefixlen, flags). */
    private static final long LPM_NODE_HEADER = 24;
    /** {@code sysctl_perf_event_max_stack} default: the deepest stack a stack map value may hold. */
    public static final int PERF_EVENT_MAX_STACK = 127;

    /** Rejects flag bits outside {@code allowed}, and RDONLY together with WRONLY. */
    private void requireFlags(int allowed, String allowedNames) {
        int unknown = mapFlags & ~allowed;
        if (unknown != 0) {
            throw badArgument("mapFlags", "0x" + Integer.toHexString(mapFlags), "bits 0x" + Integer.toHexString(unknown)
                    + " are not accepted by " + type + "; allowed: " + allowedNames + " (kernel: -EINVAL)");
        }
        if ((mapFlags & MapFlags.RDONLY) != 0 && (mapFlags & MapFlags.WRONLY) != 0) {
            throw badArgument("mapFlags", "RDONLY|WRONLY", "at most one access flag (kernel: -EINVAL)");
        }
    }

    private void requireExact(String name, int v, int expected, String why) {
        if (v != expected) {
            throw badArgument(name, v, "must be " + expected + " for " + type + " (" + why + "; kernel: -EINVAL)");
        }
    }

    private static int requireMaplabLimit(long requested) {
        if (requested > MAX_ENTRIES_MAPLAB) {
            throw badArgument("maxEntries", requested, "must be at most 2^28 (maplab's arena limit)");
        }
        return (int) requested;
    }

    /** {@code queue_stack_map_alloc_check}: no key, a value, NUMA and access flags only (so no NO_PREALLOC). */
    private int validateQueueStack(long requested) {
        requireExact("keySize", keySize, 0, "push, pop and peek take no key");
        requirePositive("valueSize", valueSize);
        requireFlags(MapFlags.NUMA_NODE | ACCESS_MASK, "NUMA_NODE, RDONLY, WRONLY, RDONLY_PROG, WRONLY_PROG");
        if (valueSize > KMALLOC_MAX_SIZE) {
            throw badArgument("valueSize", valueSize, "must be at most KMALLOC_MAX_SIZE = " + KMALLOC_MAX_SIZE + " (kernel: -E2BIG)");
        }
        return requireMaplabLimit(requested);
    }

    /** {@code trie_alloc}: key = u32 prefixlen + 1..256 data bytes, BPF_F_NO_PREALLOC mandatory. */
    private int validateLpmTrie(long requested) {
        if ((mapFlags & MapFlags.NO_PREALLOC) == 0) {
            throw badArgument("mapFlags", "0x" + Integer.toHexString(mapFlags), "LPM_TRIE requires NO_PREALLOC (kernel: -EINVAL)");
        }
        requireFlags(MapFlags.NO_PREALLOC | MapFlags.NUMA_NODE | ACCESS_MASK,
                "NO_PREALLOC (required), NUMA_NODE, RDONLY, WRONLY, RDONLY_PROG, WRONLY_PROG");
        if (keySize < LPM_KEY_HEADER + 1 || keySize > LPM_KEY_HEADER + LPM_DATA_SIZE_MAX) {
            throw badArgument("keySize", keySize, "must be between " + (LPM_KEY_HEADER + 1) + " and " + (LPM_KEY_HEADER + LPM_DATA_SIZE_MAX)
                    + " for LPM_TRIE (u32 prefixlen + 1..256 data bytes; kernel: -EINVAL)");
        }
        long valueMax = KMALLOC_MAX_SIZE - LPM_DATA_SIZE_MAX - LPM_NODE_HEADER;
        if (valueSize < 1 || valueSize > valueMax) {
            throw badArgument("valueSize", valueSize, "must be between 1 and LPM_VAL_SIZE_MAX = " + valueMax + " (kernel: -EINVAL)");
        }
        return requireMaplabLimit(requested);
    }

    /** {@code fd_array_map_alloc_check} + {@code array_map_alloc_check}: u32 index key, u32 map-fd value. */
    private int validateArrayOfMaps(long requested) {
        requireExact("keySize", keySize, 4, "the key is a u32 index");
        requireExact("valueSize", valueSize, 4, "the value is a u32 map fd");
        requireFlags(MapFlags.NUMA_NODE | ACCESS_MASK, "NUMA_NODE, RDONLY, WRONLY, RDONLY_PROG, WRONLY_PROG");
        return requireMaplabLimit(requested);
    }

    /** {@code fd_htab_map_alloc_check}: a u32 map-fd value, then the hash table's own rules. */
    private int validateHashOfMaps(long requested) {
        requireExact("valueSize", valueSize, 4, "the value is a u32 map fd");
        return validateHash(requested);
    }

    /** {@code stack_map_alloc}: u32 stack-id key, a value of 1..127 u64 addresses. */
    private int validateStackTrace(long requested) {
        if ((mapFlags & STACK_BUILD_ID) != 0) {
            throw badArgument("mapFlags", "STACK_BUILD_ID", "not modelled: maplab's stack maps hold instruction addresses");
        }
        requireFlags(MapFlags.NUMA_NODE | MapFlags.RDONLY | MapFlags.WRONLY, "NUMA_NODE, RDONLY, WRONLY");
        requireExact("keySize", keySize, 4, "the key is a u32 stack id");
        if (valueSize < 8 || valueSize % 8 != 0) {
            throw badArgument("valueSize", valueSize, "must be a positive multiple of 8 for STACK_TRACE (u64 addresses; kernel: -EINVAL)");
        }
        if (valueSize / 8 > PERF_EVENT_MAX_STACK) {
            throw badArgument("valueSize", valueSize, "must hold at most sysctl_perf_event_max_stack = " + PERF_EVENT_MAX_STACK
                    + " addresses (" + 8 * PERF_EVENT_MAX_STACK + " bytes; kernel: -EINVAL)");
        }
        if (requested > HASH_MAX_ENTRIES_KERNEL) {
            throw badArgument("maxEntries", requested, "must be at most 2^31 (kernel: -E2BIG)");
        }
        return requireMaplabLimit(requested);
    }

    private static void requirePositive(String name, int v) {
        if (v <= 0) {
            throw badArgument(name, v, "must be at least 1 (kernel: -EINVAL)");
        }
    }

    static long roundUp(long v, long m) {
        return (v + m - 1) / m * m;
    }

    /** {@code round_up(v, 8)}. */
    public static int roundUp8(int v) {
        return (v + 7) & ~7;
    }

    public MapType type() {
        return type;
    }

    public int keySize() {
        return keySize;
    }

    public int valueSize() {
        return valueSize;
    }

    /** max_entries after the kernel's adjustments (per-CPU LRU rounds up to a multiple of the CPU count). */
    public int maxEntries() {
        return maxEntries;
    }

    public int mapFlags() {
        return mapFlags;
    }

    public boolean hasFlag(int flag) {
        return (mapFlags & flag) != 0;
    }

    /** The number of logical CPUs ({@code num_possible_cpus()}). */
    public int cpus() {
        return cpus;
    }

    /** The size of one value as the syscall sees it: N slots of round_up(value_size, 8) for per-CPU maps. */
    public int syscallValueSize() {
        return type.isPerCpu() ? roundUp8(valueSize) * cpus : valueSize;
    }

    /** The fixed hash seed, if one was given; otherwise the map draws one (or uses 0 with ZERO_SEED). */
    public java.util.OptionalInt hashSeed() {
        return hashSeed == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(hashSeed);
    }

    public static Builder builder(MapType type) {
        return new Builder(type);
    }

    /** A spec for 8-byte keys and values, the shape of the kit's fast {@code long} paths and replay traces. */
    public static MapSpec longs(MapType type, long maxEntries, int cpus) {
        return builder(type).keySize(8).valueSize(8).maxEntries(maxEntries).cpus(cpus).build();
    }

    @Override
    public String toString() {
        return type + "{key=" + keySize + ", value=" + valueSize + ", max_entries=" + maxEntries
                + ", flags=0x" + Integer.toHexString(mapFlags) + ", cpus=" + cpus
                + (hashSeed != null ? ", seed=" + hashSeed : "") + "}";
    }

    /** Collects the creation attributes; {@link #build()} validates them. */
    public static final class Builder {
        private final MapType type;
        private int keySize = 8;
        /** False until {@link #keySize} is called: QUEUE and STACK, which take no key, then default to 0. */
        private boolean keySizeSet;
        private int valueSize = 8;
        private long maxEntries = 1;
        private int mapFlags;
        private int cpus = 2;
        private Integer hashSeed;

        private Builder(MapType type) {
            this.type = type;
        }

        public Builder keySize(int v) {
            this.keySize = v;
            this.keySizeSet = true;
            return this;
        }

        public Builder valueSize(int v) {
            this.valueSize = v;
            return this;
        }

        public Builder maxEntries(long v) {
            this.maxEntries = v;
            return this;
        }

        public Builder flags(int v) {
            this.mapFlags = v;
            return this;
        }

        public Builder cpus(int v) {
            this.cpus = v;
            return this;
        }

        public Builder hashSeed(int seed) {
            this.hashSeed = seed;
            return this;
        }

        public MapSpec build() {
            return new MapSpec(this);
        }
    }
}
