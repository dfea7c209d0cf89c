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
 * A record's bytes are fully visible when the consumer sees its header without BUSY: the producer
 * reserves 24 bytes, writes 7 into each and submits; the consumer polls ({@code consume_n(1)}, bounded)
 * until it has taken one record. It sees the whole record; never part of it, nor a record of another
 * length (a phantom read from a header that was not written yet: {@code mutant:publish-before-header}).
 * The consumer polls from the moment the producer starts, so that it reads the header right after
 * {@code producer_pos} moves.
 */
@JCStressTest
@Outcome(id = {"none", "7"}, expect = ACCEPTABLE, desc = "the whole record (none: the consumer gave up waiting)")
@Outcome(id = "torn", expect = FORBIDDEN, desc = "part of the sample")
@Outcome(id = "len=.*", expect = FORBIDDEN, desc = "a phantom record (a header not written yet)")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "something else")
@State
public class PayloadVisibleTest {
    private final RingBuf rb = StressRings.ring(64);
    private final StressRings.Meet meet = new StressRings.Meet();
    private String seen = "none";
    private final RingBufConsumer consumer = StressRings.consumer(rb, s -> {
        seen = StressRings.describe(s, 24);
        return 0;
    });

    @Actor
    public void producer() {
        meet.await();
        StressRings.outputSevens(rb, 24);
    }

    @Actor
    public void consumer(L_Result r) {
        meet.await();
        StressRings.awaitOne(consumer);
        r.r1 = seen;
    }
}
