package dev.maplab.jmh.percpu;

import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import dev.maplab.array.ArrayMap;
import dev.maplab.hash.HashTable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Claim C7, "ARRAY is contiguous memory indexed directly, fast": lookups of uniformly random present keys
 * {@code 0..entries-1} in a full map of the same size, one thread, 2^10 entries (cache-resident) and 2^20.
 * <ul>
 *   <li>{@value PercpuBench#MAPLAB}: ARRAY, {@code lookup(index, -1)}: a bounds check and one load;</li>
 *   <li>{@value PercpuBench#MAPLAB_HASH}: maplab's HASH (kernel replace order, fixed seed), {@code lookup(key, -1)}:
 *       jhash, the bucket head, a validated walk of the chain;</li>
 *   <li>{@value PercpuBench#CHM}: {@code ConcurrentHashMap<Long, Long>.get} of pre-boxed keys ({@code 2^32 + i}) (the Java anchor of a
 *       hash map; its result unboxed, as a caller would).</li>
 * </ul>
 * Each thread walks its own pre-generated sequence of random keys (at least 2^16, at least the map). Score:
 * lookups per microsecond; maplab's lookups allocate nothing.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class ArrayLookupBench {
    /** Logical CPUs of the maplab maps (lookups do not depend on it). */
    public static final int CPUS = 2;
    /**
     * ConcurrentHashMap's key for index {@code i} is {@code 2^32 + i}: every boxed probe is a distinct object, as a
     * freshly boxed key would be ({@code Long.hashCode} of it is {@code i ^ 1}: as well spread as {@code i}).
     */
    static final long BOXED_KEY_BASE = 1L << 32;

    @State(Scope.Benchmark)
    public static class Maps {
        @Param({PercpuBench.MAPLAB, PercpuBench.MAPLAB_HASH, PercpuBench.CHM})
        public String impl;

        @Param({"1024", "1048576"})
        public int entries;

        ArrayMap array;
        HashTable hash;
        ConcurrentHashMap<Long, Long> chm;

        @Setup(Level.Trial)
        public void setUp() {
            switch (impl) {
                case PercpuBench.MAPLAB:
                    array = PercpuBench.array(MapType.ARRAY, entries, CPUS);
                    PercpuBench.fill(array, CPUS);
                    break;
                case PercpuBench.MAPLAB_HASH: {
                    hash = HashTable.kernel(MapSpec.builder(MapType.HASH).keySize(8).valueSize(8).maxEntries(entries).cpus(CPUS)
                            .hashSeed(PercpuBench.MAP_SEED).build());
                    for (int i = 0; i < entries; i++) {
                        int r = hash.update(i, i, UpdateFlags.NOEXIST);
                        if (r != 0) {
                            throw new IllegalStateException("filling " + hash + ": key " + i + " gave " + r);
                        }
                    }
                    break;
                }
                case PercpuBench.CHM:
                    chm = new ConcurrentHashMap<>(entries);
                    for (int i = 0; i < entries; i++) {
                        chm.put(BOXED_KEY_BASE + i, (long) i);
                    }
                    break;
                default:
                    throw PercpuBench.unknown(impl, PercpuBench.MAPLAB, PercpuBench.MAPLAB_HASH, PercpuBench.CHM);
            }
        }
    }

    /** One thread's probe sequence (indices; pre-boxed keys for ConcurrentHashMap) and cursor. */
    @State(Scope.Thread)
    public static class Probes {
        int[] index;
        Long[] boxed;
        int mask;
        int cursor;

        @Setup(Level.Trial)
        public void setUp(Maps m, ThreadParams tp) {
            int t = tp.getThreadIndex();
            PercpuBench.bind(t, CPUS);
            int n = PercpuBench.probeLength(m.entries);
            mask = n - 1;
            index = PercpuBench.indices(PercpuBench.seed(t, 3), n, m.entries);
            if (m.chm != null) {
                boxed = new Long[n];
                for (int i = 0; i < n; i++) {
                    boxed[i] = Long.valueOf(BOXED_KEY_BASE + index[i]); // a fresh object (outside Long's small-value cache)
                }
            }
        }

        @Setup(Level.Iteration)
        public void rebind(ThreadParams tp) {
            PercpuBench.bind(tp.getThreadIndex(), CPUS);
        }
    }

    static long lookupOf(Maps m, Probes p) {
        int i = p.cursor++ & p.mask;
        ArrayMap a = m.array;
        if (a != null) {
            return a.lookup(p.index[i], -1L);
        }
        HashTable h = m.hash;
        if (h != null) {
            return h.lookup(p.index[i], -1L);
        }
        Long v = m.chm.get(p.boxed[i]);
        return v == null ? -1L : v;
    }

    @Benchmark
    public long lookup(Maps m, Probes p) {
        return lookupOf(m, p);
    }
}
