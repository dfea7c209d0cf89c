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
 * {@link SumVsFoldTest} with owned cells: CPU 0 is claimed, its cell holds +1 (batch 2); the owner adds +1
 * through its claim (it folds: count 2, cell 0) while a sum runs on another thread. The owner's fast path is a
 * plain load and store, but the fold still runs under the lock, so the sum is the total before the add (1)
 * or after it (2), never 0 (the folded delta missed) or 3 (counted twice).
 */
@JCStressTest
@Outcome(id = {"1", "2"}, expect = ACCEPTABLE, desc = "the total before or after the add")
@Outcome(id = "0", expect = FORBIDDEN, desc = "the folded delta missed (read count before the fold, the cell after)")
@Outcome(id = "3", expect = FORBIDDEN, desc = "the folded delta counted twice")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "something else")
@State
public class SumVsOwnedFoldTest {
    private final PercpuCounter counter = StressCounters.createOwned(2, 2);
    private final PercpuCounter.ClaimedCpu cpu0 = counter.claim(0);

    public SumVsOwnedFoldTest() {
        cpu0.add(1);
    }

    @Actor
    public void owner() {
        cpu0.add(1);
    }

    @Actor
    public void summer(J_Result r) {
        r.r1 = counter.sum();
    }
}
