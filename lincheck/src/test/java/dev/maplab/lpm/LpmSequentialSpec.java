package dev.maplab.lpm;

/**
 * The sequential meaning of {@link LpmOperations}: the reference longest-prefix matcher ({@link
 * ReferenceLpm}, the selftest's linear scan) with the kernel's update rules and max_entries.
 */
public class LpmSequentialSpec {
    private final ReferenceLpm ref = new ReferenceLpm(1, LpmOperations.MAX_ENTRIES);

    public long lookup(int addr) {
        return ref.lookup(new byte[] {(byte) LpmOperations.ADDRS[addr]}, 8, -1);
    }

    public int update(int prefix, int v, int flags) {
        return ref.update(new byte[] {(byte) LpmOperations.PREFIX_DATA[prefix]}, LpmOperations.PREFIX_LEN[prefix],
                prefix * 10L + v, flags);
    }

    public int delete(int prefix) {
        return ref.delete(new byte[] {(byte) LpmOperations.PREFIX_DATA[prefix]}, LpmOperations.PREFIX_LEN[prefix]);
    }
}
