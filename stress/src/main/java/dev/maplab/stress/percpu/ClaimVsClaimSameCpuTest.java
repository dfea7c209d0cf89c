package dev.maplab.stress.percpu;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.maplab.percpu.PercpuCounter;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * Two threads claim CPU 0 of a counter with owned cells (batch 32) and, if the claim held, add +1 through it
 * and keep it. Exactly one claim may hold, and its add counts: (claims, sum) = (1, 1). A claim that does not
 * take the CPU lets both hold, and their plain read-modify-writes of the one cell can overwrite each other:
 * (2, 1) is a lost add, (2, 2) two writers on one owned cell that happened not to collide.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "one claim held, its add counted")
@Outcome(id = "2, 1", expect = FORBIDDEN, desc = "both claims held and one add was lost")
@Outcome(id = "2, 2", expect = FORBIDDEN, desc = "both claims held (two writers on one owned cell)")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "something else")
@State
public class ClaimVsClaimSameCpuTest {
    private final PercpuCounter counter = StressCounters.createOwned(1, 32);
    private final AtomicInteger claims = new AtomicInteger();

    private void claimAndAdd() {
        PercpuCounter.ClaimedCpu c;
        try {
            c = counter.claim(0);
        } catch (IllegalStateException taken) {
            return;
        }
        c.add(1);
        claims.incrementAndGet();
    }

    @Actor
    public void first() {
        claimAndAdd();
    }

    @Actor
    public void second() {
        claimAndAdd();
    }

    @Arbiter
    public void totals(JJ_Result r) {
        r.r1 = claims.get();
        r.r2 = counter.sum();
    }
}
