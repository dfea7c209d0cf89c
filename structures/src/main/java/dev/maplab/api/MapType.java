package dev.maplab.api;

/**
 * The map types maplab models, with the kernel's {@code enum bpf_map_type} numbers.
 *
 * <p>Types tied to kernel objects (sockets, devices, cgroups, XDP sockets, struct_ops) are not
 * modelled: they are containers for kernel objects, not general-purpose data structures.
 */
public enum MapType {
    HASH(1, false),
    ARRAY(2, false),
    PERF_EVENT_ARRAY(4, false),
    PERCPU_HASH(5, true),
    PERCPU_ARRAY(6, true),
    STACK_TRACE(7, false),
    LRU_HASH(9, false),
    LRU_PERCPU_HASH(10, true),
    LPM_TRIE(11, false),
    ARRAY_OF_MAPS(12, false),
    HASH_OF_MAPS(13, false),
    QUEUE(22, false),
    STACK(23, false),
    RINGBUF(27, false);

    private final int kernelId;
    private final boolean perCpu;

    MapType(int kernelId, boolean perCpu) {
        this.kernelId = kernelId;
        this.perCpu = perCpu;
    }

    /** The value of {@code enum bpf_map_type} for this type. */
    public int kernelId() {
        return kernelId;
    }

    /** True when every logical CPU has its own value slot (the syscall value is N slots). */
    public boolean isPerCpu() {
        return perCpu;
    }

    /** True for the hash-table family (HASH, PERCPU_HASH, LRU_HASH, LRU_PERCPU_HASH). */
    public boolean isHash() {
        return this == HASH || this == PERCPU_HASH || this == LRU_HASH || this == LRU_PERCPU_HASH;
    }

    /** True for the LRU variants of the hash table. */
    public boolean isLru() {
        return this == LRU_HASH || this == LRU_PERCPU_HASH;
    }
}
