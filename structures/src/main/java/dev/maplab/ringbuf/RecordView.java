package dev.maplab.ringbuf;

import java.util.Objects;

/**
 * A zero-copy view of one delivered sample: {@link #length()} bytes of a backing array starting at
 * {@link #offset()}. For the ring buffer the backing array is the ring's own data area (libbpf hands the
 * callback a pointer into the mmap'd ring); for the perf buffer it is the ring's data area too, or the
 * consumer's scratch buffer for a record that wraps around the end (libbpf copies those).
 *
 * <p>One view per consumer is reused for every sample, so a drain allocates nothing. It is valid only
 * during the callback: once the callback returns, the consumer releases the space to the producers.
 * Reads are plain: the consumer saw the record's header committed with an acquire load, which orders
 * them after the producer's writes.
 */
public final class RecordView {
    private byte[] array;
    private int offset;
    private int length;

    RecordView() {
    }

    void set(byte[] array, int offset, int length) {
        this.array = array;
        this.offset = offset;
        this.length = length;
    }

    /** The sample length in bytes. */
    public int length() {
        return length;
    }

    /** The backing array (for zero-copy access, e.g. {@code ByteBuffer.wrap(array(), offset(), length())}). */
    public byte[] array() {
        return array;
    }

    /** The sample's first byte in {@link #array()}. */
    public int offset() {
        return offset;
    }

    public byte getByte(int index) {
        Objects.checkIndex(index, length);
        return array[offset + index];
    }

    /** A little-endian int at {@code index}. */
    public int getInt(int index) {
        Objects.checkFromIndexSize(index, 4, length);
        return RecordDescriptor.getInt(array, offset + index);
    }

    /** A little-endian long at {@code index}. */
    public long getLong(int index) {
        Objects.checkFromIndexSize(index, 8, length);
        return RecordDescriptor.getLong(array, offset + index);
    }

    /** Copies {@code len} bytes from {@code index} into {@code dst}. */
    public void copyTo(int index, byte[] dst, int dstOff, int len) {
        Objects.checkFromIndexSize(index, len, length);
        System.arraycopy(array, offset + index, dst, dstOff, len);
    }

    /** A copy of the whole sample (allocates; for tests and tools). */
    public byte[] toArray() {
        byte[] b = new byte[length];
        System.arraycopy(array, offset, b, 0, length);
        return b;
    }
}
