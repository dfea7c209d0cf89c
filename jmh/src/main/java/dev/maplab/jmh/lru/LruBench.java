package dev.maplab.jmh.lru;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.maplab.api.MapFlags;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import dev.maplab.cpu.LogicalCpu;
import dev.maplab.lru.ExactLru;
import dev.maplab.lru.LruHashTable;
import java.util.SplittableRandom;

/**
 * What the LRU benchmarks share: the implementations behind {@code @Param("impl")}, keys, construction
 * and filling, probe sequences and CPU binding.
 *
 * <p><b>Implementations.</b> {@value #MAPLAB}: {@link LruHashTable} LRU_HASH with the common LRU (the
 * kernel's default) and the kernel's update order, built for {@value #CPUS} logical CPUs;
 * {@value #MAPLAB_PERCPU_LRU}: the same with {@code BPF_F_NO_COMMON_LRU} (left out by default; {@code -p
 * impl=maplab,maplab-percpu-lru,caffeine,exact-lru} puts it back); {@value #CAFFEINE}: {@code
 * Caffeine.newBuilder().maximumSize(entries).build()} of {@code Long -> Long} (W-TinyLFU, default
 * executor: its maintenance runs on the common pool, as in ordinary use); {@value #EXACT_LRU}: {@link ExactLru},
 * the kit's exact LRU (int-indexed list and table under one monitor: a synchronized access-ordered map
 * without boxing).
 *
 * <p><b>Keys.</b> Key {@code i} is {@link #key(long) key(i)}, a bijection of the 64-bit integers (as in
 * the hash benchmarks). A map is filled with {@code key(0 .. entries-1)}; the probe sequences of hits are
 * drawn from the keys actually present after the fill (an LRU may have evicted some while filling, LA-9:
 * filling 2^16 entries from one CPU evicts none, but the sequence does not rely on it). Updates of new
 * keys walk a per-thread cyclic sequence of {@value #FRESH} keys never used for the fill: 16 times the
 * map, so a key comes round again only long after it was evicted. Caffeine gets the same keys pre-boxed
 * (boxing is not measured); values to store are pre-boxed too.
 *
 * <p><b>CPUs.</b> Each benchmark thread binds to {@code LogicalCpu.set(threadIndex % CPUS)} in its trial
 * setup and again at each iteration; the fill runs on CPU 0.
 */
public final class LruBench {
    public static final String MAPLAB = "maplab";
    public static final String MAPLAB_PERCPU_LRU = "maplab-percpu-lru";
    public static final String CAFFEINE = "caffeine";
    public static final String EXACT_LRU = "exact-lru";

    public static final int CPUS = 2;
    public static final int MAP_SEED = 0x6d61706c;
    /** Fresh keys per thread for the update benchmarks (a power of two). */
    public static final int FRESH = 1 << 20;
    /** Hit probes per thread (a power of two). */
    public static final int PROBES = 1 << 16;
    /** Pre-boxed values (a power of two). */
    public static final int VALUES = 1 << 10;

    private static final long GOLDEN = 0x9e37_79b9_7f4a_7c15L;

    private LruBench() {
    }

    /** Key number {@code i}. */
    public static long key(long i) {
        long z = i * GOLDEN + 0x6a09_e667_f3bc_c909L;
        z = (z ^ (z >>> 30)) * 0xbf58_476d_1ce4_e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d0_49bb_1331_11ebL;
        return z ^ (z >>> 31);
    }

    /** One implementation under test: exactly one field is set. */
    public static final class Impl {
        public final LruHashTable table;
        public final Cache<Long, Long> caffeine;
        public final ExactLru exact;

        Impl(LruHashTable table, Cache<Long, Long> caffeine, ExactLru exact) {
            this.table = table;
            this.caffeine = caffeine;
            this.exact = exact;
        }
    }

    public static Impl create(String impl, int entries) {
        switch (impl) {
            case MAPLAB:
            case MAPLAB_PERCPU_LRU:
                MapSpec spec = MapSpec.builder(MapType.LRU_HASH).keySize(8).valueSize(8).maxEntries(entries).cpus(CPUS)
                        .flags(impl.equals(MAPLAB) ? 0 : MapFlags.NO_COMMON_LRU).hashSeed(MAP_SEED).build();
                return new Impl(LruHashTable.kernel(spec), null, null);
            case CAFFEINE:
                return new Impl(null, Caffeine.newBuilder().maximumSize(entries).build(), null);
            case EXACT_LRU:
                return new Impl(null, null, new ExactLru(entries));
            default:
                throw new IllegalArgumentException("impl = " + impl + ": one of " + MAPLAB + ", " + MAPLAB_PERCPU_LRU
                        + ", " + CAFFEINE + ", " + EXACT_LRU);
        }
    }

    /**
     * Inserts {@code key(0 .. count-1)} (value {@code i}) on logical CPU 0 (a per-CPU LRU: round-robin over the
     * CPUs, each inserting into its own slice); returns the indices of the keys present afterwards.
     */
    public static int[] fill(Impl m, int count) {
        for (int i = 0; i < count; i++) {
            long k = key(i);
            if (m.table != null) {
                int cpu = m.table.lru().isPercpu() ? i % CPUS : 0;
                try (LogicalCpu.Binding b = LogicalCpu.bind(cpu)) {
                    int r = m.table.update(k, i, UpdateFlags.ANY);
                    if (r != 0) {
                        throw new IllegalStateException("filling: key " + i + " of " + count + " gave " + r);
                    }
                }
            } else if (m.caffeine != null) {
                m.caffeine.put(k, (long) i);
            } else {
                m.exact.put(k, i);
            }
        }
        if (m.caffeine != null) {
            m.caffeine.cleanUp();
        }
        int[] present = new int[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            long k = key(i);
            boolean in = m.table != null ? m.table.containsKey(k) : m.caffeine != null
                    ? m.caffeine.asMap().containsKey(k) : m.exact.containsKey(k);
            if (in) {
                present[n++] = i;
            }
        }
        return java.util.Arrays.copyOf(present, n);
    }

    /** {@code length} keys drawn uniformly from the present indices, fixed by {@code seed}. */
    public static long[] hits(long seed, int length, int[] present) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] keys = new long[length];
        for (int i = 0; i < length; i++) {
            keys[i] = key(present[r.nextInt(present.length)]);
        }
        return keys;
    }

    /** Thread {@code t}'s fresh keys: indices {@code 2^40 * (t + 1) + j}, never used by a fill. */
    public static long[] fresh(int t, int length) {
        long[] keys = new long[length];
        long base = (long) (t + 1) << 40;
        for (int j = 0; j < length; j++) {
            keys[j] = key(base + j);
        }
        return keys;
    }

    public static Long[] boxed(long[] keys) {
        Long[] b = new Long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            b[i] = Long.valueOf(keys[i]);
        }
        return b;
    }

    public static Long[] values(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Long[] v = new Long[VALUES];
        for (int i = 0; i < VALUES; i++) {
            v[i] = Long.valueOf(r.nextLong(1L << 40) + 1000);
        }
        return v;
    }

    public static void bind(int threadIndex) {
        LogicalCpu.set(threadIndex % CPUS);
    }

    public static long seed(int threadIndex, long salt) {
        return 0x1e55L * 1_000_003L + threadIndex * 7919L + salt;
    }
}
