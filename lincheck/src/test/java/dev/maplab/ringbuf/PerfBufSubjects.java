package dev.maplab.ringbuf;

import dev.maplab.ringbuf.mutant.HeadBeforeDataPerfBuf;
import dev.maplab.ringbuf.mutant.LostRecordUnreservedPerfBuf;

/** One Lincheck test class per perf buffer subject: production and the mutants. */
public final class PerfBufSubjects {
    private PerfBufSubjects() {
    }

    public static class Production extends PerfBufOperations {
        public Production() {
            super(new PerfBuf(CPUS, RING));
        }
    }

    public static class HeadBeforeData extends PerfBufOperations {
        public HeadBeforeData() {
            super(new HeadBeforeDataPerfBuf(CPUS, RING));
        }
    }

    public static class LostRecordUnreserved extends PerfBufOperations {
        public LostRecordUnreserved() {
            super(new LostRecordUnreservedPerfBuf(CPUS, RING));
        }
    }
}
