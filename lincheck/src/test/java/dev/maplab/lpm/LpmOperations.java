package dev.maplab.lpm;

import dev.maplab.api.MapFlags;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * The operations Lincheck drives on an LPM trie: lock-free full-length lookups of addresses against
 * updates (every flag) and deletes of a fixed set of prefixes.
 *
 * <p>One data byte (max_prefixlen 8), max_entries 4, and five prefixes chosen so that the trie goes
 * through every shape: an intermediate node (/2 above {@code 000/3} and {@code 001/3}), a covering prefix
 * inserted above others ({@code 0/1}, {@code 00000000/8} below {@code 000/3}), replacements that keep
 * children, deletes that turn a node intermediate or take an intermediate parent with them, and
 * {@code -ENOSPC} once four are in.
 * <pre>
 *   prefix 0: 0.......  /1        addr 0: 00000000  (prefixes 4, 1, 0)
 *   prefix 1: 000.....  /3        addr 1: 00111111  (prefixes 2, 0)
 *   prefix 2: 001.....  /3        addr 2: 01011010  (prefixes 3, 0)
 *   prefix 3: 01......  /2        addr 3: 10011100  (none)
 *   prefix 4: 00000000  /8
 * </pre>
 * A stored value is {@code prefix * 10 + v}, so a lookup's result names the prefix it matched.
 */
@Param(name = "prefix", gen = IntGen.class, conf = "0:4")
@Param(name = "addr", gen = IntGen.class, conf = "0:3")
@Param(name = "v", gen = IntGen.class, conf = "1:3")
@Param(name = "flags", gen = IntGen.class, conf = "0:2")
public abstract class LpmOperations {
    public static final int MAX_ENTRIES = 4;
    public static final int[] PREFIX_DATA = {0x00, 0x00, 0x20, 0x40, 0x00};
    public static final int[] PREFIX_LEN = {1, 3, 3, 2, 8};
    public static final int[] ADDRS = {0x00, 0x3f, 0x5a, 0x9c};

    protected final LpmTrie trie;

    protected LpmOperations(LpmTrie trie) {
        this.trie = trie;
    }

    public static MapSpec spec() {
        return MapSpec.builder(MapType.LPM_TRIE).keySize(5).valueSize(8).maxEntries(MAX_ENTRIES).flags(MapFlags.NO_PREALLOC)
                .cpus(1).build();
    }

    static byte[] key(int prefix) {
        return LpmKeys.of(PREFIX_LEN[prefix], (byte) PREFIX_DATA[prefix]);
    }

    /** The value of the longest matching prefix, or -1. */
    @Operation
    public long lookup(@Param(name = "addr") int addr) {
        return trie.lookupWords((long) ADDRS[addr] << 56, 0, 8, -1);
    }

    @Operation
    public int update(@Param(name = "prefix") int prefix, @Param(name = "v") int v, @Param(name = "flags") int flags) {
        return trie.update(key(prefix), prefix * 10L + v, flags);
    }

    @Operation
    public int delete(@Param(name = "prefix") int prefix) {
        return trie.delete(key(prefix));
    }
}
