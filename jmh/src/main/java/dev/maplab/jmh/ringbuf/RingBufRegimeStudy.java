package dev.maplab.jmh.ringbuf;

import dev.maplab.jmh.ringbuf.RingBufPairedBench.Side;
import dev.maplab.jmh.ringbuf.RingBufThroughputBench.Channel;
import java.util.ArrayList;
import java.util.List;

/**
 * Why a ring delivers what it delivers: a study run by hand, beside {@link RingBufPairedBench}.
 *
 * <p>An MPSC ring with a consumer that polls settles in one of two regimes. If the consumer is faster than the
 * producers, it keeps up: the ring stays nearly empty and the consumer polls the lines the producers are
 * writing, so every record pays for cache-line transfers on both sides. If the producers are faster, the ring
 * fills: the consumer works a lap behind, on lines nobody else touches, and the throughput is the consumer's
 * own speed. So which regime a ring falls into decides its score as much as its code does, and a ring whose
 * consumer is cheaper can end up slower.
 *
 * <p>Two measurements, for each ring named on the command line:
 * <ol>
 *   <li>Uncontended costs, one thread: fill the empty ring without a consumer (ns per record produced), then
 *       drain it without producers (ns per record consumed). 100 warm-up rounds, 100 measured.</li>
 *   <li>The rings in rotating 10 ms slices of one JVM, as {@link RingBufPairedBench} runs a pair: records per µs
 *       of each ring's own slices and its mean fill (the fraction of its capacity holding unconsumed records,
 *       sampled at the end of each slice), printed per second of slices.</li>
 * </ol>
 *
 * <p>Usage: {@code java --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -cp jmh/target/benchmarks.jar
 * dev.maplab.jmh.ringbuf.RingBufRegimeStudy maplab,maplab-lockfree,agrona 1 12} (rings, producers, seconds;
 * a fourth argument sets the spin-wait hints after an empty poll, default 1; a fifth the sampled notification
 * rate in records, default 0: the consumer never sleeps).
 */
public final class RingBufRegimeStudy {
    private static final long SLICE_NANOS = 10_000_000L;
    private static final int RECORD_SIZE = 64;

    private RingBufRegimeStudy() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            throw new IllegalArgumentException(
                    "usage: RingBufRegimeStudy <impl,impl,...> <producers> <seconds> [emptyPollSpins] [wakeupSampleRate]");
        }
        String[] impls = args[0].split(",");
        int producers = positive("producers", args[1]);
        int seconds = positive("seconds", args[2]);
        int spins = args.length > 3 ? positive("emptyPollSpins", args[3]) : 1;
        int sampleRate = args.length > 4 ? atLeast("wakeupSampleRate", args[4], 0) : 0;
        for (String impl : impls) {
            double[] ns = uncontended(impl);
            System.out.printf("uncontended %-16s producer %5.1f ns/record, consumer %5.1f ns/record%n", impl, ns[0], ns[1]);
        }
        rotate(impls, producers, seconds, spins, sampleRate);
    }

    private static int positive(String name, String value) {
        return atLeast(name, value, 1);
    }

    private static int atLeast(String name, String value, int min) {
        int v;
        try {
            v = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            v = min - 1;
        }
        if (v < min) {
            throw new IllegalArgumentException(name + " = " + value + ": a whole number of at least " + min);
        }
        return v;
    }

    /** {ns per record produced into an empty ring, ns per record drained from a full one}, one thread. */
    static double[] uncontended(String impl) {
        Channel channel = Channel.create(impl, 1, RECORD_SIZE);
        Channel.Producer producer = channel.producer(0);
        double produceNs = 0;
        double consumeNs = 0;
        for (int round = 0; round < 200; round++) {
            long t0 = System.nanoTime();
            int n = 0;
            while (producer.produce()) {
                n++;
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                channel.receiveOne();
            }
            long t2 = System.nanoTime();
            if (round >= 100) {
                produceNs += (t1 - t0) / (double) n / 100;
                consumeNs += (t2 - t1) / (double) n / 100;
            }
        }
        return new double[] {produceNs, consumeNs};
    }

    /** The rings in rotating slices; prints records per µs and mean fill per second of slices, then the means. */
    static void rotate(String[] impls, int producers, int seconds, int spins, int sampleRate) throws InterruptedException {
        List<Side> sides = new ArrayList<>();
        for (String impl : impls) {
            sides.add(Side.start(Channel.create(impl, producers, RECORD_SIZE), producers, spins, sampleRate, impl));
        }
        int k = sides.size();
        double[] rateSum = new double[k];
        double[] fillSum = new double[k];
        int rounds = Math.max(1, 100 / k);
        for (int s = 0; s < seconds; s++) {
            long[] records = new long[k];
            long[] nanos = new long[k];
            double[] fill = new double[k];
            for (int r = 0; r < rounds; r++) {
                for (int j = 0; j < k; j++) {
                    int i = (j + r) % k; // a different ring goes first in each round
                    long t0 = System.nanoTime();
                    records[i] += sides.get(i).runSlice(SLICE_NANOS);
                    nanos[i] += System.nanoTime() - t0;
                    fill[i] += sides.get(i).channel.fill() / rounds;
                }
            }
            StringBuilder line = new StringBuilder(String.format("second %2d", s));
            for (int i = 0; i < k; i++) {
                double rate = records[i] * 1000.0 / nanos[i];
                if (s > 0) { // the first second is warm-up
                    rateSum[i] += rate;
                    fillSum[i] += fill[i];
                }
                line.append(String.format("  %s %6.2f rec/us, fill %3.0f%%", impls[i], rate, 100 * fill[i]));
            }
            System.out.println(line);
        }
        StringBuilder mean = new StringBuilder("mean     ");
        for (int i = 0; i < k; i++) {
            mean.append(String.format("  %s %6.2f rec/us, fill %3.0f%% (%.2fx %s)", impls[i], rateSum[i] / (seconds - 1),
                    100 * fillSum[i] / (seconds - 1), rateSum[i] / rateSum[k - 1], impls[k - 1]));
        }
        System.out.println(seconds > 1 ? mean : "mean: run at least 2 seconds");
        for (Side side : sides) {
            side.stop();
        }
    }
}
