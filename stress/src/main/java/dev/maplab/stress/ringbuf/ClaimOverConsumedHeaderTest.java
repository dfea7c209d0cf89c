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
 * A reservation that wraps onto the space of a consumed record, with the consumer waiting right there (64-byte
 * ring). Setup: a record of 8 bytes at offset 0 and one of 40 bytes behind it are written and consumed, so the
 * ring is empty at position 64 and offset 0 holds the first lap's header. The producer reserves 24 bytes
 * (offset 0 again), fills them with 7 and submits; the consumer waits for one record. It must get the new
 * record whole or nothing; the old lap's header, taken for a record, shows as "len=8". The production ring
 * overwrites the header under its lock before it publishes {@code producer_pos}; the lock-free variant
 * publishes first and relies on the consumer having marked the header BUSY, which
 * {@code mutant:lock-free-no-busy-reset} does not do.
 */
@JCStressTest
@Outcome(id = {"none", "7"}, expect = ACCEPTABLE, desc = "the new record whole (none: the consumer gave up waiting)")
@Outcome(id = "len=8", expect = FORBIDDEN, desc = "the first lap's header taken for a record")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "something else (torn or another length)")
@State
public class ClaimOverConsumedHeaderTest {
    private final RingBuf rb = StressRings.ring(64);
    private final StressRings.Meet meet = new StressRings.Meet();
    private String seen = "none";
    private final RingBufConsumer consumer = StressRings.consumer(rb, s -> {
        seen = StressRings.describe(s, 24);
        return 0;
    });

    public ClaimOverConsumedHeaderTest() {
        int[] lengths = {8, 40}; // footprints 16 and 48: the second ends at position 64, the end of the lap
        for (int len : lengths) {
            int h = rb.reserve(len);
            if (h == RingBuf.NULL) {
                throw new IllegalStateException("setup: a " + len + "-byte record must fit");
            }
            StressRings.fill(rb, h, len, (byte) 1);
            rb.submit(h, RingBuf.NO_WAKEUP);
            // One record, not a drain: the mutant's consumer would walk the old lap's headers for ever.
            if (consumer.consumeN(1) != 1) {
                throw new IllegalStateException("setup: the " + len + "-byte record must be consumed");
            }
        }
        seen = "none";
    }

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
