package dev.maplab.array;

import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import java.util.function.IntToLongFunction;

/** Byte layouts (little-endian, as on x86-64) and map construction shared by the array tests. */
final class ArrayTestSupport {
    private ArrayTestSupport() {
    }

    /** An array of s64 values (key int, value 8 bytes) for {@code cpus} logical CPUs. */
    static ArrayMap longs(MapType type, int maxEntries, int cpus) {
        return new ArrayMap(spec(type, 8, maxEntries, cpus));
    }

    static MapSpec spec(MapType type, int valueSize, int maxEntries, int cpus) {
        return MapSpec.builder(type).keySize(4).valueSize(valueSize).maxEntries(maxEntries).cpus(cpus).build();
    }

    static byte[] key(int i) {
        return ArrayMap.key(i);
    }

    static int le32(byte[] b) {
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    static byte[] le64(long v) {
        byte[] b = new byte[8];
        putLe64(b, 0, v);
        return b;
    }

    static void putLe64(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    static long le64(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }

    /** A per-CPU syscall value with 8-byte slots: slot {@code c} holds {@code slot.applyAsLong(c)}. */
    static byte[] perCpu(int cpus, IntToLongFunction slot) {
        byte[] v = new byte[8 * cpus];
        for (int c = 0; c < cpus; c++) {
            putLe64(v, 8 * c, slot.applyAsLong(c));
        }
        return v;
    }

    /** The 8-byte slots of a per-CPU syscall value. */
    static long[] slots(byte[] value) {
        long[] s = new long[value.length / 8];
        for (int c = 0; c < s.length; c++) {
            s[c] = le64(value, 8 * c);
        }
        return s;
    }

    /** A value of {@code size} bytes, every byte {@code b}. */
    static byte[] filled(int size, int b) {
        byte[] v = new byte[size];
        java.util.Arrays.fill(v, (byte) b);
        return v;
    }
}
