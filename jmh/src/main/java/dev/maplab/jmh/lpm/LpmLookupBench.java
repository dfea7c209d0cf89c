package dev.maplab.jmh.lpm;

import dev.maplab.api.UpdateFlags;
import dev.maplab.lpm.LpmKeys;
import dev.maplab.lpm.LpmTrie;
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
 * Claim C17: the cost of one longest-prefix lookup against the number of routes (1k, 32k, 1M) and the
 * prefix lengths ({@link Routes} shapes: mixed BGP-like lengths or host routes, IPv4 and IPv6), for
 * <ul>
 *   <li>{@code maplab}: {@link LpmTrie} (4 or 16 data bytes, 8-byte values), the lock-free lookup
 *       {@link LpmTrie#lookupWords} (no key array to parse, no allocation);</li>
 *   <li>{@code linear-scan}: {@link LinearScanLpm}, every route compared;</li>
 *   <li>{@code hash-per-length}: {@link HashPerLengthLpm}, one hash table per prefix length present,
 *       longest first.</li>
 * </ul>
 * All three answer the same (the tests check it on every probe). Probes are pre-generated addresses
 * inside random routes (all hits), walked with a private cursor. Score: average time per lookup (ns/op,
 * lower is better); one thread (lookups are lock-free and read-only: threads only add).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LpmLookupBench {
    public static final String MAPLAB = "maplab";
    public static final String LINEAR = "linear-scan";
    public static final String HASH_PER_LENGTH = "hash-per-length";
    public static final int PROBES = 1 << 16;

    /** The route table in the implementation under test. */
    @State(Scope.Benchmark)
    public static class Tables {
        @Param({MAPLAB, LINEAR, HASH_PER_LENGTH})
        public String impl;

        @Param({"1000", "32000", "1000000"})
        public int routes;

        @Param({"ipv4-mixed", "ipv4-32", "ipv6-mixed", "ipv6-128"})
        public String shape;

        LpmTrie trie;
        LinearScanLpm linear;
        HashPerLengthLpm hashed;
        int maxLen;
        long[] probes;

        @Setup(Level.Trial)
        public void setUp() {
            build(impl, routes, shape);
        }

        public void build(String impl, int routes, String shape) {
            Routes r = Routes.generate(shape, routes, 0x17c0ffeeL + routes);
            maxLen = r.bits;
            probes = r.probes(PROBES, 0x9e0be5L);
            trie = null;
            linear = null;
            hashed = null;
            switch (impl) {
                case MAPLAB:
                    trie = LpmTrie.create(r.bits / 8, 8, routes);
                    for (int i = 0; i < routes; i++) {
                        byte[] key = r.bits == 32 ? LpmKeys.ipv4((int) (r.hi[i] >>> 32), r.len[i]) : LpmKeys.ipv6(r.hi[i], r.lo[i], r.len[i]);
                        int rc = trie.update(key, r.value[i], UpdateFlags.NOEXIST);
                        if (rc != 0) {
                            throw new IllegalStateException("route " + i + " gave " + rc);
                        }
                    }
                    break;
                case LINEAR:
                    linear = new LinearScanLpm(r);
                    break;
                case HASH_PER_LENGTH:
                    hashed = new HashPerLengthLpm(r);
                    break;
                default:
                    throw new IllegalArgumentException("impl = " + impl + ": one of " + MAPLAB + ", " + LINEAR + ", " + HASH_PER_LENGTH);
            }
        }
    }

    /** One thread's cursor over the shared probes. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    /** One lookup: the value of the longest route covering the next probe, or -1. */
    public static long probe(Tables t, Cursor c) {
        int i = (c.next++ & (PROBES - 1)) * 2;
        long a = t.probes[i];
        long b = t.probes[i + 1];
        if (t.trie != null) {
            return t.trie.lookupWords(a, b, t.maxLen, -1L);
        }
        if (t.hashed != null) {
            return t.hashed.lookup(a, b, -1L);
        }
        return t.linear.lookup(a, b, -1L);
    }

    @Benchmark
    @Threads(1)
    public long lookup(Tables t, Cursor c) {
        return probe(t, c);
    }
}
