package dev.maplab.jmh.lpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The C17 benchmark's tables without JMH: for every shape, the trie, the linear scan and hash-per-length
 * give the same answer for every probe (all hits), and the trie's lookup allocates nothing.
 */
class LpmLookupBenchTest {
    static LpmLookupBench.Tables tables(String impl, int routes, String shape) {
        LpmLookupBench.Tables t = new LpmLookupBench.Tables();
        t.impl = impl;
        t.routes = routes;
        t.shape = shape;
        t.build(impl, routes, shape);
        return t;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipv4-mixed", "ipv4-32", "ipv6-mixed", "ipv6-128"})
    void theThreeImplementationsAgreeOnEveryProbe(String shape) {
        int routes = 3000;
        LpmLookupBench.Tables trie = tables(LpmLookupBench.MAPLAB, routes, shape);
        LpmLookupBench.Tables linear = tables(LpmLookupBench.LINEAR, routes, shape);
        LpmLookupBench.Tables hashed = tables(LpmLookupBench.HASH_PER_LENGTH, routes, shape);
        assertEquals(routes, trie.trie.size());
        LpmLookupBench.Cursor a = new LpmLookupBench.Cursor();
        LpmLookupBench.Cursor b = new LpmLookupBench.Cursor();
        LpmLookupBench.Cursor c = new LpmLookupBench.Cursor();
        for (int i = 0; i < LpmLookupBench.PROBES; i++) {
            long x = LpmLookupBench.probe(trie, a);
            long y = LpmLookupBench.probe(linear, b);
            long z = LpmLookupBench.probe(hashed, c);
            assertTrue(x > 0, "probe " + i + " hits");
            assertEquals(y, x, shape + " probe " + i + ": trie vs linear scan");
            assertEquals(y, z, shape + " probe " + i + ": hash-per-length vs linear scan");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipv4-mixed", "ipv6-mixed"})
    void theTrieLookupAllocatesNothing(String shape) {
        LpmLookupBench.Tables t = tables(LpmLookupBench.MAPLAB, 10_000, shape);
        LpmLookupBench.Cursor cur = new LpmLookupBench.Cursor();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int i = 0; i < 200_000; i++) {
            sink += LpmLookupBench.probe(t, cur);
        }
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200_000; i++) {
                sink += LpmLookupBench.probe(t, cur);
            }
            best = Math.min(best, mx.getCurrentThreadAllocatedBytes() - before);
        }
        assertTrue(sink != 42);
        assertTrue(best / 200_000.0 < 0.01, "allocates " + best / 200_000.0 + " B/op");
    }
}
