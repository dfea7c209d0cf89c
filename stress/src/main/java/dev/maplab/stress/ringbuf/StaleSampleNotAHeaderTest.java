package dev.maplab.stress.ringbuf;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.maplab.ringbuf.RecordDescriptor;
import dev.maplab.ringbuf.RingBuf;
import dev.maplab.ringbuf.RingBufConsumer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * The consumer must not take a consumed record's sample bytes for a header (64-byte ring). Setup: a 40-byte
 * record at offset 0 (footprint 48) and an 8-byte one behind it are written and consumed, so the ring is empty
 * at position 64. The first record's sample reads BUSY in every header slot but one: its bytes 8..11, at
 * offset 16, look like the committed header of an 8-byte record. The producer writes one 8-byte record
 * (offset 0, footprint 16, so the next record would start at offset 16); the consumer takes a record, then
 * polls for another. Only the producer's record may be delivered. The production ring's consumer never reads
 * past {@code producer_pos}; the lock-free variant's consumer walks headers alone and relies on having marked
 * BUSY every slot of what it consumed, which {@code mutant:lock-free-header-only-reset} does for the header
 * slot only: its consumer delivers the planted record after the real one.
 */
@JCStressTest
@Outcome(id = {"7,none", "none,7", "none,none"}, expect = ACCEPTABLE, desc = "the record whole, once (none: not yet there)")
@Outcome(id = "7,-128", expect = FORBIDDEN, desc = "the old sample's bytes delivered as a record after the real one")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "something else (torn, another length, a record twice)")
@State
public class StaleSampleNotAHeaderTest {
    /** Where the planted header lies inside the first record's sample: data offset 16. */
    private static final int PLANTED = 8;
    private final RingBuf rb = StressRings.ring(64);
    private final StressRings.Meet meet = new StressRings.Meet();
    private final String[] seen = {"none", "none"};
    private int delivered;
    private final RingBufConsumer consumer = StressRings.consumer(rb, s -> {
        seen[Math.min(delivered++, 1)] = StressRings.describe(s, 8);
        return 0;
    });

    public StaleSampleNotAHeaderTest() {
        int h = reserve(40);
        StressRings.fill(rb, h, 40, (byte) (RecordDescriptor.BUSY_BIT >>> 24)); // every slot reads BUSY ...
        rb.putInt(h, PLANTED, 8); // ... but this one: a committed 8-byte record
        commitAndConsume(h);
        h = reserve(8);
        StressRings.fill(rb, h, 8, (byte) 1);
        commitAndConsume(h);
        delivered = 0;
        seen[0] = "none";
        seen[1] = "none";
    }

    private int reserve(int len) {
        int h = rb.reserve(len);
        if (h == RingBuf.NULL) {
            throw new IllegalStateException("setup: a " + len + "-byte record must fit");
        }
        return h;
    }

    private void commitAndConsume(int h) {
        rb.submit(h, RingBuf.NO_WAKEUP);
        if (consumer.consumeN(1) != 1) {
            throw new IllegalStateException("setup: the record at " + h + " must be consumed");
        }
    }

    @Actor
    public void producer() {
        meet.await();
        StressRings.outputSevens(rb, 8);
    }

    @Actor
    public void consumer(L_Result r) {
        meet.await();
        StressRings.awaitOne(consumer);
        consumer.consumeN(1);
        r.r1 = seen[0] + "," + seen[1];
    }
}
