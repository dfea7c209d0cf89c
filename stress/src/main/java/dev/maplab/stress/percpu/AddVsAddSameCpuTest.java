package dev.maplab.stress.percpu;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.maplab.percpu.PercpuCounter;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.J_Result;

/**
 * Two threads sharing logical CPU 0 each add +1 on the fast path (batch 32): the kernel's situation of a
 * program interrupted on its CPU by another that adds. Both adds must count.
 */
@JCStressTest
@Outcome(id = "2", expect = ACCEPTABLE, desc = "both adds counted")
@Outcome(id = "1", expect = FORBIDDEN, desc = "one add lost (a non-atomic read-modify-write of the cell)")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "something else")
@State
public class AddVsAddSameCpuTest {
    private final PercpuCounter counter = StressCounters.create(1, 32);

    @Actor
    public void first() {
        StressCounters.add(counter, 0, 1);
    }

    @Actor
    public void second() {
        StressCounters.add(counter, 0, 1);
    }

    @Arbiter
    public void total(J_Result r) {
        r.r1 = counter.sum();
    }
}
