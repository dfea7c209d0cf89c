package dev.maplab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The suite registry: quick parameter subsets, batch names, and the list of studies. */
class RegistryTest {
    @Test
    @DisplayName("a quick run narrows a sweep with -p; a full run measures every point")
    void quickParamsOnlyInQuickRuns() {
        Registry.BenchSuite s = new Registry.BenchSuite("x", "x", List.of("routes=1000,32000", "shape=a"), 1, 2);
        assertEquals(List.of("-p", "routes=1000,32000", "-p", "shape=a"), s.paramArgs(true));
        assertEquals(List.of(), s.paramArgs(false));
    }

    @Test
    @DisplayName("a malformed quick parameter is refused at registration, naming the entry")
    void malformedQuickParamIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Registry.BenchSuite("x", "x", List.of("routes"), 1, 2));
        assertTrue(e.getMessage().contains("'routes'"), e.getMessage());
    }

    @Test
    @DisplayName("a check batch is named after its structure, 'all', or the structures joined by '+'")
    void batchNames() {
        List<String> all = Registry.checks().stream().map(Registry.CheckSuite::structure).toList();
        assertEquals("hash", CheckRunner.batchName(List.of("hash")));
        assertEquals("all", CheckRunner.batchName(all));
        assertEquals("hash+lru", CheckRunner.batchName(List.of("hash", "lru")));
    }

    @Test
    @DisplayName("every registered study is listed among the studies the command knows")
    void studiesAreListed() {
        for (Registry.Study s : Registry.studies()) {
            assertTrue(Registry.STUDIES.contains(s.name()), s.name());
        }
    }
}
