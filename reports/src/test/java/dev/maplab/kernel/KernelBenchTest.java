package dev.maplab.kernel;

import static dev.maplab.kernel.KernelAssumptions.assumeBpf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maplab.api.MapType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-kernel lookup measurement, at the smallest size and a few rounds: every lookup hits, the cost is positive. */
class KernelBenchTest {

    @Test
    void measuresAPositiveLookupCost() {
        assumeBpf();
        KernelMap.pin(0);
        try {
            KernelBench.Result r = KernelBench.measure(MapType.HASH, 1 << 10, 3, 10);
            assertEquals(1 << 10, r.filled());
            assertEquals(1.0, r.hitRatio(), 1e-9, "every key is present");
            assertTrue(r.nsPerLookup() > 0 && r.nsPerLookup() < 10_000, "ns per lookup: " + r.nsPerLookup());
            assertTrue(r.measuredNsPerRun() > r.baselineNsPerRun());
            assertEquals(3, r.maplabRounds().length, "maplab measured in the same rounds");
            assertTrue(r.maplabNsPerLookup() > 0 && r.maplabNsPerLookup() < 10_000, "maplab ns per lookup: " + r.maplabNsPerLookup());
        } finally {
            KernelMap.unpin();
        }
    }

    @Test
    void kernelRowsJoinMaplabsTableAndSurviveARerun(@TempDir Path root) throws Exception {
        Path bench = Files.createDirectories(root.resolve("reports/out/bench"));
        String maplabRow = "[{\"benchmark\":\"dev.maplab.jmh.hash.HashLookupBench.lookupHitT1\",\"mode\":\"thrpt\","
                + "\"threads\":1,\"params\":{\"impl\":\"maplab\",\"entries\":\"1024\"},"
                + "\"primaryMetric\":{\"score\":50.0,\"scoreError\":1.0,\"scoreUnit\":\"ops/us\"}}]";
        Files.writeString(bench.resolve("hash.json"), maplabRow);
        KernelBench.Result r = new KernelBench.Result(MapType.HASH, 1024, 1024, 20.0, 1.0, new double[] {19, 20, 21}, 100, 740,
                1.0, 1000);
        KernelBench.Result big = new KernelBench.Result(MapType.HASH, 1 << 16, 1 << 16, 40.0, 1.0, new double[] {40, 40, 40}, 100,
                1380, 1.0, 1000);
        KernelBench.write(List.of(r, big), root, true);
        JsonNode kernel = DiffKernel.JSON.readTree(bench.resolve("kernel.json").toFile());
        assertEquals(3, kernel.size(), "two lookupHit rows and one anchor row (2^16 is not in maplab's table)");
        JsonNode hash = DiffKernel.JSON.readTree(bench.resolve("hash.json").toFile());
        assertEquals(2, hash.size());
        JsonNode k = hash.get(1);
        assertEquals("kernel", k.path("params").path("impl").asText());
        assertEquals("1024", k.path("params").path("entries").asText());
        assertEquals(50.0, k.path("primaryMetric").path("score").asDouble(), 1e-9, "20 ns per lookup = 50 ops/us");
        // JMH rewrites hash.json; merging again puts the kernel's row back, once.
        Files.writeString(bench.resolve("hash.json"), maplabRow);
        KernelBench.mergeIntoStructures(root);
        KernelBench.mergeIntoStructures(root);
        assertEquals(2, DiffKernel.JSON.readTree(bench.resolve("hash.json").toFile()).size());
    }
}
