package dev.maplab.jmh.ringbuf;

import dev.maplab.cpu.LogicalCpu;
import dev.maplab.ringbuf.LockFreeRingBuf;
import dev.maplab.ringbuf.PerfBuf;
import dev.maplab.ringbuf.PerfBufConsumer;
import dev.maplab.ringbuf.PerfHandler;
import dev.maplab.ringbuf.RecordDescriptor;
import dev.maplab.ringbuf.RecordView;
import dev.maplab.ringbuf.RingBuf;
import dev.maplab.ringbuf.RingBufConsumer;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.jctools.queues.MpscArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Records delivered per second through an MPSC ring, 64-byte records, with 1 or 2 producers and 1
 * consumer: maplab's BPF ring buffer ({@code maplab}: reserve under the spin lock, fill in place, submit),
 * its lock-free research variant ({@code maplab-lockfree}), the perf buffer ({@code maplab-perfbuf}: one
 * ring per producer's logical CPU, {@code bpf_perf_event_output} copying the record), and the anchors
 * Agrona {@code ManyToOneRingBuffer} ({@code agrona}: tryClaim, fill in place, commit) and JCTools
 * {@code MpscArrayQueue} ({@code jctools}: the record is a pooled 64-byte array filled and offered).
 *
 * <p><b>What is measured.</b> Only what the consumer received counts: the one JMH thread is the consumer,
 * and each benchmark call returns exactly one delivered record (it spins until one is there; libbpf's
 * {@code ring__consume_n(1)}, Agrona's {@code read(handler, 1)}, JCTools' {@code relaxedPoll}), so the score
 * is delivered records per second. The producers are plain threads started for each iteration; they
 * write as fast as they can, and a full ring makes them drop and retry (drops do not count). Every
 * ring has 1 MiB of data (the perf buffer 1 MiB per CPU, as libbpf sizes it per CPU). Run with
 * {@code -prof gc}: reserve/submit and the consumer allocate nothing (gc.alloc.rate.norm ~ 0 B/op,
 * producers included since the profiler counts the whole JVM).
 *
 * <p>Targets (issue 7, same run): 1 producer at least 1.0x Agrona; 2 producers at least 0.8x Agrona for
 * {@code maplab} and 1.0x for {@code maplab-lockfree}. The kernel's published curve (throughput against
 * producers, {@code kernel-internals.md} 8.1-8.2) is the shape to compare with; {@code scale-producers.sh}
 * beside this class runs 1..15 producers where a 16-core machine is available.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@State(Scope.Benchmark)
public class RingBufThroughputBench {
    public static final String MAPLAB = "maplab";
    public static final String MAPLAB_LOCKFREE = "maplab-lockfree";
    public static final String MAPLAB_PERFBUF = "maplab-perfbuf";
    public static final String AGRONA = "agrona";
    public static final String JCTOOLS = "jctools";
    public static final int RING_BYTES = 1 << 20;

    @Param({MAPLAB, MAPLAB_LOCKFREE, MAPLAB_PERFBUF, AGRONA, JCTOOLS})
    public String impl;

    @Param({"1", "2"})
    public int producers;

    @Param({"64"})
    public int recordSize;

    /**
     * How long the consumer waits after a poll that found nothing, in {@code Thread.onSpinWait()} calls, the same
     * for every implementation. 1: it polls again at once. Larger: a consumer that leaves the producers the cache
     * lines it polls for a while (a consumer asleep in epoll leaves them alone entirely).
     */
    @Param({"1", "64"})
    public int emptyPollSpins;

    Channel channel;
    private Channel.Producer[] producerOps;
    private Thread[] threads;
    private final AtomicBoolean running = new AtomicBoolean();

    @Setup(Level.Trial)
    public void setUp() {
        channel = Channel.create(impl, producers, recordSize);
        channel.emptyPollSpins = emptyPollSpins;
        producerOps = new Channel.Producer[producers];
        for (int p = 0; p < producers; p++) {
            producerOps[p] = channel.producer(p); // templates and pools once per trial, not per iteration
        }
    }

    @Setup(Level.Iteration)
    public void startProducers() {
        running.set(true);
        threads = new Thread[producers];
        for (int p = 0; p < producers; p++) {
            final int id = p;
            threads[p] = new Thread(() -> {
                LogicalCpu.set(id);
                Channel.Producer producer = producerOps[id];
                while (running.get()) {
                    for (int i = 0; i < 256; i++) {
                        producer.produce();
                    }
                }
            }, "producer-" + p);
            threads[p].setDaemon(true);
            threads[p].start();
        }
    }

