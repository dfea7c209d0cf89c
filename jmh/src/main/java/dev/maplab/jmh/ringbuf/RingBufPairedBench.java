package dev.maplab.jmh.ringbuf;

import dev.maplab.cpu.LogicalCpu;
import dev.maplab.jmh.ringbuf.RingBufThroughputBench.Channel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * A maplab ring and its anchor measured in alternating slices of one run, for the ratio targets of issue 7.
 *
 * <p><b>Why paired.</b> On the 2-core machine this kit is measured on, the cost of moving a cache line
 * between the two CPUs is not constant: a ping-pong of one line between two threads takes about 145 ns per
 * round trip for seconds at a time, then about 550 ns for seconds at a time (the host places the two
 * virtual CPUs near or far from each other). Every MPSC ring pays several such transfers per record, so
 * {@link RingBufThroughputBench} sees a fast and a slow mode (about 3 against 10 to 30 records per µs for
 * maplab, Agrona and JCTools alike), and a fork of one impl may spend its time in the other mode than the
 * fork of the next. Ratios of that table swing from 0.4x to 2x between runs. Here both rings live in the
 * same JVM and take turns: {@code sliceMillis} for the maplab ring, then as long for the anchor (the order
 * alternates from one pair to the next), far shorter than the modes last, so both see the same mix of them.
 *
 * <p><b>What is measured.</b> The JMH thread is the consumer of both rings. During a ring's slice its
 * producers run (the same producer loop and record as {@link RingBufThroughputBench}); the other ring's
 * producers are parked, and a slice starts only after the previous ring's producers have all stopped, so the
 * two sides never compete for the CPUs. The secondary results {@code subjectRecords} and {@code anchorRecords}
 * are each ring's delivered records per µs: JMH divides a counter by the whole iteration, of which each ring
 * had half, so a delivered record counts twice. The switching between slices (a few µs of 10 ms) belongs to
 * neither ring and lowers both scores alike; the ratio of the two is the paired ratio. The rings keep their
 * contents from one slice to the next, as a ring whose producers pause would. The primary score (slice pairs
 * per µs) means nothing; the report shows the two rings' rows instead.
 *
 * <p><b>What it showed</b> (2 cores, 64-byte records). With a consumer that polls again at once, the lock-free
 * variant delivers more than Agrona; the kernel's spin-lock ring less, at 1 producer clearly less.
 * {@link RingBufRegimeStudy} shows why: the spin-lock ring's consumer (libbpf's) is the cheapest of the three, so it
 * keeps up and the ring stays nearly empty; keeping up, it loads {@code producer_pos} (a header in the kernel's ring
 * may be an old lap's) each time it reaches the last position it loaded, so the producer's next store to that
 * position waits for the line to come back, however far ahead the producer was. Agrona's consumer polls only the
 * next header, which stops touching the producer's lines once the producer is two lines ahead: while lines move
 * slowly its ring fills, and it then runs at its consumer's own speed, while the spin-lock ring stays empty at about
 * 0.6 of that. With the consumer the kernel's design expects, one that sleeps in {@code poll} until a producer
 * notifies it ({@code wakeupSampleRate} 500, the kernel benchmark's sampled mode, Agrona given the same wait), the
 * spin-lock ring's producers run while the consumer sleeps, and the ring delivers about what Agrona does at 1 and
 * 2 producers (1.03x to 1.07x in three paired runs), where the lock-free variant falls to about 0.8x at 1 producer.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 3, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@State(Scope.Benchmark)
public class RingBufPairedBench {
    @Param({RingBufThroughputBench.MAPLAB, RingBufThroughputBench.MAPLAB_LOCKFREE})
    public String impl;

    @Param({RingBufThroughputBench.AGRONA})
    public String anchor;

    @Param({"1", "2"})
    public int producers;

    @Param({"64"})
    public int recordSize;

    /**
     * As in {@link RingBufThroughputBench}: spin-wait hints after a poll that found nothing, when the consumer does not
     * sleep ({@code wakeupSampleRate} 0). 64 was measured by hand (README); the default runs measure the consumer that
     * polls again at once and the one that sleeps.
     */
    @Param({"1"})
    public int emptyPollSpins;

    /**
     * Sampled notification ({@code Channel#wakeupDataSize}), the same for both rings: 0, the consumer polls without
     * sleeping; N, it sleeps after an empty poll until a producer leaves N records' worth unconsumed (the kernel's
     * benchmark, {@code bench_ringbufs --rb-sampled}, runs 500).
     */
    @Param({"0", "500"})
    public int wakeupSampleRate;

    /** How long one ring runs before the other takes its turn. */
    @Param({"10"})
    public int sliceMillis;

    Side subject;
    Side anchorSide;
    private long pairs;

    /**
     * Delivered records per ring, counted like operations (divided by the iteration's time, of which each ring had
     * half: each record counts twice).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Delivered {
        public long subjectRecords;
        public long anchorRecords;

        @Setup(Level.Iteration)
        public void reset() {
            subjectRecords = 0;
            anchorRecords = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        if (impl.equals(anchor)) {
            throw new IllegalArgumentException("impl = anchor = " + impl + ": a pair needs two different rings");
        }
        subject = Side.start(create(impl), producers, emptyPollSpins, wakeupSampleRate, "subject");
        anchorSide = Side.start(create(anchor), producers, emptyPollSpins, wakeupSampleRate, "anchor");
    }

    private Channel create(String name) {
        return Channel.create(name, producers, recordSize);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        subject.stop();
        anchorSide.stop();
    }

    /** One slice of each ring, in alternating order; returns a delivered value (so the reads are not dead code). */
    @Benchmark
    public long slicePair(Delivered delivered) {
        long nanos = TimeUnit.MILLISECONDS.toNanos(sliceMillis);
        if ((pairs++ & 1) == 0) {
            delivered.subjectRecords += 2 * subject.runSlice(nanos);
            delivered.anchorRecords += 2 * anchorSide.runSlice(nanos);
        } else {
            delivered.anchorRecords += 2 * anchorSide.runSlice(nanos);
            delivered.subjectRecords += 2 * subject.runSlice(nanos);
        }
        return subject.channel.last ^ anchorSide.channel.last;
    }

    /**
     * One ring and its producer threads, which produce only while the side is active.
     *
     * <p>The handshake: a producer checks {@code active} before every batch of 256 attempts and counts itself
     * in {@code idle} before it parks; {@link #deactivate} clears {@code active} and then waits until every
     * producer is idle. A producer that produces has read {@code active} true after leaving {@code idle}, so
     * {@link #deactivate} waits for it; one that read it false produces nothing. Both fields are volatile.
     */
    static class Side {
        final Channel channel;
        private final Channel.Producer[] ops;
        private final Thread[] threads;
        private volatile boolean active;
        private volatile boolean stopped;
        private final AtomicInteger idle = new AtomicInteger();

        Side(Channel channel, Channel.Producer[] ops, String name) {
            this.channel = channel;
            this.ops = ops;
            this.threads = new Thread[ops.length];
            for (int p = 0; p < ops.length; p++) {
                final int id = p;
                threads[p] = new Thread(() -> produceWhileActive(id), name + "-producer-" + p);
                threads[p].setDaemon(true);
            }
        }

        static Side start(Channel channel, int producers, int emptyPollSpins, int wakeupSampleRate, String name) {
            channel.emptyPollSpins = emptyPollSpins;
            channel.sampleWakeups(wakeupSampleRate);
            Channel.Producer[] ops = new Channel.Producer[producers];
            for (int p = 0; p < producers; p++) {
                ops[p] = channel.producer(p);
            }
            Side side = new Side(channel, ops, name);
            side.startThreads();
            return side;
        }

        final void startThreads() {
            for (Thread t : threads) {
                t.start();
            }
            awaitIdle(); // every producer parked: nothing runs before the first slice
        }

        private void produceWhileActive(int id) {
            LogicalCpu.set(id);
            Channel.Producer op = ops[id];
            while (!stopped) {
                if (active) {
                    for (int i = 0; i < 256; i++) {
                        op.produce();
                    }
                    continue;
                }
                idle.incrementAndGet();
                while (!active && !stopped) {
                    LockSupport.park(this);
                }
                idle.decrementAndGet();
            }
        }

        /** Runs the producers and consumes for at least {@code nanos}; returns the records delivered. */
        final long runSlice(long nanos) {
            activate();
            long end = System.nanoTime() + nanos;
            long delivered = 0;
            do {
                for (int i = 0; i < 64; i++) {
                    channel.receiveOne();
                }
                delivered += 64;
            } while (System.nanoTime() - end < 0);
            deactivate();
            return delivered;
        }

        final void activate() {
            active = true;
            for (Thread t : threads) {
                LockSupport.unpark(t);
            }
        }

        /** Stops the producers and returns once none of them produces any more. */
        void deactivate() {
            requestIdle();
            awaitIdle();
        }

        final void requestIdle() {
            active = false;
        }

        final void awaitIdle() {
            while (idle.get() != threads.length) {
                Thread.onSpinWait();
            }
        }

        final void stop() throws InterruptedException {
            stopped = true;
            for (Thread t : threads) {
                LockSupport.unpark(t);
                t.join();
            }
        }
    }
}
