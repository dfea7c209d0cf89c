package dev.maplab.kernel;

import static dev.maplab.kernel.KernelAssumptions.assumeBpf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maplab.api.MapType;
import dev.maplab.replay.ReplayMaps;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differential runner: a short run per map type that both sides implement must find no mismatch, and a
 * deliberately mismatched pair must be caught and shrunk to a few operations.
 */
class DiffKernelTest {

    @TempDir
    Path root;

    @Test
    void shortRunPerAvailableTypeFindsNoMismatch() throws Exception {
        assumeBpf();
        List<String> maps = DiffKernel.REGISTRY.keySet().stream().filter(ReplayMaps.implemented()::contains).toList();
        assumeTrue(!maps.isEmpty(), "skipped: no map type is implemented in maplab's replay yet");
        StringWriter log = new StringWriter();
        DiffKernel.Summary s = DiffKernel.run(new DiffKernel.Options(maps, 7, 8, 50, true, root), new PrintWriter(log));
        assertTrue(s.passed(), log::toString);
        JsonNode json = DiffKernel.JSON.readTree(DiffKernel.jsonFile(root).toFile());
        assertEquals(KernelInfo.release(), json.path("kernel").path("release").asText());
        assertEquals(KernelInfo.possibleCpus(), json.path("kernel").path("possibleCpus").asInt());
        int configs = maps.stream().mapToInt(m -> DiffKernel.REGISTRY.get(m).configs().size()).sum();
        assertEquals(configs, json.path("checks").size());
        for (JsonNode e : json.path("checks")) {
            assertEquals("kernel-diff", e.path("tool").asText());
            assertEquals("pass", e.path("outcome").asText(), e.toString());
        }
        assertTrue(log.toString().contains("no mismatch"), log::toString);
    }

    @Test
    void aMismatchIsCaughtAndShrunk() throws Exception {
        assumeBpf();
        assumeTrue(ReplayMaps.implemented().contains("hash"), "skipped: maplab's replay has no hash map yet");
        // The kernel side builds a PERCPU_HASH where maplab builds a HASH: every successful lookup differs.
        DiffKernel.KernelType wrong = new DiffKernel.KernelType("hash", MapType.PERCPU_HASH, 8, 8,
                TraceGenerator.Shape.HASH, List.of(new DiffKernel.Config("planted", true, false, 2, 1, 64)));
        int cpus = KernelInfo.possibleCpus();
        List<String> ops = new TraceGenerator(TraceGenerator.Shape.HASH, 40, 2, true, true, 3).generate(120);
        ops.add("update 5 6");
        ops.add("lookup 5");
        DiffKernel.Compared c = DiffKernel.compare(wrong, wrong.configs().get(0), 40, cpus, ops);
        assertTrue(c.line() >= 0, "the planted difference is seen");
        DiffKernel.Mismatch m = DiffKernel.shrink(wrong, wrong.configs().get(0), cpus, 42, 0, 40, ops, root);
        assertTrue(m.ops().size() <= 2, "shrunk to an update and a lookup: " + m.ops());
        assertTrue(m.ops().get(m.ops().size() - 1).matches("(lookup|lookup_and_delete) \\d+"), m.ops().toString());
        Path file = root.resolve(m.file());
        assertTrue(Files.isRegularFile(file));
        String text = Files.readString(file);
        assertTrue(text.contains("<-- MISMATCH") && text.contains("./maplab replay --map hash"), text);
        assertFalse(m.summary().isEmpty());
    }

    @Test
    void theLinearizableTablesIterationOrderIsADeliberateDifference() {
        assumeBpf();
        // Replay uses the kernel's replace order; maplab's linearizable table replaces in place, so after a replace
        // get_next_key order differs from the kernel's (zero seed). The kernel-order table matches on the same traces.
        DiffKernel.KernelType hash = DiffKernel.REGISTRY.get("hash");
        DiffKernel.Config c = hash.configs().stream().filter(x -> x.name().equals("zero-seed/2cpu")).findFirst().orElseThrow();
        int cpus = KernelInfo.possibleCpus();
        int linearizableMismatches = 0;
        for (int i = 0; i < 40; i++) {
            long m = 2 + i % 12;
            List<String> ops = new TraceGenerator(TraceGenerator.Shape.HASH, m, 2, true, true, 1000 + i).generate(80);
            DiffKernel.Compared lin = DiffKernel.compareDirect(hash, c, m, cpus, ops, dev.maplab.hash.HashTable::linearizable);
            DiffKernel.Compared ker = DiffKernel.compareDirect(hash, c, m, cpus, ops, dev.maplab.hash.HashTable::kernel);
            assertEquals(-1, ker.line(), () -> "kernel-order table: line " + ker.line());
            if (lin.line() >= 0) {
                linearizableMismatches++;
                assertTrue(lin.lines().get(lin.line()).startsWith("next_key"), "only iteration order differs: "
                        + lin.lines().get(lin.line()));
            }
        }
        assertTrue(linearizableMismatches > 0, "the linearizable table's order differs from the kernel's somewhere");
    }

    @Test
    void tracesAreReproducibleFromTheSeed() {
        DiffKernel.Config c = DiffKernel.REGISTRY.get("hash").configs().get(0);
        long s1 = DiffKernel.traceSeed(1, "hash", c.name(), 5);
        assertEquals(s1, DiffKernel.traceSeed(1, "hash", c.name(), 5));
        List<String> a = new TraceGenerator(TraceGenerator.Shape.HASH, DiffKernel.size(new SplittableRandom(s1), c), 2, true, true, s1)
                .generate(50);
        List<String> b = new TraceGenerator(TraceGenerator.Shape.HASH, DiffKernel.size(new SplittableRandom(s1), c), 2, true, true, s1)
                .generate(50);
        assertEquals(a, b);
        assertNotNull(DiffKernel.REGISTRY.get("lru_hash"));
    }
}
