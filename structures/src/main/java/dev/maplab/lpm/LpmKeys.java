package dev.maplab.lpm;

import dev.maplab.api.Errors;
import dev.maplab.api.MapSpec;

/**
 * Builds LPM trie keys ({@code struct bpf_lpm_trie_key_u8}: u32 prefix length, little-endian, then the
 * data bytes in network order) for tests, benchmarks and studies.
 */
public final class LpmKeys {
    private LpmKeys() {
    }

    /** A key of {@code data.length} data bytes with prefix length {@code prefixlen}. */
    public static byte[] of(int prefixlen, byte... data) {
        byte[] k = new byte[MapSpec.LPM_KEY_HEADER + data.length];
        k[0] = (byte) prefixlen;
        k[1] = (byte) (prefixlen >>> 8);
        k[2] = (byte) (prefixlen >>> 16);
        k[3] = (byte) (prefixlen >>> 24);
        System.arraycopy(data, 0, k, MapSpec.LPM_KEY_HEADER, data.length);
        return k;
    }

    /** An IPv4 key: {@code ipv4("192.168.0.0", 16)}. */
    public static byte[] ipv4(String dotted, int prefixlen) {
        String[] parts = dotted.split("\\.");
        if (parts.length != 4) {
            throw Errors.badArgument("address", dotted, "four dotted decimal octets");
        }
        byte[] d = new byte[4];
        for (int i = 0; i < 4; i++) {
            int v = Integer.parseInt(parts[i]);
            if (v < 0 || v > 255) {
                throw Errors.badArgument("address", dotted, "octets 0..255");
            }
            d[i] = (byte) v;
        }
        return of(prefixlen, d);
    }

    /** An IPv4 key from the address as an int (network order: the first octet is the high byte). */
    public static byte[] ipv4(int address, int prefixlen) {
        return of(prefixlen, (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address);
    }

    /** An IPv6 key from the address as two big-endian words. */
    public static byte[] ipv6(long hi, long lo, int prefixlen) {
        byte[] d = new byte[16];
        for (int i = 0; i < 8; i++) {
            d[i] = (byte) (hi >>> (56 - 8 * i));
            d[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return of(prefixlen, d);
    }

    /** An IPv6 key from its text form ({@code "2a00:1450:4001:814::200e"}; {@code ::} at most once). */
    public static byte[] ipv6(String text, int prefixlen) {
        long[] w = ipv6Words(text);
        return ipv6(w[0], w[1], prefixlen);
    }

    /** The two big-endian words of an IPv6 address in text form. */
    public static long[] ipv6Words(String text) {
        String[] halves = text.split("::", -1);
        if (halves.length > 2) {
            throw Errors.badArgument("address", text, "at most one '::'");
        }
        int[] groups = new int[8];
        String[] head = halves[0].isEmpty() ? new String[0] : halves[0].split(":");
        String[] tail = halves.length == 2 && !halves[1].isEmpty() ? halves[1].split(":") : new String[0];
        if (halves.length == 1 && head.length != 8 || head.length + tail.length > 8) {
            throw Errors.badArgument("address", text, "eight 16-bit groups (or fewer with '::')");
        }
        for (int i = 0; i < head.length; i++) {
            groups[i] = Integer.parseInt(head[i], 16);
        }
        for (int i = 0; i < tail.length; i++) {
            groups[8 - tail.length + i] = Integer.parseInt(tail[i], 16);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 4; i++) {
            hi = (hi << 16) | (groups[i] & 0xffffL);
            lo = (lo << 16) | (groups[4 + i] & 0xffffL);
        }
        return new long[] {hi, lo};
    }

    /** The prefix length of a key. */
    public static int prefixlen(byte[] key) {
        return (key[0] & 0xff) | (key[1] & 0xff) << 8 | (key[2] & 0xff) << 16 | (key[3] & 0xff) << 24;
    }

    /** Bit {@code i} of a key's data (MSB-first within each byte). */
    public static int bit(byte[] key, int i) {
        return (key[MapSpec.LPM_KEY_HEADER + i / 8] >> (7 - i % 8)) & 1;
    }

    /** The key in text: data bytes in hex, then {@code /prefixlen}. */
    public static String toString(byte[] key) {
        StringBuilder sb = new StringBuilder();
        for (int i = MapSpec.LPM_KEY_HEADER; i < key.length; i++) {
            sb.append(String.format("%02x", key[i] & 0xff));
        }
        return sb.append('/').append(prefixlen(key)).toString();
    }
}
