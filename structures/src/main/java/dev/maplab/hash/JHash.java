package dev.maplab.hash;

/**
 * Bob Jenkins' lookup3 hash as the kernel has it ({@code include/linux/jhash.h}), bit for bit.
 *
 * <p>The hash table picks the function by key length exactly as {@code htab_map_hash()} does:
 * {@link #jhash2} over {@code key_size / 4} native (little-endian) 32-bit words when the key size is
 * a multiple of 4, otherwise {@link #jhash} over the bytes. The two give different values for the
 * same bytes, so the split matters for matching a kernel map's bucket order.
 */
public final class JHash {
    /** {@code JHASH_INITVAL}: an arbitrary value, the golden ratio in the original. */
    public static final int JHASH_INITVAL = 0xdeadbeef;

    private JHash() {
    }

    /** {@code htab_map_hash(key, key_len, seed)}. */
    public static int htabHash(byte[] key, int keyLen, int seed) {
        if ((keyLen & 3) == 0) {
            return jhash2(key, keyLen >>> 2, seed);
        }
        return jhash(key, keyLen, seed);
    }

    /** {@code htab_map_hash} of an 8-byte key held in a {@code long} (x86-64 byte order): jhash2 over two words. */
    public static int htabHash64(long key, int seed) {
        int a = JHASH_INITVAL + (2 << 2) + seed;
        int b = a;
        int c = a;
        b += (int) (key >>> 32);
        a += (int) key;
        // __jhash_final(a, b, c)
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return c;
    }

    /** {@code jhash(key, length, initval)} over {@code length} bytes. */
    public static int jhash(byte[] k, int length, int initval) {
        int a = JHASH_INITVAL + length + initval;
        int b = a;
        int c = a;
        int off = 0;
        while (length > 12) {
            a += le32(k, off);
            b += le32(k, off + 4);
            c += le32(k, off + 8);
            // __jhash_mix(a, b, c)
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
            length -= 12;
            off += 12;
        }
        switch (length) {
            case 12: c += (k[off + 11] & 0xff) << 24; // fall through
            case 11: c += (k[off + 10] & 0xff) << 16; // fall through
            case 10: c += (k[off + 9] & 0xff) << 8; // fall through
            case 9: c += k[off + 8] & 0xff; // fall through
            case 8: b += (k[off + 7] & 0xff) << 24; // fall through
            case 7: b += (k[off + 6] & 0xff) << 16; // fall through
            case 6: b += (k[off + 5] & 0xff) << 8; // fall through
            case 5: b += k[off + 4] & 0xff; // fall through
            case 4: a += (k[off + 3] & 0xff) << 24; // fall through
            case 3: a += (k[off + 2] & 0xff) << 16; // fall through
            case 2: a += (k[off + 1] & 0xff) << 8; // fall through
            case 1:
                a += k[off] & 0xff;
                c = fin(a, b, c);
                break;
            default: // case 0: nothing left to add
                break;
        }
        return c;
    }

    /** {@code jhash2(k, length, initval)} over {@code length} little-endian 32-bit words of {@code k}. */
    public static int jhash2(byte[] k, int length, int initval) {
        int a = JHASH_INITVAL + (length << 2) + initval;
        int b = a;
        int c = a;
        int off = 0;
        while (length > 3) {
            a += le32(k, off);
            b += le32(k, off + 4);
            c += le32(k, off + 8);
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
            length -= 3;
            off += 12;
        }
        switch (length) {
            case 3: c += le32(k, off + 8); // fall through
            case 2: b += le32(k, off + 4); // fall through
            case 1:
                a += le32(k, off);
                c = fin(a, b, c);
                break;
            default:
                break;
        }
        return c;
    }

    /** {@code __jhash_final(a, b, c)}, returning c. */
    private static int fin(int a, int b, int c) {
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return c;
    }

    static int le32(byte[] k, int off) {
        return (k[off] & 0xff) | (k[off + 1] & 0xff) << 8 | (k[off + 2] & 0xff) << 16 | (k[off + 3] & 0xff) << 24;
    }
}
