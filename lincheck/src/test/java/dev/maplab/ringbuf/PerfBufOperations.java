package dev.maplab.ringbuf;

import dev.maplab.cpu.LogicalCpu;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * The operations Lincheck drives on a perf buffer of two logical CPUs: a program on CPU 0 and one on
 * CPU 1, each writing samples with {@code bpf_perf_event_output(BPF_F_CURRENT_CPU)}, and libbpf's
 * consumer taking one record of one CPU's ring per call ({@link PerfBufConsumer#consumeCpu(int, int)}
 * with {@code n = 1}: the record is handed over and {@code data_tail} moves past it).
 *
 * <p>Why one record per call: {@code perf_buffer__consume_buffer} reads {@code data_head} once, hands over
 * every record up to it and returns their space with one store of {@code data_tail} at the end. A producer
 * that runs in between sees the records gone from the consumer's view but their space still taken, so a
 * whole-ring drain has no single linearization point against a FIFO (Lincheck shows it: a sample that a
 * FIFO would accept is refused). That is the kernel's behaviour too (space returns per batch), not a defect;
 * taking one record at a time gives each drain one point, the store of {@code data_tail}.
 *
 * <p>Each CPU's producer is a {@code nonParallelGroup} (its operations run on one thread, bound to that
 * logical CPU, as a program owns its CPU); the consumer is its own group (single consumer).
 *
 * <p>Configuration: 64-byte rings (63 usable bytes), samples of {@code 8k} bytes for {@code k} in 1..3
 * (records of 24, 32 and 40 bytes; a LOST record is 24), so drops and LOST records happen within two or
 * three samples. The producer on CPU {@code p} writes the value {@code p * 10 + v} as the sample's first
 * long and as every following byte. A consume returns the record it took: {@code "12"} (a sample),
 * {@code "L2"} (a LOST record: two samples lost), {@code "-"} for none, {@code "torn"} / {@code "len=N"}
 * for a sample no producer wrote, {@code "bad record"} when the consumer met a record that is not a perf
 * record at all.
 */
@Param(name = "v", gen = IntGen.class, conf = "1:3")
@Param(name = "k", gen = IntGen.class, conf = "1:3")
public abstract class PerfBufOperations {
    public static final int CPUS = 2;
    public static final int RING = 64;

    protected final PerfBuf pb;
    private final PerfBufConsumer consumer;
    private final StringBuilder drained = new StringBuilder();

    protected PerfBufOperations(PerfBuf pb) {
        this.pb = pb;
        this.consumer = new PerfBufConsumer(pb, new PerfHandler() {
            @Override
            public void onSample(int cpu, RecordView s) {
                append(describe(s));
            }

            @Override
            public void onLost(int cpu, long lost) {
                append("L" + lost);
            }
        });
    }

    private void append(String s) {
        drained.append(drained.length() == 0 ? "" : " ").append(s);
    }

    private static String describe(RecordView s) {
        int len = s.length();
        if (len < 8 || len > 24 || len % 8 != 0) {
            return "len=" + len;
        }
        long value = s.getLong(0);
        for (int i = 8; i < len; i++) {
            if (s.getByte(i) != (byte) value) {
                return "torn";
            }
        }
        return Long.toString(value);
    }

    /** The sample bytes a program on {@code cpu} writes. */
    static byte[] sample(int cpu, int v, int k) {
        byte[] b = new byte[8 * k];
        long value = cpu * 10L + v;
        RecordDescriptor.putLong(b, 0, value);
        for (int i = 8; i < b.length; i++) {
            b[i] = (byte) value;
        }
        return b;
    }

    private int output(int cpu, int v, int k) {
        LogicalCpu.set(cpu);
        byte[] b = sample(cpu, v, k);
        return pb.output(b, 0, b.length, PerfBuf.CURRENT_CPU);
    }

    private String consume(int cpu) {
        drained.setLength(0);
        try {
            consumer.consumeCpu(cpu, 1);
        } catch (IllegalStateException e) {
            append("bad record");
        }
        return drained.length() == 0 ? "-" : drained.toString();
    }

    /** 0, or -ENOSPC when the sample (with the LOST record it must carry) does not fit. */
    @Operation(nonParallelGroup = "cpu0")
    public int output0(@Param(name = "v") int v, @Param(name = "k") int k) {
        return output(0, v, k);
    }

    @Operation(nonParallelGroup = "cpu1")
    public int output1(@Param(name = "v") int v, @Param(name = "k") int k) {
        return output(1, v, k);
    }

    @Operation(nonParallelGroup = "consumer")
    public String consume0() {
        return consume(0);
    }

    @Operation(nonParallelGroup = "consumer")
    public String consume1() {
        return consume(1);
    }
}
