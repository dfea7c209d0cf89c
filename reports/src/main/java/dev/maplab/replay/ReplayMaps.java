package dev.maplab.replay;

import dev.maplab.api.BpfMap;
import dev.maplab.api.MapFlags;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.hash.HashTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The map types a trace can be replayed against, and how each is built: the one place to add a type.
 *
 * <p>Every replayed map has 8-byte keys and 8-byte values (DESIGN.md, "Replay traces"); a type whose
 * kernel key size differs (ARRAY: 4-byte index) sets its own {@link MapSpec} here, and the replayer
 * encodes trace keys into whatever key size the spec has. To add a type, add one line to
 * {@link #FACTORIES}; {@link TraceReplayer} talks to every map through {@link BpfMap} only.
 */
public final class ReplayMaps {
    /** Every type the trace format names (DESIGN.md), implemented or not. */
    public static final List<String> TYPES = List.of(
            "hash", "percpu_hash", "lru_hash", "lru_percpu_hash", "array", "percpu_array", "queue", "stack");

    private static final Map<String, Function<ReplayOptions, BpfMap>> FACTORIES = new LinkedHashMap<>();

    static {
        // The kernel's replace order (new element at the head, then unlink the old): what bpf(2) does.
        FACTORIES.put("hash", o -> HashTable.kernel(spec(MapType.HASH, o)));
        FACTORIES.put("percpu_hash", o -> HashTable.kernel(spec(MapType.PERCPU_HASH, o)));
        // The BPF LRU (common, or per-CPU with --no-common-lru), kernel v6.16+ target_free, kernel update order.
        FACTORIES.put("lru_hash", o -> dev.maplab.lru.LruHashTable.kernel(spec(MapType.LRU_HASH, o)));
        FACTORIES.put("lru_percpu_hash", o -> dev.maplab.lru.LruHashTable.kernel(spec(MapType.LRU_PERCPU_HASH, o)));
        // ARRAY and PERCPU_ARRAY: u32 index keys (4 bytes), 8-byte values, no spin lock in the value.
        FACTORIES.put("array", o -> new dev.maplab.array.ArrayMap(arraySpec(MapType.ARRAY, o)));
        FACTORIES.put("percpu_array", o -> new dev.maplab.array.ArrayMap(arraySpec(MapType.PERCPU_ARRAY, o)));
        // QUEUE and STACK: no key (key_size 0), 8-byte values; push/pop/peek, and update/lookup/lookup_and_delete
        // with key 0 are the syscall's push/peek/pop.
        FACTORIES.put("queue", o -> new dev.maplab.queue.QueueMap(queueSpec(MapType.QUEUE, o)));
        FACTORIES.put("stack", o -> new dev.maplab.queue.StackMap(queueSpec(MapType.STACK, o)));
    }

    private ReplayMaps() {
    }

    /** The types {@link #create} can build now. */
    public static List<String> implemented() {
        return List.copyOf(FACTORIES.keySet());
    }

    /**
     * Builds the map for {@code options} on the calling thread (whose logical CPU is the creator's, for the
     * structures that take per-CPU resources at creation).
     *
     * @throws IllegalArgumentException for an unknown type, a type not implemented yet, or a spec the kernel
     *                                  would reject (the message names the parameter, e.g. NO_COMMON_LRU on HASH)
     */
    public static BpfMap create(ReplayOptions options) {
        Function<ReplayOptions, BpfMap> factory = FACTORIES.get(options.map());
        if (factory == null) {
            if (TYPES.contains(options.map())) {
                throw new IllegalArgumentException("--map " + options.map() + ": not implemented yet in replay"
                        + " (implemented: " + String.join(", ", implemented()) + ")");
            }
            throw new IllegalArgumentException("--map " + options.map() + ": unknown map type; one of "
                    + String.join(", ", TYPES));
        }
        return factory.apply(options);
    }

    /** An array's spec: 4-byte (u32 index) keys, 8-byte values, the map flags the options ask for (which it may reject). */
    static MapSpec arraySpec(MapType type, ReplayOptions o) {
        int flags = (o.zeroSeed() ? MapFlags.ZERO_SEED : 0) | (o.noCommonLru() ? MapFlags.NO_COMMON_LRU : 0);
        return MapSpec.builder(type).keySize(4).valueSize(8).maxEntries(o.maxEntries()).cpus(o.cpus()).flags(flags).build();
    }

    /** 8-byte keys and values, with the map flags the options ask for. */
    static MapSpec spec(MapType type, ReplayOptions o) {
        int flags = (o.zeroSeed() ? MapFlags.ZERO_SEED : 0) | (o.noCommonLru() ? MapFlags.NO_COMMON_LRU : 0);
        return MapSpec.builder(type).keySize(8).valueSize(8).maxEntries(o.maxEntries()).cpus(o.cpus())
                .flags(flags).build();
    }

    /** A queue or stack: key_size 0 (the trace's key must be 0), 8-byte values, the options' map flags (which it rejects). */
    static MapSpec queueSpec(MapType type, ReplayOptions o) {
        int flags = (o.zeroSeed() ? MapFlags.ZERO_SEED : 0) | (o.noCommonLru() ? MapFlags.NO_COMMON_LRU : 0);
        return MapSpec.builder(type).keySize(0).valueSize(8).maxEntries(o.maxEntries()).cpus(o.cpus()).flags(flags).build();
    }
}
