package dev.maplab.stress.percpu;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.maplab.percpu.PercpuCounter;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.J_Result;

/**
 * A sum racing with a fold on another CPU (2 logical CPUs, batch 2). CPU 0's cell holds +1; the folder adds +1
 * on CPU 0 (it folds: count 2, cell 0); the summer, on CPU 1, sums. The sum is the total before the add (1) or
 * after it (2); the lock that both take keeps the fold's delta from being missed (0) or counted twice (3).
 */
@JCStressTest
@Outcome(id = {"1", "2"}, expect = ACCEPTABLE, desc = "the total before or after the add")
@Outcome(id = "0", expect = FORBIDDEN, desc = "the folded delta missed (read count before the fold, the cell after)")
@Outcome(id = "3", expect = FORBIDDEN, desc = "the folded delta counted twice")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "something else")
@State
public class SumVsFoldTest {
    private final PercpuCounter counter = StressCounters.create(2, 2);

    public SumVsFoldTest() {
        StressCounters.add(counter, 0, 1);
    }

    @Actor
    public void folder() {
        StressCounters.add(counter, 0, 1);
    }

    @Actor
    public void summer(J_Result r) {
        dev.maplab.cpu.LogicalCpu.set(1);
        r.r1 = counter.sum();
    }
}
