package dev.maplab.ringbuf;

import dev.maplab.api.Errno;
import dev.maplab.api.Errors;
import dev.maplab.cpu.LogicalCpu;
import dev.maplab.cpu.SpinLock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The perf buffer: BPF_MAP_TYPE_PERF_EVENT_ARRAY with one {@code PERF_COUNT_SW_BPF_OUTPUT} event per
 * CPU, written by {@code bpf_perf_event_output} ({@code kernel/events/ring_buffer.c}) and read by libbpf's
 * {@code perf_buffer} ({@link PerfBufConsumer}).
 *
 * <h2>Overview</h2>
 * One ring of {@code ringSize} bytes (a power of two) per logical CPU, each with its own {@code data_head}
 * (written by the CPU's producer) and {@code data_tail} (written by the consumer). A program writes
 * only its own CPU's ring ({@link #output}: an index other than the current CPU is
 * {@code -EOPNOTSUPP}). Records ({@code perf_event_header} = u32 type, u16 misc, u16 size):
 * <pre>
 *   PERF_RECORD_SAMPLE (9): header(8) | u32 raw size | raw bytes | pad to 8    round_up(12 + len, 8) bytes
 *   PERF_RECORD_LOST   (2): header(8) | u64 id | u64 lost                       24 bytes
 * </pre>
 * An 8-byte sample costs 24 bytes here and 16 in the BPF ring buffer. When the ring lacks space
 * ({@code CIRC_SPACE(head, tail, size) < needed}) the <em>new</em> sample is dropped and counted
 * ({@code rb->lost}); the next sample that fits is preceded by one LOST record carrying the count.
 * Records that run past the end of the ring are split (the kernel's {@code perf_output_copy}); the
 * consumer copies such a record into a scratch buffer before the callback, as libbpf does.
 *
 * <h2>Ordering and the per-CPU model</h2>
 * Write the record, then store-release {@code data_head} (the kernel's {@code smp_wmb} before the head,
 * barrier B, pairs with the consumer's acquire of the head, C); the producer reads {@code data_tail} with
 * acquire (A, pairs with the consumer's release of the tail after reading, D). The kernel's producer is
 * single per CPU (preemption off; nested IRQ/NMI writers handled by the {@code nest} counter and the
 * outermost writer's publication). Java threads cannot disable preemption and two may share a logical
 * CPU id ({@link LogicalCpu}), so each CPU's ring has a spin lock that its producer takes around the
 * write: uncontended when one thread runs per CPU, the nesting case otherwise. There is no order
 * across CPUs: the consumer sees each CPU's records in order and the CPUs in its drain order (claim C11).
 *
 * <h2>Wakeups</h2>
 * libbpf installs the events with {@code wakeup_events = 1}: every sample wakes the consumer (an
 * {@code irq_work}); {@code wakeupEvents} sets the count (the "sampled notification" of the kernel's
 * benchmark). A wakeup is counted and unparks a waiting consumer.
 *
 * <h2>Not modelled</h2>
 * The watermark wakeup, overwrite (backward) rings, {@code BPF_F_CTXLEN_MASK} and the perf event fds
 * themselves (the array's slots always hold an event).
 */
public class PerfBuf {
    /** {@code BPF_F_INDEX_MASK}. */
    public static final long INDEX_MASK = 0xffff_ffffL;
    /** {@code BPF_F_CURRENT_CPU}. */
    public static final long CURRENT_CPU = INDEX_MASK;
    public static final int PERF_RECORD_LOST = 2;
    public static final int PERF_RECORD_SAMPLE = 9;
    /** Bytes of a LOST record. */
    public static final int LOST_RECORD_SIZE = 24;
    /** The largest sample: the record size is a u16. */
    public static final int MAX_SAMPLE = 0xffff - 15;
    /** {@code EOPNOTSUPP} (95), not in {@link Errno}: a program wrote another CPU's ring. */
    public static final int EOPNOTSUPP = 95;

    static final VarHandle LONG = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle WAITER;

    static {
        try {
            WAITER = MethodHandles.lookup().findVarHandle(PerfBuf.class, "waiter", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // Per-CPU words at cpu * STRIDE + ...: the producer's line and the consumer's line apart.
    static final int STRIDE = 32;
    static final int HEAD = 0;
    static final int LOST = 1;
    static final int LOST_TOTAL = 2;
    static final int SINCE_WAKEUP = 3;
    static final int SAMPLES = 4;
    static final int TAIL = 16;

    protected final int cpus;
    protected final int ringSize;
    protected final int mask;
    protected final int wakeupEvents;
    protected final byte[][] rings;
    protected final long[] words;
    protected final int[] locks;
    private final long[] wakeupCount = new long[32];
    @SuppressWarnings("unused")
    private volatile Thread waiter;

    /** Rings of {@code ringSize} bytes on each of {@code cpus} logical CPUs; a wakeup per sample (libbpf's default). */
    public PerfBuf(int cpus, int ringSize) {
        this(cpus, ringSize, 1);
    }

    /**
     * @param ringSize     bytes per CPU, a power of two from 64 (libbpf: {@code page_cnt} pages, a power of two)
     * @param wakeupEvents samples per wakeup ({@code wakeup_events}), at least 1
     */
    public PerfBuf(int cpus, int ringSize, int wakeupEvents) {
        if (cpus < 1 || cpus > 1024) {
            throw Errors.badArgument("cpus", cpus, "between 1 and 1024");
        }
        if (ringSize < 64 || ringSize > (1 << 30) || Integer.bitCount(ringSize) != 1) {
            throw Errors.badArgument("ringSize", ringSize, "a power of two between 64 and 2^30");
        }
        if (wakeupEvents < 1) {
            throw Errors.badArgument("wakeupEvents", wakeupEvents, "at least 1");
        }
        this.cpus = cpus;
        this.ringSize = ringSize;
        this.mask = ringSize - 1;
        this.wakeupEvents = wakeupEvents;
        this.rings = new byte[cpus][ringSize];
        this.words = new long[(cpus + 1) * STRIDE];
        this.locks = new int[(cpus + 1) * STRIDE];
    }

    /** The bytes of a sample record of {@code len} raw bytes: {@code round_up(8 + 4 + len, 8)}. */
    public static int sampleRecordSize(int len) {
        return (12 + len + 7) & ~7;
    }

    /**
     * {@code bpf_perf_event_output(ctx, map, flags, data, size)} from the calling thread's logical CPU:
     * {@code 0}, {@code -ENOSPC} (the sample is lost and counted), {@code -EINVAL} (flag bits beyond the
     * index), {@code -E2BIG} (index beyond the CPUs, or a sample too large for a perf record) or
     * {@code -EOPNOTSUPP} (another CPU's ring).
     */
    public final int output(byte[] src, int srcOff, int len, long flags) {
        if ((flags & ~INDEX_MASK) != 0) {
            return -Errno.EINVAL;
        }
        int cpu = LogicalCpu.current(cpus);
        long index = flags & INDEX_MASK;
        if (index == CURRENT_CPU) {
            index = cpu;
        }
        if (index >= cpus) {
            return -Errno.E2BIG;
        }
        if (index != cpu) {
            return -EOPNOTSUPP;
        }
        if (len < 0) {
            throw Errors.badArgument("len", len, "a sample length of at least 0");
        }
        if (len > MAX_SAMPLE) {
            return -Errno.E2BIG;
        }
        return write(cpu, src, srcOff, len);
    }

    /** {@code __perf_output_begin} .. {@code perf_output_end} on {@code cpu}'s ring. */
    protected int write(int cpu, byte[] src, int srcOff, int len) {
        int base = cpu * STRIDE;
        int need = sampleRecordSize(len);
        SpinLock.lock(locks, base);
        long head = words[base + HEAD]; // plain: this CPU's producer only, under its lock
        long lost = words[base + LOST];
        int total = need + (lost != 0 ? LOST_RECORD_SIZE : 0);
        // Acquire (barrier A): pairs with the consumer's store-release of data_tail after it read the data.
        long tail = (long) LONG.getAcquire(words, base + TAIL);
        if (!fits(head, tail, total, need)) {
            words[base + LOST] = lost + 1;
            LONG.setOpaque(words, base + LOST_TOTAL, words[base + LOST_TOTAL] + 1);
            SpinLock.unlock(locks, base);
            return -Errno.ENOSPC;
        }
        byte[] ring = rings[cpu];
        long at = head;
        if (lost != 0) {
            putHeader(ring, at, PERF_RECORD_LOST, LOST_RECORD_SIZE);
            putLong(ring, at + 8, 0); // id
            putLong(ring, at + 16, lost);
            words[base + LOST] = 0;
            at += LOST_RECORD_SIZE;
        }
        writeAndPublish(base, ring, at, src, srcOff, len, need);
        LONG.setOpaque(words, base + SAMPLES, words[base + SAMPLES] + 1);
        boolean wake = ++words[base + SINCE_WAKEUP] >= wakeupEvents;
        if (wake) {
            words[base + SINCE_WAKEUP] = 0;
        }
        SpinLock.unlock(locks, base);
        if (wake) {
            notifyConsumer();
        }
        return 0;
    }

    /**
     * The space check: {@code CIRC_SPACE(head, tail, size) >= total}, where {@code total} is the sample
     * record ({@code need} bytes) plus the LOST record that must precede it when samples were lost (the
     * kernel enlarges the reservation for it).
     */
    protected boolean fits(long head, long tail, int total, int need) {
        return ((tail - head - 1) & mask) >= total;
    }

    /** Writes the sample record at {@code at}, then publishes {@code data_head} past it. */
    protected void writeAndPublish(int base, byte[] ring, long at, byte[] src, int srcOff, int len, int need) {
        writeSample(ring, at, src, srcOff, len, need);
        publishHead(base, at + need);
    }

    /** Writes the sample record (header, raw size, bytes) at position {@code at}, split at the end of the ring. */
    protected final void writeSample(byte[] ring, long at, byte[] src, int srcOff, int len, int need) {
        putHeader(ring, at, PERF_RECORD_SAMPLE, need);
        putInt(ring, at + 8, len);
        copyIn(ring, at + 12, src, srcOff, len);
    }

    /** {@code data_head}, store-release (barrier B): pairs with the consumer's acquire; the record is written. */
    protected final void publishHead(int base, long head) {
        LONG.setRelease(words, base + HEAD, head);
    }

    private void putHeader(byte[] ring, long at, int type, int size) {
        int off = (int) at & mask; // a header is 8-aligned: never split
        RecordDescriptor.putInt(ring, off, type);
        RecordDescriptor.putShort(ring, off + 4, 0);
        RecordDescriptor.putShort(ring, off + 6, size);
    }

    private void putInt(byte[] ring, long at, int v) {
        RecordDescriptor.putInt(ring, (int) at & mask, v); // at is 8k+8: never split
    }

    private void putLong(byte[] ring, long at, long v) {
        RecordDescriptor.putLong(ring, (int) at & mask, v); // 8-aligned: never split
    }

    /** {@code perf_output_copy}: copies across the end of the ring in two parts. */
    private void copyIn(byte[] ring, long at, byte[] src, int srcOff, int len) {
        int off = (int) at & mask;
        int first = Math.min(len, ringSize - off);
        System.arraycopy(src, srcOff, ring, off, first);
        if (first < len) {
            System.arraycopy(src, srcOff + first, ring, 0, len - first);
        }
    }

    private void notifyConsumer() {
        LONG.getAndAdd(wakeupCount, 16, 1L);
        Thread w = (Thread) WAITER.getAcquire(this);
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    // ---- consumer side helpers ----------------------------------------------------------------------

    /** {@code data_head} of {@code cpu}, load-acquire (barrier C): pairs with {@link #publishHead}. */
    final long lvHead(int cpu) {
        return (long) LONG.getAcquire(words, cpu * STRIDE + HEAD);
    }

    /** {@code data_tail} of {@code cpu}, plain: the consumer's own word. */
    final long lpTail(int cpu) {
        return words[cpu * STRIDE + TAIL];
    }

    /** {@code data_tail}, store-release (barrier D): the records before it have been read. */
    final void soTail(int cpu, long tail) {
        LONG.setRelease(words, cpu * STRIDE + TAIL, tail);
    }

    final void setWaiter(Thread t) {
        WAITER.setVolatile(this, t);
    }

    final boolean readable() {
        for (int c = 0; c < cpus; c++) {
            if (lvHead(c) != (long) LONG.getAcquire(words, c * STRIDE + TAIL)) {
                return true;
            }
        }
        return false;
    }

    // ---- figures ------------------------------------------------------------------------------------

    public final int cpus() {
        return cpus;
    }

    /** Bytes per CPU ring. */
    public final int ringSize() {
        return ringSize;
    }

    /** The memory of all rings: {@code cpus x ringSize}. */
    public final long totalBytes() {
        return (long) cpus * ringSize;
    }

    /** Samples {@code cpu} lost for lack of space (its {@code lost_samples}). */
    public final long lost(int cpu) {
        return (long) LONG.getOpaque(words, cpu * STRIDE + LOST_TOTAL);
    }

    /** Samples lost on all CPUs. */
    public final long lost() {
        long s = 0;
        for (int c = 0; c < cpus; c++) {
            s += lost(c);
        }
        return s;
    }

    /** Samples written on all CPUs. */
    public final long samples() {
        long s = 0;
        for (int c = 0; c < cpus; c++) {
            s += (long) LONG.getOpaque(words, c * STRIDE + SAMPLES);
        }
        return s;
    }

    /** Wakeups sent to the consumer. */
    public final long wakeups() {
        return (long) LONG.getOpaque(wakeupCount, 16);
    }

    /** Bytes in {@code cpu}'s ring not yet consumed. */
    public final long used(int cpu) {
        return lvHead(cpu) - (long) LONG.getAcquire(words, cpu * STRIDE + TAIL);
    }
}
