package dev.maplab.stress.ringbuf;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.maplab.ringbuf.RingBuf;
import dev.maplab.ringbuf.RingBufConsumer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * No lost wakeup: record A is committed (setup); the consumer drains it and takes its last look before
 * parking; meanwhile a producer reserves, writes and submits B, and the kernel's rule wakes the consumer
 * if it stands at B. Result (records drained, consumer would park, producer woke it). Forbidden: the
 * consumer drained only A and would park, and the producer did not wake it: B would sit unnoticed.
 *
 * <p>This is the store-buffering (Dekker) pattern: producer "store producer_pos ... load consumer_pos",
 * consumer "store consumer_pos; fence; load producer_pos". The commit's xchg (a full barrier) and the
 * consumer's full fence make the outcome impossible; a commit by plain store
 * ({@code mutant:plain-commit}) lets the producer's load of {@code consumer_pos} pass its buffered store
 * of {@code producer_pos}, which x86 does. The window is the time that store waits in the store buffer
 * (a cache-line transfer, tens of nanoseconds), so the actors meet on every state ({@link StressRings.Meet})
 * and one of them is delayed by a skew swept over the states.
 */
@JCStressTest
@Outcome(id = {"1, 0, 0", "1, 0, 1", "1, 1, 1", "2, 1, 0", "2, 1, 1", "2, 0, 0", "2, 0, 1"}, expect = ACCEPTABLE,
        desc = "B seen or announced")
@Outcome(id = "1, 1, 0", expect = FORBIDDEN, desc = "lost wakeup: consumer parks at B, nobody wakes it")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "something else")
@State
public class NoLostWakeupTest {
    private final RingBuf rb = StressRings.ring(256);
    private final RingBufConsumer consumer = StressRings.consumer(rb, s -> 0);
    private final StressRings.Meet meet = new StressRings.Meet();
    private final int skew = StressRings.nextSkew(48);
    int sinkProducer;
    int sinkConsumer;

    public NoLostWakeupTest() {
        rb.output(new byte[8], 0, 8, RingBuf.NO_WAKEUP);
    }

    @Actor
    public void producer(III_Result r) {
        meet.await();
        sinkProducer = StressRings.delay(skew < 0 ? -skew : 0);
        int h = rb.reserve(8);
        rb.putLong(h, 0, 42);
        r.r3 = rb.submit(h, 0) ? 1 : 0;
    }

    @Actor
    public void consumer(III_Result r) {
        meet.await();
        sinkConsumer = StressRings.delay(skew > 0 ? skew : 0);
        r.r1 = consumer.consume();
        r.r2 = consumer.wouldSleep() ? 1 : 0;
    }
}
