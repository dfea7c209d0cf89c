package dev.maplab.profile;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.maplab.cpu.LogicalCpu;
import dev.maplab.ringbuf.PerfBuf;
import dev.maplab.ringbuf.PerfBufConsumer;
import dev.maplab.ringbuf.PerfHandler;
import dev.maplab.ringbuf.RecordDescriptor;
import dev.maplab.ringbuf.RecordView;
import dev.maplab.ringbuf.RingBuf;
import dev.maplab.ringbuf.RingBufConsumer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ring buffer and perf buffer study ({@code ./maplab profile ringbuf}), for claims C8-C15. Writes
 * {@code out/profile/ringbuf.json} with five sections:
 * <ul>
 *   <li><b>drops</b> (C9, C12): the same total memory as one shared {@link RingBuf} or as one
 *       {@link PerfBuf} ring per CPU, fed by bursty producers on 2, 4, 8, 16 logical CPUs. A deterministic
 *       schedule drives the real structures from one thread: each tick, a burst of {@code burst} 64-byte
 *       records starts with probability {@code load / burst} (so the mean arrival is {@code load} records
 *       per tick) on a CPU drawn with skew (CPU 0 gets {@code skew + (1 - skew) / cpus} of the bursts, the
 *       others share the rest), and the consumer then drains {@code drainPerTick} records. Reported:
 *       records produced and dropped, peak and mean bytes in use, and for each design the smallest
 *       power-of-two total memory that drops nothing ({@code zeroDropBytes}).</li>
 *   <li><b>ordering</b> (C11, C13): real producer threads, one per logical CPU, stamp each record with a
 *       global ticket taken just before writing it (the event's timestamp) and a second one taken just
 *       before committing it; a consumer thread counts records consumed after a record with a larger
 *       stamp (inversions per million) against both orders.</li>
 *   <li><b>headOfLine</b> (C13): one reservation held open while another producer commits records: how
 *       many the consumer can take before and after the late commit.</li>
 *   <li><b>nmi</b> (C15): producers reserving in NMI mode (one try-lock) on a ring that never fills:
 *       failures per million attempts against the number of producers.</li>
 *   <li><b>copies</b> (C8, C10): back-to-back single-thread throughput and bytes copied per record of
 *       perfbuf output, ringbuf output and ringbuf reserve/commit, for records of 8 B .. 4 KiB. Output
 *       builds the record in a scratch buffer and the structure copies it (two writes of every byte);
 *       reserve/commit builds it in place (one). The perf consumer's copies of records that cross the
 *       end of a ring are counted.</li>
 * </ul>
 * Threaded sections depend on the machine (2 cores here: producers and consumer share them); the drops
 * section is a deterministic function of its parameters.
 */
public final class RingbufStudy {
    static final int RECORD = 64;

    private RingbufStudy() {
    }

    /** What the study measures. */
    public record Config(boolean quick, int[] cpuCounts, int[] bursts, double[] skews, long totalBytes, int ticks,
                         int load, int drainPerTick, int orderingRecords, int[] nmiProducers, int nmiAttempts,
                         int[] recordSizes, int copiesRecords, long seed) {
        public static Config quickPreset() {
            return new Config(true, new int[] {2, 4, 8, 16}, new int[] {16, 128}, new double[] {0, 0.75}, 1 << 16,
                    1_000, 8, 10, 200_000, new int[] {1, 2}, 300_000, new int[] {8, 64, 512, 4096}, 100_000, 42);
        }

        public static Config fullPreset() {
            return new Config(false, new int[] {2, 4, 8, 16}, new int[] {16, 64, 256}, new double[] {0, 0.5, 0.9},
                    1 << 16, 5_000, 8, 10, 2_000_000, new int[] {1, 2, 3, 4}, 3_000_000, new int[] {8, 64, 512, 4096},
                    1_000_000, 42);
        }
    }

    /** The {@code maplab profile ringbuf} entry point. */
    public static int run(boolean quick, Path out) {
        Config c = quick ? Config.quickPreset() : Config.fullPreset();
        ObjectNode doc = measure(c);
        ResultFiles.writeJson(ResultFiles.profileDir(out).resolve("ringbuf.json"), doc);
        System.out.println("profile ringbuf: " + ResultFiles.profileDir(out).resolve("ringbuf.json"));
        return 0;
    }

    public static ObjectNode measure(Config c) {
        ObjectNode doc = ResultFiles.JSON.createObjectNode();
        doc.put("study", "ringbuf");
        doc.put("generated", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        doc.put("quick", c.quick());
        doc.put("cores", Runtime.getRuntime().availableProcessors());
        doc.put("recordBytes", RECORD);
        doc.set("drops", drops(c));
        doc.set("ordering", ordering(c));
        doc.set("headOfLine", headOfLine());
        doc.set("nmi", nmi(c));
        doc.set("copies", copies(c));
        return doc;
    }

    // =============================================================================================
    // drops: same memory, shared ring vs per-CPU rings
    // =============================================================================================

    /** One run of the schedule; {produced, dropped, peakUsed, meanUsed}. */
    static long[] simulate(boolean shared, int cpus, long totalBytes, int burst, double skew, Config c) {
        RingBuf rb = shared ? RingBuf.ofSize((int) totalBytes) : null;
        PerfBuf pb = shared ? null : new PerfBuf(cpus, (int) (totalBytes / cpus));
        RingBufConsumer rc = shared ? new RingBufConsumer(rb, s -> 0) : null;
        PerfBufConsumer pc = shared ? null : new PerfBufConsumer(pb, new PerfHandler() {
            @Override
            public void onSample(int cpu, RecordView sample) {
            }

            @Override
            public void onLost(int cpu, long lost) {
            }
        });
        byte[] record = new byte[RECORD];
        SplittableRandom rnd = new SplittableRandom(c.seed() ^ (cpus * 31L + burst) ^ Double.doubleToLongBits(skew));
        double pBurst = Math.min(1.0, (double) c.load() / burst);
        double hot = skew + (1 - skew) / cpus;
        long produced = 0;
        long dropped = 0;
        long peak = 0;
        double usedSum = 0;
        try {
            for (int t = 0; t < c.ticks(); t++) {
                if (rnd.nextDouble() < pBurst) {
                    int cpu = rnd.nextDouble() < hot || cpus == 1 ? 0 : 1 + rnd.nextInt(cpus - 1);
                    LogicalCpu.set(cpu);
                    for (int i = 0; i < burst; i++) {
                        produced++;
                        int r = shared ? rb.output(record, 0, RECORD, RingBuf.NO_WAKEUP) : pb.output(record, 0, RECORD, PerfBuf.CURRENT_CPU);
                        if (r != 0) {
                            dropped++;
                        }
                    }
                }
                long used = shared ? rb.query(RingBuf.AVAIL_DATA) : perfUsed(pb);
                peak = Math.max(peak, used);
                usedSum += used;
                if (shared) {
                    rc.consumeN(c.drainPerTick());
                } else {
                    pc.consumeN(c.drainPerTick());
                }
            }
        } finally {
            LogicalCpu.unbind();
        }
        return new long[] {produced, dropped, peak, Math.round(usedSum / c.ticks())};
    }

    private static long perfUsed(PerfBuf pb) {
        long u = 0;
        for (int cpu = 0; cpu < pb.cpus(); cpu++) {
            u += pb.used(cpu);
        }
        return u;
    }

    /** The smallest power-of-two total memory (4 KiB .. 64 MiB) with no drop, or -1. */
    static long zeroDropBytes(boolean shared, int cpus, int burst, double skew, Config c) {
        for (long total = Math.max(4096, 64L * cpus); total <= (64L << 20); total <<= 1) {
            if (simulate(shared, cpus, total, burst, skew, c)[1] == 0) {
                return total;
            }
        }
        return -1;
    }

    static ArrayNode drops(Config c) {
        ArrayNode rows = ResultFiles.JSON.createArrayNode();
        for (int cpus : c.cpuCounts()) {
            for (int burst : c.bursts()) {
                for (double skew : c.skews()) {
                    ObjectNode row = rows.addObject();
                    row.put("cpus", cpus);
                    row.put("burst", burst);
                    row.put("skew", skew);
                    row.put("totalBytes", c.totalBytes());
                    long[] ring = simulate(true, cpus, c.totalBytes(), burst, skew, c);
                    long[] perf = simulate(false, cpus, c.totalBytes(), burst, skew, c);
                    put(row.putObject("ringbuf"), ring, zeroDropBytes(true, cpus, burst, skew, c));
                    put(row.putObject("perfbuf"), perf, zeroDropBytes(false, cpus, burst, skew, c));
                }
            }
        }
        return rows;
    }

    private static void put(ObjectNode n, long[] r, long zeroDrop) {
        n.put("produced", r[0]);
        n.put("dropped", r[1]);
        n.put("dropRate", r[0] == 0 ? 0 : (double) r[1] / r[0]);
        n.put("peakUsedBytes", r[2]);
        n.put("meanUsedBytes", r[3]);
        n.put("zeroDropBytes", zeroDrop);
    }

    // =============================================================================================
    // ordering: inversions against the global production order
    // =============================================================================================

    static ObjectNode ordering(Config c) {
        ObjectNode o = ResultFiles.JSON.createObjectNode();
        int producers = 2;
        o.put("producers", producers);
        o.put("records", c.orderingRecords());
        o.set("ringbuf", orderingRun(true, producers, c.orderingRecords()));
        o.set("perfbuf", orderingRun(false, producers, c.orderingRecords()));
        return o;
    }

    /** Inversion counts of the consumed stream: {eventStamp, commitStamp} orders, per million consumed. */
    static ObjectNode orderingRun(boolean shared, int producers, int records) {
        AtomicLong clock = new AtomicLong();
        RingBuf rb = shared ? RingBuf.ofSize(1 << 20) : null;
        PerfBuf pb = shared ? null : new PerfBuf(producers, 1 << 20, Integer.MAX_VALUE);
        long[] stats = new long[4]; // consumed, eventInversions, commitInversions, maxes dummy
        long[] max = {-1, -1};
        RingBufConsumer rc = shared ? new RingBufConsumer(rb, s -> {
            account(stats, max, s.getLong(0), s.getLong(8));
            return 0;
        }) : null;
        PerfBufConsumer pc = shared ? null : new PerfBufConsumer(pb, new PerfHandler() {
            @Override
            public void onSample(int cpu, RecordView s) {
                account(stats, max, s.getLong(0), s.getLong(8));
            }

            @Override
            public void onLost(int cpu, long lost) {
            }
        });
        AtomicBoolean done = new AtomicBoolean();
        Thread[] ts = new Thread[producers];
        int each = records / producers;
        for (int p = 0; p < producers; p++) {
            final int id = p;
            ts[p] = new Thread(() -> {
                LogicalCpu.set(id);
                byte[] rec = new byte[16];
                for (int i = 0; i < each; i++) {
                    for (;;) {
                        if (shared) {
                            long event = clock.getAndIncrement();
                            int h = rb.reserve(16);
                            if (h == RingBuf.NULL) {
                                Thread.onSpinWait();
                                continue;
                            }
                            rb.putLong(h, 0, event);
                            rb.putLong(h, 8, clock.getAndIncrement());
                            rb.submit(h, RingBuf.NO_WAKEUP);
                            break;
                        }
                        long event = clock.getAndIncrement();
                        RecordDescriptor.putLong(rec, 0, event);
                        RecordDescriptor.putLong(rec, 8, clock.getAndIncrement());
                        if (pb.output(rec, 0, 16, PerfBuf.CURRENT_CPU) == 0) {
                            break;
                        }
                        Thread.onSpinWait();
                    }
                }
            });
        }
        Thread consumer = new Thread(() -> {
            while (!done.get()) {
                if ((shared ? rc.consume() : pc.consume()) == 0) {
                    Thread.onSpinWait();
                }
            }
            if (shared) {
                rc.consume();
            } else {
                pc.consume();
            }
        });
        consumer.start();
        for (Thread t : ts) {
            t.start();
        }
        try {
            for (Thread t : ts) {
                t.join();
            }
            done.set(true);
            consumer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        ObjectNode n = ResultFiles.JSON.createObjectNode();
        n.put("consumed", stats[0]);
        n.put("eventOrderInversions", stats[1]);
        n.put("commitOrderInversions", stats[2]);
        n.put("eventOrderInversionsPerMillion", perMillion(stats[1], stats[0]));
        n.put("commitOrderInversionsPerMillion", perMillion(stats[2], stats[0]));
        return n;
    }

    private static void account(long[] stats, long[] max, long event, long commit) {
        stats[0]++;
        if (event < max[0]) {
            stats[1]++;
        }
        if (commit < max[1]) {
            stats[2]++;
        }
        max[0] = Math.max(max[0], event);
        max[1] = Math.max(max[1], commit);
    }

    private static double perMillion(long n, long of) {
        return of == 0 ? 0 : n * 1e6 / of;
    }

    // =============================================================================================
    // head-of-line blocking
    // =============================================================================================

    static ObjectNode headOfLine() {
        RingBuf rb = RingBuf.ofSize(1 << 16);
        long[] got = {0};
        RingBufConsumer c = new RingBufConsumer(rb, s -> {
            got[0]++;
            return 0;
        });
        int late = rb.reserve(64);
        byte[] rec = new byte[64];
        int behind = 100;
        for (int i = 0; i < behind; i++) {
            rb.output(rec, 0, 64, 0);
        }
        c.consume();
        long before = got[0];
        rb.submit(late, 0);
        c.consume();
        ObjectNode n = ResultFiles.JSON.createObjectNode();
        n.put("committedBehindLateRecord", behind);
        n.put("deliveredBeforeLateCommit", before);
        n.put("deliveredAfterLateCommit", got[0]);
        return n;
    }

    // =============================================================================================
    // C15: try-lock reservation failures with ample space
    // =============================================================================================

    static ArrayNode nmi(Config c) {
        ArrayNode rows = ResultFiles.JSON.createArrayNode();
        for (int producers : c.nmiProducers()) {
            RingBuf rb = RingBuf.ofSize(1 << 24);
            RingBufConsumer consumer = new RingBufConsumer(rb, s -> 0);
            AtomicBoolean done = new AtomicBoolean();
            Thread cons = new Thread(() -> {
                while (!done.get()) {
                    consumer.consume();
                }
            });
            Thread[] ts = new Thread[producers];
            int each = c.nmiAttempts() / producers;
            // All producers start together: a producer started alone can finish its attempts before the next
            // one runs, and then no try-lock ever meets a held lock.
            CountDownLatch start = new CountDownLatch(producers);
            for (int p = 0; p < producers; p++) {
                ts[p] = new Thread(() -> {
                    start.countDown();
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < each; i++) {
                        int h = rb.reserveNmi(8);
                        if (h != RingBuf.NULL) {
                            rb.submit(h, RingBuf.NO_WAKEUP);
                        }
                    }
                });
            }
            cons.start();
            for (Thread t : ts) {
                t.start();
            }
            try {
                for (Thread t : ts) {
                    t.join();
                }
                done.set(true);
                cons.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            long attempts = (long) each * producers;
            ObjectNode row = rows.addObject();
            row.put("producers", producers);
            row.put("attempts", attempts);
            row.put("lockFailures", rb.lockFailures());
            row.put("fullDrops", rb.drops());
            row.put("lockFailuresPerMillion", perMillion(rb.lockFailures(), attempts));
        }
        return rows;
    }

    // =============================================================================================
    // C10: copies and throughput
    // =============================================================================================

    static ArrayNode copies(Config c) {
        ArrayNode rows = ResultFiles.JSON.createArrayNode();
        for (int size : c.recordSizes()) {
            int n = (int) Math.max(2_000, c.copiesRecords() / Math.max(1, size / 64));
            ObjectNode row = rows.addObject();
            row.put("recordBytes", size);
            row.put("records", n);
            for (String mode : new String[] {"perfbuf-output", "ringbuf-output", "ringbuf-reserve-commit"}) {
                copiesRun(mode, size, n / 4); // warm-up
                double[] r = copiesRun(mode, size, n);
                ObjectNode m = row.putObject(mode);
                m.put("recordsPerSecond", r[0]);
                m.put("bytesCopiedPerRecord", r[1]);
                m.put("consumerCopiesPerMillion", r[2]);
            }
        }
        return rows;
    }

    /** {records/s, bytes written per record by producer and structure, consumer scratch copies per million}. */
    static double[] copiesRun(String mode, int size, int n) {
        byte[] scratch = new byte[size];
        long[] sink = {0};
        int batch = 64;
        long t0;
        long t1;
        long consumerCopies = 0;
        if (mode.equals("perfbuf-output")) {
            PerfBuf pb = new PerfBuf(1, 1 << 20, Integer.MAX_VALUE);
            PerfBufConsumer pc = new PerfBufConsumer(pb, new PerfHandler() {
                @Override
                public void onSample(int cpu, RecordView s) {
                    sink[0] += s.getByte(s.length() - 1);
                }

                @Override
                public void onLost(int cpu, long lost) {
                }
            });
            LogicalCpu.set(0);
            t0 = System.nanoTime();
            for (int i = 0; i < n; i += batch) {
                for (int j = 0; j < batch; j++) {
                    build(scratch, 0, size, i + j);
                    pb.output(scratch, 0, size, PerfBuf.CURRENT_CPU);
                }
                pc.consume();
            }
            t1 = System.nanoTime();
            LogicalCpu.unbind();
            consumerCopies = pc.scratchCopies();
        } else {
            RingBuf rb = RingBuf.ofSize(1 << 20);
            RingBufConsumer rc = new RingBufConsumer(rb, s -> {
                sink[0] += s.getByte(s.length() - 1);
                return 0;
            });
            boolean inPlace = mode.equals("ringbuf-reserve-commit");
            t0 = System.nanoTime();
            for (int i = 0; i < n; i += batch) {
                for (int j = 0; j < batch; j++) {
                    if (inPlace) {
                        int h = rb.reserve(size);
                        build(rb, h, size, i + j);
                        rb.submit(h, RingBuf.NO_WAKEUP);
                    } else {
                        build(scratch, 0, size, i + j);
                        rb.output(scratch, 0, size, RingBuf.NO_WAKEUP);
                    }
                }
                rc.consume();
            }
            t1 = System.nanoTime();
        }
        if (sink[0] == 42) {
            System.out.print("");
        }
        double copied = mode.equals("ringbuf-reserve-commit") ? size : 2.0 * size;
        return new double[] {n / ((t1 - t0) / 1e9), copied, perMillion(consumerCopies, n)};
    }

    /** The program building its event: 8-byte words into a buffer. */
    private static void build(byte[] b, int off, int size, long v) {
        for (int i = 0; i + 8 <= size; i += 8) {
            RecordDescriptor.putLong(b, off + i, v + i);
        }
    }

    private static void build(RingBuf rb, int h, int size, long v) {
        for (int i = 0; i + 8 <= size; i += 8) {
            rb.putLong(h, i, v + i);
        }
    }
}
