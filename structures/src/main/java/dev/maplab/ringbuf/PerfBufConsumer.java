package dev.maplab.ringbuf;

import dev.maplab.api.Errors;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * libbpf's {@code perf_buffer}: one thread draining every CPU's ring of a {@link PerfBuf}
 * ({@code perf_buffer__poll}, {@code perf_buffer__consume}, {@code perf_buffer__consume_buffer}).
 *
 * <p>A CPU's drain ({@code perf_event_read_simple}): acquire-load {@code data_head}; walk the records
 * from {@code data_tail}; a SAMPLE goes to {@link PerfHandler#onSample}, a LOST record to
 * {@link PerfHandler#onLost}; a record that runs past the end of the ring is first copied into this
 * consumer's scratch buffer (the second copy libbpf makes for wrapped records), any other is read in
 * place; at the end store-release {@code data_tail} once (space is returned per batch). The CPUs are
 * drained in index order (the order epoll reports them is the order they became ready; maplab drains
 * them all, in order), so records of different CPUs come out in drain order, not in the order they were
 * written. Allocation-free after construction.
 */
public final class PerfBufConsumer {
    private final PerfBuf pb;
    private final PerfHandler handler;
    private final RecordView view = new RecordView();
    private final byte[] scratch;
    private long scratchCopies;

    public PerfBufConsumer(PerfBuf pb, PerfHandler handler) {
        if (pb == null || handler == null) {
            throw Errors.badArgument(pb == null ? "pb" : "handler", "null", "a perf buffer and its callbacks");
        }
        this.pb = pb;
        this.handler = handler;
        this.scratch = new byte[Math.min(pb.ringSize, 1 << 16)];
    }

    /** {@code perf_buffer__consume}: drains every CPU without waiting; the number of records handled (samples and LOST records). */
    public int consume() {
        long n = 0;
        for (int c = 0; c < pb.cpus; c++) {
            n += drain(c, Long.MAX_VALUE);
        }
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    /**
     * At most {@code n} records, CPUs in order (a maplab extension: libbpf drains whole rings; the
     * benchmarks use it to hand over one record per call, as {@code ring__consume_n} does).
     */
    public int consumeN(int n) {
        if (n < 0) {
            throw Errors.badArgument("n", n, "a record count of at least 0");
        }
        long total = 0;
        for (int c = 0; c < pb.cpus && total < n; c++) {
            total += drain(c, n - total);
        }
        return (int) total;
    }

    /** Samples that ran past the end of their ring and were copied into the scratch buffer before the callback. */
    public long scratchCopies() {
        return scratchCopies;
    }

    /** {@code perf_buffer__consume_buffer}: drains one CPU's ring. */
    public int consumeCpu(int cpu) {
        if (cpu < 0 || cpu >= pb.cpus) {
            throw Errors.badArgument("cpu", cpu, "a CPU of the buffer, 0.." + (pb.cpus - 1));
        }
        return (int) Math.min(drain(cpu, Long.MAX_VALUE), Integer.MAX_VALUE);
    }

    /**
     * At most {@code n} records of one CPU's ring (a maplab extension, as {@link #consumeN}): with
     * {@code n = 1} every record is handed over and its space returned before the next is looked at,
     * which the linearizability checks use; {@link #consumeCpu(int)} returns the space once per batch.
     */
    public int consumeCpu(int cpu, int n) {
        if (cpu < 0 || cpu >= pb.cpus) {
            throw Errors.badArgument("cpu", cpu, "a CPU of the buffer, 0.." + (pb.cpus - 1));
        }
        if (n < 0) {
            throw Errors.badArgument("n", n, "a record count of at least 0");
        }
        return (int) drain(cpu, n);
    }

    /**
     * {@code perf_buffer__poll(timeout_ms)}: drains; when nothing was there, waits up to
     * {@code timeoutMillis} (-1 forever, 0 not at all) for a wakeup or a readable ring, then drains again.
     */
    public int poll(long timeoutMillis) {
        if (timeoutMillis < -1) {
            throw Errors.badArgument("timeoutMillis", timeoutMillis, "-1 (forever), 0 (no wait) or a positive timeout");
        }
        int n = consume();
        if (n != 0 || timeoutMillis == 0) {
            return n;
        }
        boolean forever = timeoutMillis < 0;
        long deadline = forever ? 0 : System.nanoTime() + timeoutMillis * 1_000_000L;
        for (;;) {
            long seen = pb.wakeups();
            pb.setWaiter(Thread.currentThread());
            // Full fence: orders the stores of data_tail before the look at data_head; pairs with the
            // producer's wakeup counter update (a full barrier) before it reads the waiter.
            VarHandle.fullFence();
            boolean ready = pb.readable();
            if (!ready) {
                if (forever) {
                    LockSupport.park(this);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left > 0) {
                        LockSupport.parkNanos(this, left);
                    }
                }
            }
            pb.setWaiter(null);
            n = consume();
            if (n != 0 || ready || pb.wakeups() != seen || (!forever && System.nanoTime() - deadline >= 0)) {
                return n;
            }
        }
    }

    private long drain(int cpu, long limit) {
        // Acquire (barrier C): pairs with the producer's store-release of data_head.
        long head = pb.lvHead(cpu);
        long tail = pb.lpTail(cpu);
        if (tail == head) {
            return 0;
        }
        byte[] ring = pb.rings[cpu];
        int mask = pb.mask;
        long n = 0;
        while (tail - head < 0 && n < limit) {
            int off = (int) tail & mask;
            int type = RecordDescriptor.getInt(ring, off);
            int size = RecordDescriptor.getUnsignedShort(ring, off + 6);
            if (size < 8 || (size & 7) != 0) {
                // A corrupt ring (libbpf would loop on a zero size): fail loudly instead.
                throw new IllegalStateException("perf ring of cpu " + cpu + ": bad record size " + size + " at " + tail);
            }
            if (type == PerfBuf.PERF_RECORD_SAMPLE) {
                int len = RecordDescriptor.getInt(ring, (off + 8) & mask);
                int at = (off + 12) & mask;
                if (at + len <= pb.ringSize) {
                    view.set(ring, at, len);
                } else {
                    int first = pb.ringSize - at;
                    System.arraycopy(ring, at, scratch, 0, first);
                    System.arraycopy(ring, 0, scratch, first, len - first);
                    view.set(scratch, 0, len);
                    scratchCopies++;
                }
                handler.onSample(cpu, view);
            } else if (type == PerfBuf.PERF_RECORD_LOST) {
                handler.onLost(cpu, RecordDescriptor.getLong(ring, (off + 16) & mask));
            } else {
                throw new IllegalStateException("perf ring of cpu " + cpu + ": unknown record type " + type + " at " + tail);
            }
            n++;
            tail += size;
        }
        // Release (barrier D): the records before data_tail have been read; pairs with the producer's acquire.
        pb.soTail(cpu, tail);
        return n;
    }
}
