package dev.maplab.stress.ringbuf;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.maplab.ringbuf.RingBuf;
import dev.maplab.ringbuf.RingBufConsumer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * A discarded record is skipped, never delivered: the producer reserves A and B, writes 1 and 2,
 * discards A and submits B; the consumer drains. It sees nothing or B ({@code mutant:deliver-discarded}
 * hands A to the callback). Two actors (jcstress runs no more actors than CPUs).
 */
@JCStressTest
@Outcome(id = {"none", "2"}, expect = ACCEPTABLE, desc = "nothing yet, or B alone")
@Outcome(id = ".*1.*", expect = FORBIDDEN, desc = "the discarded record was delivered")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "something else")
@State
public class DiscardSkippedTest {
    private final RingBuf rb = StressRings.ring(256);
    private final StringBuilder seen = new StringBuilder();
    private final RingBufConsumer consumer = StressRings.consumer(rb, s -> {
        seen.append(seen.length() == 0 ? "" : ",").append(StressRings.describe(s, 16));
        return 0;
    });

    @Actor
    public void produce() {
        int a = rb.reserve(16);
        int b = rb.reserve(16);
        StressRings.fill(rb, a, 16, (byte) 1);
        StressRings.fill(rb, b, 16, (byte) 2);
        rb.discard(a, 0);
        rb.submit(b, 0);
    }

    @Actor
    public void consume(L_Result r) {
        consumer.consume();
        r.r1 = seen.length() == 0 ? "none" : seen.toString();
    }
}
