package dev.maplab.stress.ringbuf;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.maplab.ringbuf.RingBuf;
import dev.maplab.ringbuf.RingBufConsumer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Head-of-line: record A is reserved first (in the setup); the producer then reserves B, writes and
 * commits it, and only then writes and commits A (an early reservation committed late). The consumer
 * drains: nothing, or A then B; B is never delivered before A nor without it, and A never before it was
 * written ({@code mutant:no-busy-stop} delivers the BUSY record A). Two actors: jcstress runs no more
 * actors than CPUs, and this machine has two.
 */
@JCStressTest
@Outcome(id = "none", expect = ACCEPTABLE, desc = "nothing yet: A is BUSY and holds B back")
@Outcome(id = "1,2", expect = ACCEPTABLE_INTERESTING, desc = "A then B, after the late commit")
@Outcome(id = {"2", "2,.*"}, expect = FORBIDDEN, desc = "B before A: reordered past an uncommitted record")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "A delivered unwritten or torn, or something else")
@State
public class HeadOfLineTest {
    private final RingBuf rb = StressRings.ring(256);
    private final int a = rb.reserve(16);
    private final StringBuilder seen = new StringBuilder();
    private final RingBufConsumer consumer = StressRings.consumer(rb, s -> {
        seen.append(seen.length() == 0 ? "" : ",").append(StressRings.describe(s, 16));
        return 0;
    });

    @Actor
    public void produceBThenCommitA() {
        int b = rb.reserve(16);
        StressRings.fill(rb, b, 16, (byte) 2);
        rb.submit(b, 0);
        StressRings.fill(rb, a, 16, (byte) 1);
        rb.submit(a, 0);
    }

    @Actor
    public void consume(L_Result r) {
        consumer.consume();
        r.r1 = seen.length() == 0 ? "none" : seen.toString();
    }
}
