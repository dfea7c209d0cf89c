package dev.maplab.stress.ringbuf;

import dev.maplab.ringbuf.LockFreeRingBuf;
import dev.maplab.ringbuf.PerfBuf;
import dev.maplab.ringbuf.RecordView;
import dev.maplab.ringbuf.RingBuf;
import dev.maplab.ringbuf.RingBufConsumer;
import dev.maplab.ringbuf.SampleHandler;
import dev.maplab.ringbuf.mutant.AdvanceBeforeReadConsumer;
import dev.maplab.ringbuf.mutant.DeliverDiscardedConsumer;
import dev.maplab.ringbuf.mutant.HeadBeforeDataPerfBuf;
import dev.maplab.ringbuf.mutant.HeaderOnlyResetLockFreeRingBuf;
import dev.maplab.ringbuf.mutant.NoBusyStopConsumer;
import dev.maplab.ringbuf.mutant.NoPendingCheckRingBuf;
import dev.maplab.ringbuf.mutant.PlainCommitRingBuf;
import dev.maplab.ringbuf.mutant.NoBusyResetLockFreeRingBuf;
import dev.maplab.ringbuf.mutant.PublishBeforeHeaderRingBuf;
import dev.maplab.stress.StressSubject;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ring buffer, consumer or perf buffer a jcstress test runs against, chosen by the forked JVM's
 * {@code -Dmaplab.subject} (set by {@link dev.maplab.stress.StressRunner}): production, the lock-free
 * variant, or a mutant (a broken ring or a broken consumer; the other part is production).
 */
public final class StressRings {
    public static final String SUBJECT = StressSubject.of("ringbuf");

    private StressRings() {
    }

    public static RingBuf ring(int size) {
        switch (SUBJECT) {
            case "variant:lock-free": return LockFreeRingBuf.ofSize(size);
            case "mutant:lock-free-no-busy-reset": return new NoBusyResetLockFreeRingBuf(size);
            case "mutant:lock-free-header-only-reset": return new HeaderOnlyResetLockFreeRingBuf(size);
            case "mutant:plain-commit": return new PlainCommitRingBuf(size);
            case "mutant:publish-before-header": return new PublishBeforeHeaderRingBuf(size);
            case "mutant:no-pending-check": return new NoPendingCheckRingBuf(size);
            case "production":
            case "mutant:no-busy-stop":
            case "mutant:advance-before-read":
            case "mutant:deliver-discarded":
                return RingBuf.ofSize(size);
            default:
                throw new IllegalArgumentException("maplab.subject = " + SUBJECT + ": unknown ringbuf subject");
        }
    }

    public static RingBufConsumer consumer(RingBuf rb, SampleHandler h) {
        switch (SUBJECT) {
            case "mutant:no-busy-stop": return new NoBusyStopConsumer(rb, h);
            case "mutant:advance-before-read": return new AdvanceBeforeReadConsumer(rb, h);
            case "mutant:deliver-discarded": return new DeliverDiscardedConsumer(rb, h);
            default: return new RingBufConsumer(rb, h);
        }
    }

    public static PerfBuf perf(int cpus, int ringSize) {
        switch (SUBJECT) {
            case "production": return new PerfBuf(cpus, ringSize);
            case "mutant:head-before-data": return new HeadBeforeDataPerfBuf(cpus, ringSize);
            default: throw new IllegalArgumentException("maplab.subject = " + SUBJECT + ": unknown perfbuf subject");
        }
    }

    /** The most spins an actor waits for its partner or for a record, so that a test never hangs. */
    static final int SPIN_LIMIT = 1 << 10;

    /**
     * A meeting point of the two actors of one state: each arrives, then spins until the other has arrived
     * too (bounded by {@link #SPIN_LIMIT}). jcstress aligns its actors at the start of a stride only, and
     * actors of different lengths drift apart within it; meeting on every state starts both critical
     * sections within a cache-line transfer of each other, which is what a window of a few dozen
     * nanoseconds needs. (jcstress always runs both actors of a state concurrently, so the wait ends.)
     */
    public static final class Meet {
        private final AtomicInteger arrived = new AtomicInteger();

        public void await() {
            arrived.incrementAndGet();
            for (int i = 0; i < SPIN_LIMIT && arrived.get() < 2; i++) {
                Thread.onSpinWait();
            }
        }
    }

    private static final AtomicInteger STATES = new AtomicInteger();

    /**
     * A skew for a new state: a sweep over {@code -span .. span - 1} units of {@link #delay}, one value per
     * state in turn. A positive skew delays the second actor, a negative one the first, so that some
     * states line the two critical sections up whatever their natural lengths are on this machine.
     */
    public static int nextSkew(int span) {
        return Math.floorMod(STATES.getAndIncrement(), 2 * span) - span;
    }

    /**
     * Busy work of about {@code units} dependent multiply-adds (a few nanoseconds each); returns a value the
     * caller must keep (a plain field), so that the loop is not removed. No memory access, no fence.
     */
    public static int delay(int units) {
        int x = units;
        for (int i = 0; i < units; i++) {
            x = x * 1_103_515_245 + 12_345;
        }
        return x;
    }

    /** Fills {@code len} sample bytes with {@code b}. */
    public static void fill(RingBuf rb, int h, int len, byte b) {
        for (int i = 0; i < len; i++) {
            rb.putByte(h, i, b);
        }
    }

    /** Reserves {@code len} bytes, fills them with 7 and submits (wakeup flags 0); nothing when the ring is full. */
    public static void outputSevens(RingBuf rb, int len) {
        int h = rb.reserve(len);
        if (h != RingBuf.NULL) {
            fill(rb, h, len, (byte) 7);
            rb.submit(h, 0);
        }
    }

    /** Waits for one record, at most {@link #SPIN_LIMIT} tries. */
    public static void awaitOne(RingBufConsumer consumer) {
        for (int i = 0; i < SPIN_LIMIT && consumer.consumeN(1) == 0; i++) {
            Thread.onSpinWait();
        }
    }

    /** "v" when every byte of the sample is {@code v}, else "torn" (or "len=N" for an unexpected length). */
    public static String describe(RecordView s, int expectedLength) {
        if (s.length() != expectedLength) {
            return "len=" + s.length();
        }
        byte first = s.getByte(0);
        for (int i = 1; i < s.length(); i++) {
            if (s.getByte(i) != first) {
                return "torn";
            }
        }
        return Integer.toString(first);
    }
}
