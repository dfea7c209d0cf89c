package dev.maplab.jmh.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.maplab.cpu.LogicalCpu;
import dev.maplab.hash.HashLookupEvent;
import java.nio.file.Path;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.infra.ThreadParams;

/** The JFR benchmark traces one lookup in traceEvery for maplab-traced, none for maplab. */
class HashLookupJfrBenchTest {

    @AfterEach
    void unbind() {
        LogicalCpu.unbind();
    }

    private static long eventsOf(String impl, int traceEvery, int lookups, Path file) throws Exception {
        HashLookupJfrBench.Maps m = new HashLookupJfrBench.Maps();
        m.impl = impl;
        m.entries = 4096;
        m.fillPct = 100;
        m.traceEvery = traceEvery;
        m.setUp();
        HashLookupJfrBench.Probes p = new HashLookupJfrBench.Probes();
        p.setUp(m, new ThreadParams(0, 1, 0, 1, 0, 1, 0, 1, 0, 1));
        HashLookupJfrBench bench = new HashLookupJfrBench();
        try (Recording r = new Recording()) {
            r.enable(HashLookupEvent.NAME);
            r.start();
            for (int i = 0; i < lookups; i++) {
                bench.lookup(m, p);
            }
            r.stop();
            r.dump(file);
        }
        long n = 0;
        long hits = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getEventType().getName().equals(HashLookupEvent.NAME)) {
                n++;
                hits += e.getBoolean("hit") ? 1 : 0;
            }
        }
        if (n > 100) {
            double ratio = (double) hits / n;
            assertEquals(0.5, ratio, 0.1, "half the probes are present keys");
        }
        return n;
    }

    @Test
    void tracesOneLookupInTraceEvery(@TempDir Path dir) throws Exception {
        assertEquals(1000 / 4, eventsOf("maplab-traced", 4, 1000, dir.resolve("a.jfr")));
        assertEquals(1000, eventsOf("maplab-traced", 1, 1000, dir.resolve("b.jfr")));
        assertEquals(0, eventsOf("maplab", 4, 1000, dir.resolve("c.jfr")));
    }

    @Test
    void rejectsBadParameters() {
        HashLookupJfrBench.Maps m = new HashLookupJfrBench.Maps();
        m.impl = "chm";
        m.entries = 64;
        m.fillPct = 100;
        m.traceEvery = 4;
        assertThrows(IllegalArgumentException.class, m::setUp);
        m.impl = "maplab-traced";
        m.traceEvery = 3;
        assertThrows(IllegalArgumentException.class, m::setUp);
    }
}
