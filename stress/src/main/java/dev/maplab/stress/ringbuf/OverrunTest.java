package dev.maplab.stress.ringbuf;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.maplab.ringbuf.RingBuf;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * The 2024 overrun (selftest {@code ringbuf_write_subtest}, scaled to a 256-byte ring) under two
 * reserving producers: user space wrote {@code consumer_pos} = 192 ahead of the producer, and record A
 * (184 bytes, positions 0..192) is reserved and stays BUSY. Each producer then asks for 120 bytes
 * (positions 192..320, which wrap over A's first 64 bytes). The pending_pos rule refuses both; without it
 * ({@code mutant:no-pending-check}) one succeeds and its record overlaps A while A is being written.
 */
@JCStressTest
@Outcome(id = "full, full", expect = ACCEPTABLE, desc = "both refused: A is still BUSY")
@Outcome(id = ".*ok.*", expect = FORBIDDEN, desc = "a reservation overlapping a BUSY record")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "something else")
@State
public class OverrunTest {
    private final RingBuf rb = StressRings.ring(256);

    public OverrunTest() {
        rb.writeConsumerPosition(192);
        if (rb.reserve(184) == RingBuf.NULL) {
            throw new IllegalStateException("setup: A must fit");
        }
    }

    private String reserve() {
        int h = rb.reserve(120);
        return h == RingBuf.NULL ? "full" : "ok";
    }

    @Actor
    public void producer1(LL_Result r) {
        r.r1 = reserve();
    }

    @Actor
    public void producer2(LL_Result r) {
        r.r2 = reserve();
    }
}
