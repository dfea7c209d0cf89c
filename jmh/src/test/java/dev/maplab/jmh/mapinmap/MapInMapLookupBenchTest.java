package dev.maplab.jmh.mapinmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.cpu.LogicalCpu;
import dev.maplab.jmh.hash.HashBench;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The C6 benchmark's states without JMH: both implementations hold every entry and answer the same value
 * for every probe, and the two-level lookup allocates nothing.
 */
class MapInMapLookupBenchTest {
    @AfterEach
    void unbind() {
        LogicalCpu.unbind();
    }

    static MapInMapLookupBench.Maps maps(String impl, int entries) {
        MapInMapLookupBench.Maps m = new MapInMapLookupBench.Maps();
        m.impl = impl;
        m.entries = entries;
        m.build(impl, entries);
        return m;
    }

    @Test
    void bothImplementationsAnswerEveryProbeWithTheEntryIndex() {
        for (int entries : new int[] {1024, 16384}) {
            MapInMapLookupBench.Maps two = maps(MapInMapLookupBench.TWO_LEVEL, entries);
            MapInMapLookupBench.Maps flat = maps(MapInMapLookupBench.FLAT, entries);
            assertEquals(entries == 1024 ? 32 : 128, two.outer.size(), "2^floor(b/2) inner maps");
            MapInMapLookupBench.Probes p2 = new MapInMapLookupBench.Probes();
            p2.generate(two, 7);
            MapInMapLookupBench.Probes pf = new MapInMapLookupBench.Probes();
            pf.generate(flat, 7);
            for (int i = 0; i < 50_000; i++) {
                long inner = p2.innerKeys[i & (MapInMapLookupBench.PROBES - 1)];
                long a = MapInMapLookupBench.lookup(two, p2);
                long b = MapInMapLookupBench.lookup(flat, pf);
                assertTrue(a >= 0 && a < entries, "a hit");
                assertEquals(HashBench.key(a), inner, "the value names the entry probed");
                assertEquals(a, b, "two-level and flat agree");
            }
        }
    }

    @Test
    void theTwoLevelLookupAllocatesNothing() {
        MapInMapLookupBench.Maps two = maps(MapInMapLookupBench.TWO_LEVEL, 1024);
        MapInMapLookupBench.Probes p = new MapInMapLookupBench.Probes();
        p.generate(two, 3);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int i = 0; i < 200_000; i++) {
            sink += MapInMapLookupBench.lookup(two, p);
        }
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200_000; i++) {
                sink += MapInMapLookupBench.lookup(two, p);
            }
            best = Math.min(best, mx.getCurrentThreadAllocatedBytes() - before);
        }
        assertTrue(sink != 42);
        assertTrue(best / 200_000.0 < 0.01, "allocates " + best / 200_000.0 + " B/op");
    }
}
