package dev.maplab.ringbuf;

import dev.maplab.api.Errno;
import java.util.ArrayDeque;

/**
 * The sequential meaning of {@link PerfBufOperations}: per CPU, a FIFO of records with the kernel's byte
 * accounting. A sample fits when its record, plus a 24-byte LOST record if samples were lost since the
 * last one written, fits in the free space ({@code size - 1 - used}); then the LOST record (carrying the
 * count) goes in first and the count restarts. Otherwise the sample is dropped and counted. A consume of
 * a CPU takes its oldest record and frees its space. Nothing relates the two CPUs.
 */
public class PerfBufSequentialSpec {
    private static final class Ring {
        final ArrayDeque<String> records = new ArrayDeque<>();
        final ArrayDeque<Integer> sizes = new ArrayDeque<>();
        int used;
        long lost;
    }

    private final Ring[] rings = {new Ring(), new Ring()};

    private int output(int cpu, int v, int k) {
        Ring r = rings[cpu];
        int need = PerfBuf.sampleRecordSize(8 * k);
        int total = need + (r.lost != 0 ? PerfBuf.LOST_RECORD_SIZE : 0);
        if (PerfBufOperations.RING - 1 - r.used < total) {
            r.lost++;
            return -Errno.ENOSPC;
        }
        if (r.lost != 0) {
            r.records.addLast("L" + r.lost);
            r.sizes.addLast(PerfBuf.LOST_RECORD_SIZE);
            r.lost = 0;
        }
        r.records.addLast(Long.toString(cpu * 10L + v));
        r.sizes.addLast(need);
        r.used += total;
        return 0;
    }

    private String consume(int cpu) {
        Ring r = rings[cpu];
        if (r.records.isEmpty()) {
            return "-";
        }
        r.used -= r.sizes.removeFirst();
        return r.records.removeFirst();
    }

    public int output0(int v, int k) {
        return output(0, v, k);
    }

    public int output1(int v, int k) {
        return output(1, v, k);
    }

    public String consume0() {
        return consume(0);
    }

    public String consume1() {
        return consume(1);
    }
}
