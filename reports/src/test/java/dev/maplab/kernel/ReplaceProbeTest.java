package dev.maplab.kernel;

import static dev.maplab.kernel.KernelAssumptions.assumeTwoCpus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * The kernel-replace probe's controls: with no writer, and with a writer that replaces only K, a lookup of K
 * never misses. (The anomaly itself is probabilistic and is reported, not asserted, here.)
 */
class ReplaceProbeTest {

    @Test
    void controlsShowNoMiss() {
        assumeTwoCpus();
        StringWriter log = new StringWriter();
        ReplaceProbe.Result r = ReplaceProbe.measure(1.0, new PrintWriter(log));
        System.out.print(log);
        assertEquals(3, r.phases().size());
        assertEquals(0, r.phase("none").misses(), log::toString);
        assertEquals(0, r.phase("K").misses(), log::toString);
        assertTrue(r.phase("none").lookups() > 1_000_000, log::toString);
        assertTrue(r.phase("K").writerUpdates() > 0, log::toString);
        assertTrue(r.controlsClean());
    }
}
