package dev.maplab.jmh.hash;

import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import dev.maplab.cpu.LogicalCpu;
import dev.maplab.hash.HashTable;
import dev.maplab.hash.ReplaceProtocol;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the hash-table benchmarks share: the implementations behind {@code @Param("impl")}, the key
 * scheme, map construction and filling, and the per-thread probe sequences.
 *
 * <p><b>Implementations.</b> {@value #MAPLAB}: {@link HashTable} with the kernel's replace protocol (new
 * element at the head, then unlink the old); {@value #MAPLAB_LINEARIZABLE}: the in-place seqlock
 * replace (lookups, inserts and deletes are the same code as {@value #MAPLAB}, so the lookup and churn
 * benchmarks leave it out by default); {@value #CHM}: {@code ConcurrentHashMap<Long, Long>} built with
 * {@code new ConcurrentHashMap<>(entries)}, i.e. sized so that the same entries never resize it (its
 * table is then 2x to 4x larger than maplab's, whose load reaches 1: that is how each is used).
 *
 * <p><b>Keys.</b> Key {@code i} is {@link #key(long) key(i)}, a bijection of i (SplitMix64's finalizer):
 * distinct indices give distinct, uniformly spread 64-bit keys. A map filled with {@code n} keys holds
 * {@code key(0..n-1)}; absent keys are {@code key(n + j)}. maplab hashes them with jhash under a fixed
 * seed ({@link #MAP_SEED}, so that runs are comparable); ConcurrentHashMap with {@code Long.hashCode}
 * spread by its own mixer.
 *
 * <p><b>Probes.</b> Each thread walks its own pre-generated sequence of keys (uniformly random indices,
 * fixed per thread), with a private cursor: nothing is generated, hashed for selection or allocated in
 * the measured loop. The sequences hold the keys themselves rather than indices into a key array, so
 * that a probe costs one sequential read instead of a second random memory access that would pollute
 * the cache for every implementation. They are at least as long as the map, so a 2^20 map is probed
 * over its whole extent (its working set is the whole map, not a cached subset). For {@value #CHM}
 * the keys are pre-boxed {@code Long}s, allocated in probe order like freshly boxed keys would be,
 * and distinct objects from the keys inside the map (so {@code equals} reads the stored key, as for a
 * real caller); values to store are pre-boxed too: boxing is not measured, the map's own
 * allocation (a node per insert) is.
 *
 * <p><b>CPUs.</b> Maps are built for {@value #CPUS} logical CPUs and every benchmark thread binds to
 * {@code LogicalCpu.set(threadIndex % CPUS)} in its trial setup (and again at each iteration, in case the
 * harness hands the thread state to another worker thread).
 */
public final class HashBench {
    public static final String MAPLAB = "maplab";
    public static final String MAPLAB_LINEARIZABLE = "maplab-linearizable";
    public static final String CHM = "chm";

    /** Logical CPUs of every benchmark map. */
    public static final int CPUS = 2;
    /** The fixed hash seed of the maplab maps. */
    public static final int MAP_SEED = 0x6d61706c;
    /** Shortest probe sequence (a power of two). */
    public static final int MIN_PROBES = 1 << 16;
    /** Distinct pre-boxed values per thread for ConcurrentHashMap writes (a power of two). */
    public static final int VALUES = 1 << 10;

    private static final long GOLDEN = 0x9e37_79b9_7f4a_7c15L;

    private HashBench() {
    }

    /** Key number {@code i}: a bijection of the 64-bit integers. */
    public static long key(long i) {
        long z = i * GOLDEN + 0x6a09_e667_f3bc_c909L;
        z = (z ^ (z >>> 30)) * 0xbf58_476d_1ce4_e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d0_49bb_1331_11ebL;
        return z ^ (z >>> 31);
    }

    public static boolean isChm(String impl) {
        return CHM.equals(impl);
    }

    /** The maplab map of {@code impl}, or null for the anchor. */
    public static HashTable table(String impl, int maxEntries) {
        ReplaceProtocol protocol;
        switch (impl) {
            case MAPLAB:
                protocol = ReplaceProtocol.KERNEL;
                break;
            case MAPLAB_LINEARIZABLE:
                protocol = ReplaceProtocol.LINEARIZABLE;
                break;
            case CHM:
                return null;
            default:
                throw new IllegalArgumentException("impl = " + impl + ": one of " + MAPLAB + ", " + MAPLAB_LINEARIZABLE + ", " + CHM);
        }
        MapSpec spec = MapSpec.builder(MapType.HASH).keySize(8).valueSize(8).maxEntries(maxEntries).cpus(CPUS)
                .hashSeed(MAP_SEED).build();
        return new HashTable(spec, protocol);
    }

    /** The anchor, sized for {@code entries} (no resize while it fills). */
    public static ConcurrentHashMap<Long, Long> chm(int entries) {
        return new ConcurrentHashMap<>(entries);
    }

    /** Inserts {@code key(0..count-1)} with value {@code i}. */
    public static void fill(HashTable table, ConcurrentHashMap<Long, Long> chm, int count) {
        for (int i = 0; i < count; i++) {
            long k = key(i);
            if (table != null) {
                int r = table.update(k, i, UpdateFlags.NOEXIST);
                if (r != 0) {
                    throw new IllegalStateException("filling " + table + ": key " + i + " of " + count + " gave " + r);
                }
            } else {
                chm.put(k, (long) i);
            }
        }
    }

    /** Probe sequence length for a map of {@code entries}: a power of two, at least the map and {@link #MIN_PROBES}. */
    public static int probeLength(int entries) {
        int n = Math.max(MIN_PROBES, entries);
        return Integer.highestOneBit(n - 1) << 1;
    }

    /** {@code length} uniformly random key indices in {@code [from, from + range)}, fixed by {@code seed}. */
    public static long[] keysOf(long seed, int length, long from, long range) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] keys = new long[length];
        for (int i = 0; i < length; i++) {
            keys[i] = key(from + r.nextLong(range));
        }
        return keys;
    }

    /** Distinct {@code Long} objects for {@code keys}, allocated in order. */
    public static Long[] boxed(long[] keys) {
        Long[] b = new Long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            b[i] = Long.valueOf(keys[i]); // outside the small-value cache: a new object each time
        }
        return b;
    }

    /** {@link #VALUES} pre-boxed values. */
    public static Long[] values(long seed) {
        return boxed(keysOf(seed, VALUES, 0, 1L << 40));
    }

    /** Binds the calling benchmark thread to its logical CPU. */
    public static void bind(int threadIndex) {
        LogicalCpu.set(threadIndex % CPUS);
    }

    /** A per-thread seed: stable across runs, different per thread and per use. */
    public static long seed(int threadIndex, long salt) {
        return 0x5eedL * 1_000_003L + threadIndex * 7919L + salt;
    }
}
