package dev.maplab.jmh.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.cpu.LogicalCpu;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The lookup-cost study measures the same lookups with each implementation. */
class HashLookupCostBenchTest {
    private static final int N = 64;

    @AfterEach
    void unbind() {
        LogicalCpu.unbind();
    }

    private static long[] run(String impl) {
        HashLookupCostBench b = new HashLookupCostBench();
        b.impl = impl;
        b.entries = 1024;
        b.setUp();
        long[] out = new long[N];
        for (int i = 0; i < N; i++) {
            out[i] = b.lookup();
        }
        return out;
    }

    @Test
    @DisplayName("every variant finds every probed key, with the value ConcurrentHashMap holds for it")
    void variantsAgree() {
        long[] chm = run(HashLookupCostBench.CHM);
        for (long v : chm) {
            assertNotEquals(-1L, v, "the probes are hits");
        }
        assertArrayEquals(chm, run(HashLookupCostBench.MAPLAB));
        assertArrayEquals(chm, run(HashLookupCostBench.UNVALIDATED));
    }

    @Test
    @DisplayName("the jhash variant computes the table's bucket hash of each probed key")
    void jhashIsTheTablesHash() {
        HashLookupCostBench b = new HashLookupCostBench();
        b.impl = HashLookupCostBench.JHASH;
        b.entries = 1024;
        b.setUp();
        for (int i = 0; i < N; i++) {
            assertEquals(b.table.hashOf(b.keys[i]), b.lookup());
        }
    }

    @Test
    @DisplayName("an unknown impl is refused, naming the allowed ones")
    void unknownImplIsRefused() {
        HashLookupCostBench b = new HashLookupCostBench();
        b.impl = "nope";
        b.entries = 1024;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::setUp);
        assertTrue(e.getMessage().contains("maplab-unvalidated"), e.getMessage());
    }
}
