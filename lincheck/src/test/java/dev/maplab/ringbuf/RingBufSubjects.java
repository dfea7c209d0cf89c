package dev.maplab.ringbuf;

import dev.maplab.ringbuf.mutant.AdvanceBeforeReadConsumer;
import dev.maplab.ringbuf.mutant.DeliverDiscardedConsumer;
import dev.maplab.ringbuf.mutant.NoBusyStopConsumer;
import dev.maplab.ringbuf.mutant.PlainCommitRingBuf;
import dev.maplab.ringbuf.mutant.PublishBeforeHeaderRingBuf;

/** One Lincheck test class per subject: production, the lock-free variant and the mutants. */
public final class RingBufSubjects {
    private RingBufSubjects() {
    }

    public static class Production extends RingBufOperations {
        public Production() {
            super(RingBuf.ofSize(SIZE), RingBufConsumer::new);
        }
    }

    public static class LockFree extends RingBufOperations {
        public LockFree() {
            super(LockFreeRingBuf.ofSize(SIZE), RingBufConsumer::new);
        }
    }

    public static class PublishBeforeHeader extends RingBufOperations {
        public PublishBeforeHeader() {
            super(new PublishBeforeHeaderRingBuf(SIZE), RingBufConsumer::new);
        }
    }

    public static class PlainCommit extends RingBufOperations {
        public PlainCommit() {
            super(new PlainCommitRingBuf(SIZE), RingBufConsumer::new);
        }
    }

    public static class NoBusyStop extends RingBufOperations {
        public NoBusyStop() {
            super(RingBuf.ofSize(SIZE), NoBusyStopConsumer::new);
        }
    }

    public static class AdvanceBeforeRead extends RingBufOperations {
        public AdvanceBeforeRead() {
            super(RingBuf.ofSize(SIZE), AdvanceBeforeReadConsumer::new);
        }
    }

    public static class DeliverDiscarded extends RingBufOperations {
        public DeliverDiscarded() {
            super(RingBuf.ofSize(SIZE), DeliverDiscardedConsumer::new);
        }
    }
}
