package dev.maplab.stress.array;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.maplab.api.UpdateFlags;
import dev.maplab.array.ArrayMap;
import dev.maplab.cpu.LogicalCpu;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Two logical CPUs update the same PERCPU_ARRAY element at once, each a program writing its own slot (17 on CPU
 * 0, 34 on CPU 1); then the syscall lookup reads every CPU's slot. Per-CPU values promise no cross-CPU
 * interference: the result is always "17,34".
 */
@JCStressTest
@Outcome(id = "17,34", expect = ACCEPTABLE, desc = "each CPU's slot holds its own update")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "one CPU's update disturbed the other's slot")
@State
public class PercpuSlotsTest {
    private final ArrayMap map = StressArrays.percpu(2);

    @Actor
    public void cpu0() {
        LogicalCpu.set(0);
        map.update(0, 17, UpdateFlags.ANY);
    }

    @Actor
    public void cpu1() {
        LogicalCpu.set(1);
        map.update(0, 34, UpdateFlags.ANY);
    }

    @Arbiter
    public void lookup(L_Result r) {
        long[] out = new long[2];
        map.lookupAllCpus(0, out);
        r.r1 = out[0] + "," + out[1];
    }
}