    @TearDown(Level.Iteration)
    public void stopProducers() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join();
        }
        channel.drain();
    }

    /** One delivered record; returns its first long (so the read is not dead code). */
    @Benchmark
    public long delivered() {
        return channel.receiveOne();
    }

    /** A ring, its producers and its consumer, behind one interface (no allocation on any path). */
    abstract static class Channel {
        final int recordSize;
        long last;
        int emptyPollSpins = 1;
        /**
         * Sampled notification, as the kernel's ring buffer benchmark runs it ({@code bench_ringbufs --rb-sampled}):
         * 0, the consumer polls without sleeping; otherwise the consumer sleeps after an empty poll, and a producer
         * that leaves at least this many bytes unconsumed after its commit wakes it ({@code ringbuf_bench.c}:
         * {@code avail >= wakeup_data_size ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP}). Set before {@link #producer}.
         */
        long wakeupDataSize;
        /** How long a consumer that sleeps for want of a notification sleeps at most (a lost one would cost this, not a hang). */
        long notificationTimeoutMillis = 1;

        Channel(int recordSize) {
            this.recordSize = recordSize;
        }

        interface Producer {
            /** One attempt to write a record; true when it was accepted. */
            boolean produce();
        }

        abstract Producer producer(int id);

        /** Spins until one record was delivered, and returns its first long. */
        abstract long receiveOne();

        /**
         * Sampled notification every {@code rate} records' worth of bytes (0: none, the consumer polls without
         * sleeping); only rings with a notification path take a rate above 0.
         */
        final void sampleWakeups(int rate) {
            if (rate < 0) {
                throw new IllegalArgumentException("wakeupSampleRate = " + rate + ": 0 (no notification) or a record count");
            }
            if (rate > 0 && !notifies()) {
                throw new IllegalArgumentException("wakeupSampleRate = " + rate + ": only maplab, maplab-lockfree and agrona"
                        + " are built with a notification path; use 0 for " + getClass().getSimpleName());
            }
            // The BPF ring's record footprint, which is also Agrona's: an 8-byte header, the record rounded up to 8.
            wakeupDataSize = rate * RecordDescriptor.footprint(recordSize);
        }

        /** True when this channel's consumer can sleep until a producer wakes it. */
        boolean notifies() {
            return false;
        }

        /** Sleeps until a producer notifies or the ring is readable, at most {@link #notificationTimeoutMillis}. */
        void sleepUntilNotified() {
            throw new UnsupportedOperationException(getClass().getSimpleName() + " has no notification path");
        }

        /**
         * After a poll that found nothing: sleep until notified under sampled notification, otherwise
         * {@link #emptyPollSpins} spin-wait hints.
         */
        final void waitAfterEmptyPoll() {
            if (wakeupDataSize != 0) {
                sleepUntilNotified();
                return;
            }
            for (int i = 0; i < emptyPollSpins; i++) {
                Thread.onSpinWait();
            }
        }

        /** Consumes whatever is left (between iterations). */
        abstract void drain();

        /** The fraction of the ring's capacity holding records not yet consumed (read racily: for studies only). */
        abstract double fill();

        static Channel create(String impl, int producers, int recordSize) {
            switch (impl) {
                case MAPLAB: return new RingBufChannel(RingBuf.create(RING_BYTES), recordSize);
                case MAPLAB_LOCKFREE: return new RingBufChannel(LockFreeRingBuf.create(RING_BYTES), recordSize);
                case MAPLAB_PERFBUF: return new PerfBufChannel(producers, recordSize);
                case AGRONA: return new AgronaChannel(recordSize);
                case JCTOOLS: return new JcToolsChannel(producers, recordSize);
                default: throw new IllegalArgumentException("impl = " + impl + ": one of maplab, maplab-lockfree,"
                        + " maplab-perfbuf, agrona, jctools");
            }
        }

        static byte[] template(int id, int size) {
            byte[] b = new byte[size];
            for (int i = 0; i < size; i++) {
                b[i] = (byte) (id + i);
            }
            return b;
        }
    }

    /** BPF ring buffer: reserve, copy the record in place, submit; the libbpf consumer, one record a call. */
    static final class RingBufChannel extends Channel {
        final RingBuf rb;
        final RingBufConsumer consumer;

        RingBufChannel(RingBuf rb, int recordSize) {
            super(recordSize);
            this.rb = rb;
            this.consumer = new RingBufConsumer(rb, this::onSample);
        }

        private int onSample(RecordView s) {
            last = s.getLong(0);
            return 0;
        }

        @Override
        Producer producer(int id) {
            byte[] t = template(id, recordSize);
            long wakeupBytes = wakeupDataSize;
            return () -> {
                int h = rb.reserve(recordSize);
                if (h == RingBuf.NULL) {
                    return false;
                }
                rb.putBytes(h, 0, t, 0, recordSize);
                // ringbuf_bench.c's get_flags(): without sampling no notification (the consumer polls anyway)
                long flags = wakeupBytes != 0 && rb.query(RingBuf.AVAIL_DATA) >= wakeupBytes
                        ? RingBuf.FORCE_WAKEUP : RingBuf.NO_WAKEUP;
                rb.submit(h, flags);
                return true;
            };
        }

        @Override
        boolean notifies() {
            return true;
        }

        @Override
        void sleepUntilNotified() {
            consumer.awaitReadable(notificationTimeoutMillis);
        }

        @Override
        long receiveOne() {
            while (consumer.consumeN(1) == 0) {
                waitAfterEmptyPoll();
            }
            return last;
        }

        @Override
        void drain() {
            consumer.consume();
        }

        @Override
        double fill() {
            return rb.query(RingBuf.AVAIL_DATA) / (double) rb.size();
        }
    }

    /** Perf buffer: one ring per producer's logical CPU; bpf_perf_event_output copies the record. */
    static final class PerfBufChannel extends Channel implements PerfHandler {
        final PerfBuf pb;
        final PerfBufConsumer consumer;

        PerfBufChannel(int cpus, int recordSize) {
            super(recordSize);
            this.pb = new PerfBuf(cpus, RING_BYTES, Integer.MAX_VALUE);
            this.consumer = new PerfBufConsumer(pb, this);
        }

        private boolean sample;

        @Override
        public void onSample(int cpu, RecordView s) {
            last = s.getLong(0);
            sample = true;
        }

        @Override
        public void onLost(int cpu, long lost) {
            // LOST records are not samples: not counted
        }

        @Override
        Producer producer(int id) {
            byte[] t = template(id, recordSize);
            return () -> pb.output(t, 0, recordSize, PerfBuf.CURRENT_CPU) == 0;
        }

        @Override
        long receiveOne() {
            sample = false;
            while (!sample) {
                if (consumer.consumeN(1) == 0) {
                    waitAfterEmptyPoll();
                }
            }
            return last;
        }

        @Override
        void drain() {
            consumer.consume();
        }

        @Override
        double fill() {
            long used = 0;
            for (int cpu = 0; cpu < pb.cpus(); cpu++) {
                used += pb.used(cpu);
            }
            return used / (double) pb.totalBytes();
        }
    }

    /** Agrona ManyToOneRingBuffer: tryClaim, fill in place, commit; read(handler, 1). */
    static final class AgronaChannel extends Channel {
        final ManyToOneRingBuffer rb;
        final org.agrona.concurrent.MessageHandler handler;
        /** The consumer while it sleeps for want of records (sampled notification), or null. */
        private volatile Thread waiter;

        AgronaChannel(int recordSize) {
            super(recordSize);
            this.rb = new ManyToOneRingBuffer(new UnsafeBuffer(
                    ByteBuffer.allocateDirect(RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
            this.handler = (type, buffer, index, length) -> last = buffer.getLong(index);
        }

        @Override
        Producer producer(int id) {
            byte[] t = template(id, recordSize);
            long wakeupBytes = wakeupDataSize;
            return () -> {
                int index = rb.tryClaim(1, recordSize);
                if (index < 0) {
                    return false;
                }
                rb.buffer().putBytes(index, t, 0, recordSize);
                rb.commit(index);
                if (wakeupBytes != 0 && rb.size() >= wakeupBytes) {
                    Thread w = waiter; // volatile: pairs with the consumer's store before its last look
                    if (w != null) {
                        LockSupport.unpark(w);
                    }
                }
                return true;
            };
        }

        @Override
        boolean notifies() {
            return true;
        }

        /**
         * The same wait as maplab's consumer: register, look once more (both volatile, so a producer either sees
         * the waiter or the consumer sees the producer's claim), sleep.
         */
        @Override
        void sleepUntilNotified() {
            waiter = Thread.currentThread();
            if (rb.producerPosition() == rb.consumerPosition()) {
                LockSupport.parkNanos(this, notificationTimeoutMillis * 1_000_000L);
            }
            waiter = null;
        }

        @Override
        long receiveOne() {
            while (rb.read(handler, 1) == 0) {
                waitAfterEmptyPoll();
            }
            return last;
        }

        @Override
        void drain() {
            while (rb.read(handler) > 0) {
                // empty the ring between iterations
            }
        }

        @Override
        double fill() {
            return rb.size() / (double) rb.capacity();
        }
    }

    /**
     * JCTools MpscArrayQueue of pooled records (filled, then offered; no allocation). A producer's pool holds
     * twice the queue's capacity, so a pooled array is refilled only after the consumer has taken it.
     */
    static final class JcToolsChannel extends Channel {
        static final int CAPACITY = RING_BYTES / 64;
        static final int POOL = 2 * CAPACITY;
        final MpscArrayQueue<byte[]> queue = new MpscArrayQueue<>(CAPACITY);
        final byte[][][] pools;

        JcToolsChannel(int producers, int recordSize) {
            super(recordSize);
            pools = new byte[producers][POOL][recordSize];
        }

        @Override
        Producer producer(int id) {
            byte[] t = template(id, recordSize);
            byte[][] pool = pools[id];
            int[] next = {0};
            return () -> {
                // The next array advances only when one was queued: reuse is POOL queued records later.
                byte[] rec = pool[next[0] & (POOL - 1)];
                System.arraycopy(t, 0, rec, 0, recordSize);
                if (!queue.offer(rec)) {
                    return false;
                }
                next[0]++;
                return true;
            };
        }

        @Override
        long receiveOne() {
            byte[] rec;
            while ((rec = queue.relaxedPoll()) == null) {
                waitAfterEmptyPoll();
            }
            return rec[0] | (long) rec[recordSize - 1] << 8;
        }

        @Override
        void drain() {
            queue.clear();
        }

        @Override
        double fill() {
            return queue.size() / (double) CAPACITY;
        }
    }
}
