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
 * A fold racing with an add on the same CPU's cell (two threads sharing logical CPU 0, batch 2). CPU 0's cell
 * holds +1; the folder adds +1 (1 + 1 reaches the batch: it folds the cell into count); the other adds -1
 * (1 - 1 = 0 stays inside the batch: a fast-path add on the cell). Whatever the order, the total is 1: the
 * -1 must land either in the folded delta or in the cell afterwards, never nowhere (2) and never twice (0).
 */
@JCStressTest
@Outcome(id = "1", expect = ACCEPTABLE, desc = "exact: 1 + 1 - 1")
@Outcome(id = "2", expect = FORBIDDEN, desc = "the -1 was lost between the fold's read and its reset")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "lost or double-counted adds")
@State
public class FoldVsAddSameCpuTest {
    private final PercpuCounter counter = StressCounters.create(1, 2);

    public FoldVsAddSameCpuTest() {
        StressCounters.add(counter, 0, 1);
    }

    @Actor
    public void folder() {
        StressCounters.add(counter, 0, 1);
    }

    @Actor
    public void adder() {
        StressCounters.add(counter, 0, -1);
    }

    @Arbiter
    public void total(J_Result r) {
        r.r1 = counter.sum();
    }
}
