package dev.maplab.stress.ringbuf;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.maplab.ringbuf.RingBuf;
import dev.maplab.ringbuf.RingBufConsumer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * A record's space is reused only after it was read. A 1024-byte ring holds a consumed 8-byte record
 * (positions 0..16), then A (a 504-byte sample of 17s, positions 16..528) and B (to the end of the lap,
 * 528..1024). A producer's 512-byte reservation C (footprint 520) fits only once A is consumed, and then
 * lands at data offset 0, over all but the last 8 bytes of A's sample. The consumer takes one record and
 * checks every byte of A; the producer retries its reservation until it fits (bounded), then fills C
 * with 34s. The consumer must see all 17s: {@code mutant:advance-before-read} releases A's space before
 * its callback reads it, and the producer, waiting for exactly that, overwrites the sample under the
 * reader. (A one-shot reservation with a 120-byte record caught it 4 times in 8,000 samples; a producer
 * that waits for the space and a record four times larger turn the window into most of the read.)
 */
@JCStressTest
@Outcome(id = {"17, ok", "17, full"}, expect = ACCEPTABLE, desc = "A read whole; C reserved after A (or the producer gave up)")
@Outcome(id = "torn, .*", expect = FORBIDDEN, desc = "A overwritten while read")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "something else")
@State
public class ReadBeforeReleaseTest {
    static final int A = 504;
    static final int C = 512;
    private final RingBuf rb = StressRings.ring(1024);
    private final StressRings.Meet meet = new StressRings.Meet();
    private String seen = "none";
    private final RingBufConsumer consumer = StressRings.consumer(rb, s -> {
        seen = StressRings.describe(s, A);
        return 0;
    });

    public ReadBeforeReleaseTest() {
        byte[] b = new byte[A];
        rb.output(b, 0, 8, 0);
        new RingBufConsumer(rb, s -> 0).consume(); // cons = 16
        java.util.Arrays.fill(b, (byte) 17);
        rb.output(b, 0, A, 0); // A at 16..528
        rb.output(new byte[488], 0, 488, 0); // B at 528..1024
    }

    @Actor
    public void consumer(LL_Result r) {
        meet.await();
        consumer.consumeN(1);
        r.r1 = seen;
    }

    @Actor
    public void producer(LL_Result r) {
        meet.await();
        int h = RingBuf.NULL;
        for (int i = 0; i < StressRings.SPIN_LIMIT && (h = rb.reserve(C)) == RingBuf.NULL; i++) {
            Thread.onSpinWait();
        }
        if (h == RingBuf.NULL) {
            r.r2 = "full";
            return;
        }
        StressRings.fill(rb, h, C, (byte) 34);
        rb.submit(h, 0);
        r.r2 = "ok";
    }
}
