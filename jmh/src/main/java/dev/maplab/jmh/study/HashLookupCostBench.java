package dev.maplab.jmh.study;

import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.hash.HashTable;
import dev.maplab.hash.ReplaceProtocol;
import dev.maplab.jmh.hash.HashBench;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where a one-thread hash lookup's time goes: the lookup of {@code HashLookupBench.lookupHitT1} taken
 * apart, beside {@code ConcurrentHashMap.get}. Not part of {@code maplab bench hash} (a study of the
 * cost, run by hand: {@code java -jar jmh/target/benchmarks.jar HashLookupCostBench}).
 *
 * <ul>
 *   <li>{@code maplab}: {@code HashTable.lookup(key, -1)}, as in production.</li>
 *   <li>{@code maplab-unvalidated}: the same walk without the version checks that make a lookup safe
 *       against an element reused under it (no compare inside the version window, no re-check after the
 *       value is copied). Unsafe with concurrent writers; here one thread only reads.</li>
 *   <li>{@code jhash}: only the bucket hash of the key ({@code jhash2} of two words with the map's seed),
 *       the first step of every lookup.</li>
 *   <li>{@code chm}: {@code ConcurrentHashMap<Long, Long>.get(key)}, unboxed.</li>
 * </ul>
 * Same keys, map sizes (2^10 and 2^20 entries, full) and probe sequences as {@code HashLookupBench}.
 * Score: nanoseconds per lookup.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class HashLookupCostBench {
    public static final String MAPLAB = "maplab";
    public static final String UNVALIDATED = "maplab-unvalidated";
    public static final String JHASH = "jhash";
    public static final String CHM = "chm";

    @Param({MAPLAB, UNVALIDATED, JHASH, CHM})
    public String impl;

    @Param({"1024", "1048576"})
    public int entries;

    HashTable table;
    ConcurrentHashMap<Long, Long> chm;
    long[] keys;
    Long[] boxed;
    int mask;
    int cursor;
    /** {@link #impl} decoded once: 0 a table lookup, 1 jhash only, 2 chm (no string switch per operation). */
    int mode;

    /** The production table without its version checks: the cost of safety under immediate reuse. */
    static final class UnvalidatedHashTable extends HashTable {
        UnvalidatedHashTable(MapSpec spec) {
            super(spec, ReplaceProtocol.KERNEL);
        }

        @Override
        protected boolean compareInsideVersion() {
            return false;
        }

        @Override
        protected boolean stillValid(int e, long found) {
            return true;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        switch (impl) {
            case MAPLAB:
            case JHASH:
                table = HashBench.table(HashBench.MAPLAB, entries);
                break;
            case UNVALIDATED:
                table = new UnvalidatedHashTable(MapSpec.builder(MapType.HASH).keySize(8).valueSize(8).maxEntries(entries)
                        .cpus(HashBench.CPUS).hashSeed(HashBench.MAP_SEED).build());
                break;
            case CHM:
                chm = HashBench.chm(entries);
                break;
            default:
                throw new IllegalArgumentException("impl = " + impl + ": one of " + MAPLAB + ", " + UNVALIDATED + ", " + JHASH + ", " + CHM);
        }
        HashBench.fill(table, chm, entries);
        HashBench.bind(0);
        int n = HashBench.probeLength(entries);
        keys = HashBench.keysOf(HashBench.seed(0, 1), n, 0, entries);
        boxed = chm != null ? HashBench.boxed(keys) : null;
        mask = n - 1;
        mode = impl.equals(JHASH) ? 1 : impl.equals(CHM) ? 2 : 0;
    }

    @Benchmark
    public long lookup() {
        int i = cursor++ & mask;
        if (mode == 0) {
            return table.lookup(keys[i], -1L);
        }
        if (mode == 1) {
            return table.hashOf(keys[i]);
        }
        Long v = chm.get(boxed[i]);
        return v == null ? -1L : v;
    }
}
