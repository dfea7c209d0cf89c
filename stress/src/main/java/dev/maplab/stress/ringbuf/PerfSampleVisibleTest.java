package dev.maplab.stress.ringbuf;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.maplab.ringbuf.PerfBuf;
import dev.maplab.ringbuf.PerfBufConsumer;
import dev.maplab.ringbuf.PerfHandler;
import dev.maplab.ringbuf.RecordView;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Perf buffer: a sample is whole when the consumer sees {@code data_head} past it (barrier B before the
 * head, C after it). One CPU's producer writes a 24-byte sample of 5s; the consumer polls its ring
 * (bounded) until it has handled a record: the whole sample; never a torn sample or a record that is not
 * there yet ({@code mutant:head-before-data}: a zero header, "bad record"). The consumer polls from the
 * moment the producer starts, so that it reads the record right after {@code data_head} moves.
 */
@JCStressTest
@Outcome(id = {"none", "5"}, expect = ACCEPTABLE, desc = "the whole sample (none: the consumer gave up waiting)")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "torn sample, a record not written yet, or something else")
@State
public class PerfSampleVisibleTest {
    private final PerfBuf pb = StressRings.perf(1, 2048);
    static final int LEN = 992;
    private final StressRings.Meet meet = new StressRings.Meet();
    private final byte[] sample = new byte[LEN];
    private String seen = "none";
    private final PerfBufConsumer consumer = new PerfBufConsumer(pb, new PerfHandler() {
        @Override
        public void onSample(int cpu, RecordView s) {
            seen = StressRings.describe(s, LEN);
        }

        @Override
        public void onLost(int cpu, long lost) {
            seen = "lost";
        }
    });

    public PerfSampleVisibleTest() {
        java.util.Arrays.fill(sample, (byte) 5);
    }

    @Actor
    public void producer() {
        meet.await();
        pb.output(sample, 0, LEN, PerfBuf.CURRENT_CPU);
    }

    @Actor
    public void consumer(L_Result r) {
        meet.await();
        try {
            for (int i = 0; i < StressRings.SPIN_LIMIT && consumer.consumeCpu(0) == 0; i++) {
                Thread.onSpinWait();
            }
            r.r1 = seen;
        } catch (IllegalStateException e) {
            r.r1 = "bad record";
        }
    }
}
