package dev.maplab.jmh.mapinmap;

import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import dev.maplab.cpu.LogicalCpu;
import dev.maplab.hash.HashTable;
import dev.maplab.jmh.hash.HashBench;
import dev.maplab.mapinmap.HashOfMaps;
import dev.maplab.mapinmap.MapRegistry;
import java.util.SplittableRandom;
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

/**
 * Claim C6: a two-level lookup (HASH_OF_MAPS, then the inner HASH) against one big HASH holding the same
 * total entries, 2^10 .. 2^22.
 *
 * <ul>
 *   <li>{@value #TWO_LEVEL} ({@code impl=maplab}): a {@link HashOfMaps} of {@code 2^floor(b/2)} inner
 *       HASH maps of {@code entries / 2^floor(b/2)} entries each (for {@code entries = 2^b}: 32 x 32 at
 *       2^10, 2048 x 2048 at 2^22). Entry {@code i} lives in inner map {@code i >> log2(inner size)} under
 *       key {@link HashBench#key(long) key(i)}. A lookup is what a program does: {@code
 *       bpf_map_lookup_elem(outer, &outer_key)}, then {@code bpf_map_lookup_elem(inner, &key)}.</li>
 *   <li>{@value #FLAT} ({@code impl=maplab-flat}): one {@link HashTable} of {@code entries}, key
 *       {@code key(i)}. Both are full (load 1), kernel replace protocol, fixed seed.</li>
 * </ul>
 * Each thread walks its own pre-generated random probes (outer key and inner key of a uniformly random
 * entry, all hits); nothing is hashed for selection, generated or allocated in the measured loop. Score:
 * lookups per microsecond (higher is better). The verdict of C6 reads the ratio maplab / maplab-flat at
 * each size.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MapInMapLookupBench {
    public static final String TWO_LEVEL = "maplab";
    public static final String FLAT = "maplab-flat";
    /** Probes per thread: 2^20 (a power of two), uniformly random entries. */
    public static final int PROBES = 1 << 20;

    /** The maps, shared by the benchmark's threads. */
    @State(Scope.Benchmark)
    public static class Maps {
        @Param({TWO_LEVEL, FLAT})
        public String impl;

        @Param({"1024", "16384", "262144", "4194304"})
        public int entries;

        HashOfMaps outer;
        HashTable flat;
        int innerBits;

        @Setup(Level.Trial)
        public void setUp() {
            build(impl, entries);
        }

        /** Builds and fills the maps of {@code impl} (also used by the tests). */
        public void build(String impl, int entries) {
            if (Integer.bitCount(entries) != 1 || entries < 4) {
                throw new IllegalArgumentException("entries = " + entries + ": a power of two, at least 4");
            }
            LogicalCpu.set(0);
            int bits = Integer.numberOfTrailingZeros(entries);
            int outerBits = bits / 2;
            innerBits = bits - outerBits;
            switch (impl) {
                case TWO_LEVEL: {
                    int inners = 1 << outerBits;
                    int innerSize = 1 << innerBits;
                    MapRegistry reg = new MapRegistry();
                    HashTable template = table(innerSize, HashBench.MAP_SEED);
                    outer = HashOfMaps.create(inners, template, reg, HashBench.MAP_SEED + 1);
                    for (int o = 0; o < inners; o++) {
                        HashTable inner = table(innerSize, HashBench.MAP_SEED);
                        for (int j = 0; j < innerSize; j++) {
                            long i = ((long) o << innerBits) | j;
                            check(inner.update(HashBench.key(i), i, UpdateFlags.NOEXIST), i);
                        }
                        check(outer.updateMap(o, inner, UpdateFlags.NOEXIST), o);
                    }
                    flat = null;
                    break;
                }
                case FLAT: {
                    flat = table(entries, HashBench.MAP_SEED);
                    for (long i = 0; i < entries; i++) {
                        check(flat.update(HashBench.key(i), i, UpdateFlags.NOEXIST), i);
                    }
                    outer = null;
                    break;
                }
                default:
                    throw new IllegalArgumentException("impl = " + impl + ": one of " + TWO_LEVEL + ", " + FLAT);
            }
        }

        private static HashTable table(int maxEntries, int seed) {
            return HashTable.kernel(MapSpec.builder(MapType.HASH).keySize(8).valueSize(8).maxEntries(maxEntries)
                    .cpus(HashBench.CPUS).hashSeed(seed).build());
        }

        private static void check(int r, long what) {
            if (r != 0) {
                throw new IllegalStateException("filling: " + what + " gave " + r);
            }
        }
    }

    /** One thread's probes: entry indices turned into (outer key, inner key). */
    @State(Scope.Thread)
    public static class Probes {
        long[] outerKeys;
        long[] innerKeys;
        int cursor;

        @Setup(Level.Trial)
        public void setUp(Maps m, org.openjdk.jmh.infra.ThreadParams tp) {
            generate(m, HashBench.seed(tp.getThreadIndex(), 0xc6));
        }

        public void generate(Maps m, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            outerKeys = new long[PROBES];
            innerKeys = new long[PROBES];
            for (int p = 0; p < PROBES; p++) {
                long i = r.nextLong(m.entries);
                outerKeys[p] = i >>> m.innerBits;
                innerKeys[p] = HashBench.key(i);
            }
        }
    }

    /** One lookup of a random present entry: its value. */
    public static long lookup(Maps m, Probes p) {
        int i = p.cursor++ & (PROBES - 1);
        HashOfMaps outer = m.outer;
        if (outer != null) {
            HashTable inner = (HashTable) outer.lookupMap(p.outerKeys[i]);
            return inner.lookup(p.innerKeys[i], -1L);
        }
        return m.flat.lookup(p.innerKeys[i], -1L);
    }

    @Benchmark
    @Threads(1)
    public long lookupT1(Maps m, Probes p) {
        return lookup(m, p);
    }
}
