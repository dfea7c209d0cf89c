package dev.maplab.ringbuf;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * The operations Lincheck drives on a ring buffer: two producers, each reserving (and writing) a record,
 * then submitting or discarding it in a later operation, and one consumer taking at most one record
 * per call ({@code consume_n(1)}).
 *
 * <p>Each producer is a {@code nonParallelGroup} (its operations run on one thread, as a program's
 * reservation belongs to its CPU); its open reservation is held between operations. The consumer is
 * its own group (single consumer). Reservations take the spin lock ({@code blocking = true}).
 *
 * <p>Configuration: a 64-byte ring (63 usable bytes), samples of {@code 8k} bytes for {@code k} in
 * 1..3 (footprints 16, 24, 32), so "full" happens within three records. Producer {@code p} writes the
 * value {@code p * 10 + v} as the sample's first long and as every following byte; the consumer returns
 * {@code value * 100 + length}, {@code -1} when nothing is ready, {@code -99} for a torn sample and
 * {@code -98} for a length no producer wrote.
 */
@Param(name = "v", gen = IntGen.class, conf = "1:3")
@Param(name = "k", gen = IntGen.class, conf = "1:3")
public abstract class RingBufOperations {
    public static final int SIZE = 64;

    protected final RingBuf rb;
    private final RingBufConsumer consumer;
    private final int[] held = {RingBuf.NULL, RingBuf.NULL};
    private long delivered;

    protected RingBufOperations(RingBuf rb, ConsumerFactory consumer) {
        this.rb = rb;
        this.consumer = consumer.create(rb, this::onSample);
    }

    /** Builds the consumer under test (production or a mutant). */
    @FunctionalInterface
    public interface ConsumerFactory {
        RingBufConsumer create(RingBuf rb, SampleHandler handler);
    }

    private int onSample(RecordView s) {
        int len = s.length();
        if (len < 8 || len > 24 || len % 8 != 0) {
            delivered = -98;
            return 0;
        }
        long value = s.getLong(0);
        for (int i = 8; i < len; i++) {
            if (s.getByte(i) != (byte) value) {
                delivered = -99;
                return 0;
            }
        }
        delivered = value * 100 + len;
        return 0;
    }

    /** 1: reserved and written; 0: no space (NULL); -2: this producer already holds a reservation. */
    private int reserve(int p, int v, int k) {
        if (held[p] != RingBuf.NULL) {
            return -2;
        }
        int len = 8 * k;
        int h = rb.reserve(len);
        if (h == RingBuf.NULL) {
            return 0;
        }
        long value = p * 10L + v;
        rb.putLong(h, 0, value);
        for (int i = 8; i < len; i++) {
            rb.putByte(h, i, (byte) value);
        }
        held[p] = h;
        return 1;
    }

    private boolean commit(int p, boolean discard) {
        int h = held[p];
        if (h == RingBuf.NULL) {
            return false;
        }
        held[p] = RingBuf.NULL;
        if (discard) {
            rb.discard(h, 0);
        } else {
            rb.submit(h, 0);
        }
        return true;
    }

    @Operation(nonParallelGroup = "p0", blocking = true)
    public int reserve0(@Param(name = "v") int v, @Param(name = "k") int k) {
        return reserve(0, v, k);
    }

    @Operation(nonParallelGroup = "p0")
    public boolean submit0() {
        return commit(0, false);
    }

    @Operation(nonParallelGroup = "p0")
    public boolean discard0() {
        return commit(0, true);
    }

    @Operation(nonParallelGroup = "p1", blocking = true)
    public int reserve1(@Param(name = "v") int v, @Param(name = "k") int k) {
        return reserve(1, v, k);
    }

    @Operation(nonParallelGroup = "p1")
    public boolean submit1() {
        return commit(1, false);
    }

    @Operation(nonParallelGroup = "p1")
    public boolean discard1() {
        return commit(1, true);
    }

    /** At most one record: {@code value * 100 + length}, or -1 when none is ready. */
    @Operation(nonParallelGroup = "consumer")
    public long consume() {
        delivered = -1;
        int n = consumer.consumeN(1);
        if (n < 0) {
            return -97;
        }
        return delivered;
    }
}
