package dev.maplab.lpm;

import dev.maplab.api.BatchResult;
import dev.maplab.api.BpfMap;
import dev.maplab.api.Errno;
import dev.maplab.api.Errors;
import dev.maplab.api.MapFlags;
import dev.maplab.api.MapOperation;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import dev.maplab.cpu.SpinLock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The BPF longest-prefix-match trie ({@code kernel/bpf/lpm_trie.c}): BPF_MAP_TYPE_LPM_TRIE, a binary,
 * path-compressed trie with lock-free lookups and one lock for all updates.
 *
 * <h2>Keys</h2>
 * A key is {@code struct bpf_lpm_trie_key_u8}: a u32 prefix length (little-endian, as on x86-64) followed
 * by {@code data_size = key_size - 4} data bytes (1..256) in network (big-endian) order;
 * {@code max_prefixlen = 8 * data_size}. Bit {@code i} of the data is bit {@code 7 - i % 8} of byte
 * {@code i / 8}. Data bits beyond the prefix length are stored as given (the kernel copies the whole
 * data) and returned by get_next_key, but never compared.
 *
 * <h2>The trie</h2>
 * Each {@link Node} holds a prefix ({@code prefixlen} bits of its data), its value, two children and a
 * flags word whose one bit, {@link #FLAG_IM}, marks an <em>intermediate</em> node: a branching point
 * that no element was stored under. Intermediate nodes carry no value and always have two children. A
 * node's children extend its prefix: child {@code b} holds prefixes whose bit {@code prefixlen} is b.
 * Path compression: a node's child may be many bits longer than the node.
 *
 * <h2>Lookup: lock-free ({@code trie_lookup_elem})</h2>
 * From the root, compute the length of the common prefix of the node and the key (word at a time: XOR
 * and count leading zeros, the kernel's {@code __longest_prefix_match}), limited to the shorter of the
 * two. A match of {@code max_prefixlen} bits is exact: return that node. A match shorter than the node's
 * prefix ends the walk. Otherwise remember the node unless it is intermediate, and descend on the key's
 * bit at position {@code node.prefixlen}. The result is the last node remembered. Lookups take no lock,
 * write nothing and allocate nothing; a lookup with {@code prefixlen > max_prefixlen} finds nothing.
 *
 * <h2>Update and delete: one lock ({@code trie_update_elem}, {@code trie_delete_elem})</h2>
 * Both take the trie's spin lock and walk down from the root to the slot (the root, or a child pointer)
 * where the key belongs. Update allocates its node before taking the lock (as the kernel does) and then:
 * <ul>
 *   <li>empty slot: the new node goes in (a new element: capacity checked);</li>
 *   <li>a node with exactly this prefix: a new node with the old one's children replaces it (an element:
 *       {@code BPF_NOEXIST} gives {@code -EEXIST}; an intermediate node: counts as a new element);</li>
 *   <li>the new prefix covers the node: the new node goes in above it, the old node its child;</li>
 *   <li>otherwise an intermediate node for the common prefix goes in, with the old and the new node as
 *       its children.</li>
 * </ul>
 * A new element with {@code BPF_EXIST} gives {@code -ENOENT}; a new element when {@code n_entries ==
 * max_entries} gives {@code -ENOSPC} (not {@code -E2BIG}); replacing an element of a full trie succeeds
 * (Hou Tao's fixes, Dec 2024). Flags above {@code BPF_EXIST} (including {@code BPF_F_LOCK}) and a prefix
 * longer than {@code max_prefixlen} give {@code -EINVAL}.
 * <p>Delete finds the exact (prefix, length) element ({@code -ENOENT} otherwise, intermediate nodes
 * included). A node with two children becomes intermediate in place (its flags word). A leaf whose parent
 * is intermediate takes the parent with it: the sibling moves up into the parent's slot. Otherwise the
 * node's only child, or nothing, takes its slot.
 *
 * <h2>Publication and memory</h2>
 * Every change reaches readers through one store-release into one slot ({@code rcu_assign_pointer}), of a
 * node that is complete: prefix, data and value are final fields written by its constructor, and its
 * children are stored before the slot is ({@link #link}). Readers load slots with load-acquire
 * ({@code rcu_dereference}). A node is never changed after publication except its flags word
 * (element to intermediate, on delete) and, in a node still in the trie, the child pointers that later
 * updates publish into. Removed and replaced nodes are simply dropped: a reader still standing on one
 * keeps a consistent view of it and of everything it points to, and the garbage collector frees it once
 * no reader can reach it, which is what the kernel's RCU grace period ({@code kfree_rcu}, then
 * {@code bpf_mem_cache_free_rcu}) guarantees.
 *
 * <h2>get_next_key ({@code trie_get_next_key})</h2>
 * Post-order over elements (children before parents, child 0 before child 1): more specific prefixes
 * before the prefixes that cover them. A null key, a key longer than {@code max_prefixlen}, or a key that
 * is not an element starts from the first node in post-order; after the last, {@code -ENOENT}.
 *
 * <h2>Mapping to the kernel, and what is lost</h2>
 * The kernel allocates nodes from {@code bpf_mem_alloc} and can fail with {@code -ENOMEM}; here the Java
 * heap allocates them (lookups never allocate). The trie lock is {@link SpinLock}; the kernel's lock is a
 * raw spinlock, then an rqspinlock (2025) whose failure ({@code -EBUSY} or {@code -EDEADLK} on a detected
 * deadlock) cannot happen without re-entrant programs, so it is not modelled.
 *
 * <h2>Reading guide</h2>
 * {@link #match} and {@link #find} (the lock-free walk), {@link #link} (the one publication step; the
 * mutant in {@code dev.maplab.lpm.mutant} breaks it), {@link #updateLocked}, {@link #deleteLocked},
 * {@link #nextKey}; then the byte[] syscall API.
 */
public class LpmTrie implements BpfMap {
    /** {@code LPM_TREE_NODE_FLAG_IM}: an intermediate node, not an element. */
    public static final int FLAG_IM = 1;

    private static final VarHandle ROOT;
    private static final VarHandle CHILD0;
    private static final VarHandle CHILD1;
    private static final VarHandle FLAGS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            ROOT = l.findVarHandle(LpmTrie.class, "root", Node.class);
            CHILD0 = l.findVarHandle(Node.class, "child0", Node.class);
            CHILD1 = l.findVarHandle(Node.class, "child1", Node.class);
            FLAGS = l.findVarHandle(Node.class, "flags", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * {@code struct lpm_trie_node}. The data is held as big-endian 64-bit words (zero padded): the first
     * two inline, so that an IPv4 or IPv6 comparison reads no other object, the rest in {@link #more}.
     */
    protected static final class Node {
        final int prefixlen;
        final long w0;
        final long w1;
        /** Data words 2.. (data_size > 16 bytes only); shared, never written after construction. */
        final long[] more;
        /** The value ({@code null} for an intermediate node). */
        final byte[] value;
        /** The value's first 8 bytes, little-endian (the {@code long} fast path). */
        final long value64;
        /** {@link #FLAG_IM} or 0. Accessed through {@link #FLAGS}. */
        int flags;
        /** Accessed through {@link #CHILD0} / {@link #CHILD1}. */
        Node child0;
        Node child1;

        Node(int prefixlen, long w0, long w1, long[] more, byte[] value, int flags) {
            this.prefixlen = prefixlen;
            this.w0 = w0;
            this.w1 = w1;
            this.more = more;
            this.value = value;
            long v = 0;
            if (value != null) {
                for (int i = Math.min(8, value.length) - 1; i >= 0; i--) {
                    v = (v << 8) | (value[i] & 0xffL);
                }
            }
            this.value64 = v;
            this.flags = flags;
        }

        long word(int i) {
            return i == 0 ? w0 : i == 1 ? w1 : more[i - 2];
        }

        /** The node's prefix length (for tests and mutants). */
        public int prefixlen() {
            return prefixlen;
        }
    }

    protected final MapSpec spec;
    protected final int dataSize;
    protected final int dataWords;
    protected final int maxPrefixlen;
    protected final int valueSize;
    protected final int maxEntries;
    /** The root slot. Accessed through {@link #ROOT}. */
    private Node root;
    /** Elements (not intermediate nodes). Plain: under the lock. */
    protected int nEntries;
    /** The trie lock word. */
    private final int[] lockWord = new int[16];

    public LpmTrie(MapSpec spec) {
        if (spec == null || spec.type() != MapType.LPM_TRIE) {
            throw Errors.badArgument("spec.type", spec == null ? "null" : spec.type(), "LpmTrie builds LPM_TRIE");
        }
        this.spec = spec;
        this.dataSize = spec.keySize() - MapSpec.LPM_KEY_HEADER;
        this.dataWords = (dataSize + 7) >>> 3;
        this.maxPrefixlen = 8 * dataSize;
        this.valueSize = spec.valueSize();
        this.maxEntries = spec.maxEntries();
    }

    /** An LPM trie with {@code dataBytes} of key data (4: IPv4, 16: IPv6) and {@code valueSize}-byte values. */
    public static LpmTrie create(int dataBytes, int valueSize, long maxEntries) {
        return new LpmTrie(MapSpec.builder(MapType.LPM_TRIE).keySize(MapSpec.LPM_KEY_HEADER + dataBytes).valueSize(valueSize)
                .maxEntries(maxEntries).flags(MapFlags.NO_PREALLOC).build());
    }

    // =============================================================================================
    // Slots and flags (the orderings)
    // =============================================================================================

    /** {@code rcu_dereference} of a slot: load-acquire, pairs with the store-release in {@link #soSlot}. */
    protected final Node lvSlot(Node parent, int bit) {
        if (parent == null) {
            return (Node) ROOT.getAcquire(this);
        }
        return (Node) (bit == 0 ? CHILD0.getAcquire(parent) : CHILD1.getAcquire(parent));
    }

    /** A slot read by the writer holding the lock: plain (the lock orders it with earlier writers). */
    protected final Node lpSlot(Node parent, int bit) {
        if (parent == null) {
            return root;
        }
        return bit == 0 ? parent.child0 : parent.child1;
    }

    /** {@code rcu_assign_pointer} into a slot: store-release, pairs with {@link #lvSlot}. */
    protected final void soSlot(Node parent, int bit, Node node) {
        if (parent == null) {
            ROOT.setRelease(this, node);
        } else if (bit == 0) {
            CHILD0.setRelease(parent, node);
        } else {
            CHILD1.setRelease(parent, node);
        }
    }

    /** The children of a node not yet reachable: plain stores, ordered by the release that publishes it. */
    protected final void spChildren(Node node, Node c0, Node c1) {
        node.child0 = c0;
        node.child1 = c1;
    }

    /** The children of a node that may already be reachable: a store-release each, pairing with {@link #lvSlot}. */
    protected final void soChildren(Node node, Node c0, Node c1) {
        CHILD0.setRelease(node, c0);
        CHILD1.setRelease(node, c1);
    }

    /** Flags, load-acquire: pairs with the store-release in {@link #deleteLocked} that marks a node intermediate. */
    protected static int lvFlags(Node n) {
        return (int) FLAGS.getAcquire(n);
    }

    // =============================================================================================
    // Bits and prefix matching
    // =============================================================================================

    /** Data word {@code i} of a key array (data at byte 4), big-endian, zero padded past the data. */
    protected final long keyWord(byte[] key, int i) {
        int off = MapSpec.LPM_KEY_HEADER + 8 * i;
        int n = Math.min(8, dataSize - 8 * i);
        long v = 0;
        for (int j = 0; j < n; j++) {
            v |= (key[off + j] & 0xffL) << (56 - 8 * j);
        }
        return v;
    }

    private long keyWord(long k0, long k1, byte[] key, int i) {
        return i == 0 ? k0 : i == 1 ? k1 : keyWord(key, i);
    }

    /** {@code extract_bit}: bit {@code index} of the data given as words. */
    private static int bit(long word, int index) {
        return (int) (word >>> (63 - (index & 63))) & 1;
    }

    private int keyBit(long k0, long k1, byte[] key, int index) {
        return bit(keyWord(k0, k1, key, index >>> 6), index);
    }

    private static int nodeBit(Node n, int index) {
        return bit(n.word(index >>> 6), index);
    }

    /**
     * {@code longest_prefix_match}: the number of leading bits that {@code node} and the key have in
     * common, at most {@code min(node.prefixlen, keyPrefixlen)}. Word at a time: XOR, count leading zeros.
     */
    protected final int match(Node node, long k0, long k1, byte[] key, int keyPrefixlen) {
        int limit = Math.min(node.prefixlen, keyPrefixlen);
        int prefixlen = 0;
        for (int i = 0; i < dataWords && prefixlen < limit; i++) {
            long diff = node.word(i) ^ keyWord(k0, k1, key, i);
            prefixlen += Long.numberOfLeadingZeros(diff);
            if (prefixlen >= limit) {
                return limit;
            }
            if (diff != 0) {
                return prefixlen;
            }
        }
        return Math.min(prefixlen, limit);
    }

    // =============================================================================================
    // The lock-free lookup
    // =============================================================================================

    /**
     * {@code trie_lookup_elem}: the node of the longest stored prefix of the key (data words {@code k0},
     * {@code k1}, then {@code key}'s own for longer data), or null.
     */
    protected final Node find(long k0, long k1, byte[] key, int keyPrefixlen) {
        if (Integer.compareUnsigned(keyPrefixlen, maxPrefixlen) > 0) {
            return null;
        }
        Node found = null;
        Node node = lvSlot(null, 0);
        while (node != null) {
            int matchlen = match(node, k0, k1, key, keyPrefixlen);
            if (matchlen == maxPrefixlen) {
                found = node; // an exact full-length match: nothing can be more specific
                break;
            }
            if (matchlen < node.prefixlen) {
                break;
            }
            if ((lvFlags(node) & FLAG_IM) == 0) {
                found = node;
            }
            node = lvSlot(node, keyBit(k0, k1, key, node.prefixlen));
        }
        return found;
    }

    private Node find(byte[] key) {
        return find(keyWord(key, 0), dataWords > 1 ? keyWord(key, 1) : 0, key, prefixlenOf(key));
    }

    /** The key's u32 prefix length (little-endian). */
    private static int prefixlenOf(byte[] key) {
        return (key[0] & 0xff) | (key[1] & 0xff) << 8 | (key[2] & 0xff) << 16 | (key[3] & 0xff) << 24;
    }

    // =============================================================================================
    // Publication (the mutant differs here)
    // =============================================================================================

    /**
     * Publishes the new, complete {@code node} into slot ({@code parent}, {@code bit}) ({@code parent ==
     * null}: the root): its children {@code c0} and {@code c1} first, then one store-release of the slot.
     */
    protected void link(Node parent, int bit, Node node, Node c0, Node c1) {
        spChildren(node, c0, c1);
        soSlot(parent, bit, node);
    }

    // =============================================================================================
    // Update and delete (under the lock)
    // =============================================================================================

    /** {@code trie_check_add_elem}: a new element under {@code flags}: -ENOENT (EXIST), -ENOSPC (full), or counted. */
    private int checkAdd(long flags) {
        if (flags == UpdateFlags.EXIST) {
            return -Errno.ENOENT;
        }
        if (nEntries == maxEntries) {
            return -Errno.ENOSPC;
        }
        nEntries++;
        return 0;
    }

    private Node newNode(byte[] key, byte[] value) {
        long[] more = null;
        if (dataWords > 2) {
            more = new long[dataWords - 2];
            for (int i = 2; i < dataWords; i++) {
                more[i - 2] = keyWord(key, i);
            }
        }
        return new Node(prefixlenOf(key), keyWord(key, 0), dataWords > 1 ? keyWord(key, 1) : 0, more, value, 0);
    }

    /** {@code trie_update_elem}: {@code value} is the caller's copy, owned by the trie from here on. */
    protected final int updateElement(byte[] key, byte[] value, long flags) {
        if (Long.compareUnsigned(flags, UpdateFlags.EXIST) > 0) {
            return -Errno.EINVAL; // includes BPF_F_LOCK and NOEXIST|EXIST
        }
        if (Integer.compareUnsigned(prefixlenOf(key), maxPrefixlen) > 0) {
            return -Errno.EINVAL;
        }
        Node fresh = newNode(key, value); // allocated before the lock, as lpm_trie_node_alloc is
        SpinLock.lock(lockWord, 0);
        try {
            return updateLocked(key, fresh, flags);
        } finally {
            SpinLock.unlock(lockWord, 0);
        }
    }

    private int updateLocked(byte[] key, Node fresh, long flags) {
        final int plen = fresh.prefixlen;
        final long k0 = fresh.w0;
        final long k1 = fresh.w1;
        Node parent = null;
        int bit = 0;
        Node node;
        int matchlen = 0;
        while ((node = lpSlot(parent, bit)) != null) {
            matchlen = match(node, k0, k1, key, plen);
            if (node.prefixlen != matchlen || node.prefixlen == plen) {
                break;
            }
            parent = node;
            bit = keyBit(k0, k1, key, node.prefixlen);
        }
        if (node == null) {
            int r = checkAdd(flags);
            if (r != 0) {
                return r;
            }
            link(parent, bit, fresh, null, null);
            return 0;
        }
        if (node.prefixlen == matchlen) {
            // The exact prefix is in the trie: replace the node, keeping its children.
            if ((node.flags & FLAG_IM) == 0) {
                if (flags == UpdateFlags.NOEXIST) {
                    return -Errno.EEXIST;
                }
            } else {
                int r = checkAdd(flags);
                if (r != 0) {
                    return r;
                }
            }
            link(parent, bit, fresh, node.child0, node.child1);
            return 0;
        }
        int r = checkAdd(flags);
        if (r != 0) {
            return r;
        }
        if (matchlen == plen) {
            // The new prefix covers node: it goes in above it.
            int nb = nodeBit(node, matchlen);
            link(parent, bit, fresh, nb == 0 ? node : null, nb == 1 ? node : null);
            return 0;
        }
        // Neither covers the other: an intermediate node for the common prefix, with both as children.
        Node im = new Node(matchlen, node.w0, node.w1, node.more, null, FLAG_IM);
        if (keyBit(k0, k1, key, matchlen) == 1) {
            link(parent, bit, im, node, fresh);
        } else {
            link(parent, bit, im, fresh, node);
        }
        return 0;
    }

    /** {@code trie_delete_elem}. */
    protected final int deleteElement(byte[] key) {
        if (Integer.compareUnsigned(prefixlenOf(key), maxPrefixlen) > 0) {
            return -Errno.EINVAL;
        }
        SpinLock.lock(lockWord, 0);
        try {
            return deleteLocked(key);
        } finally {
            SpinLock.unlock(lockWord, 0);
        }
    }

    private int deleteLocked(byte[] key) {
        final int plen = prefixlenOf(key);
        final long k0 = keyWord(key, 0);
        final long k1 = dataWords > 1 ? keyWord(key, 1) : 0;
        // trim = the slot holding node; trim2 = the slot holding parent.
        Node trimParent = null;
        int trimBit = 0;
        Node trim2Parent = null;
        int trim2Bit = 0;
        Node parent = null;
        Node node;
        int matchlen = 0;
        while ((node = lpSlot(trimParent, trimBit)) != null) {
            matchlen = match(node, k0, k1, key, plen);
            if (node.prefixlen != matchlen || node.prefixlen == plen) {
                break;
            }
            parent = node;
            trim2Parent = trimParent;
            trim2Bit = trimBit;
            trimParent = node;
            trimBit = keyBit(k0, k1, key, node.prefixlen);
        }
        if (node == null || node.prefixlen != plen || node.prefixlen != matchlen || (node.flags & FLAG_IM) != 0) {
            return -Errno.ENOENT;
        }
        nEntries--;
        Node c0 = node.child0;
        Node c1 = node.child1;
        if (c0 != null && c1 != null) {
            // Two children: the node stays as an intermediate node. Release: pairs with lvFlags.
            FLAGS.setRelease(node, node.flags | FLAG_IM);
            return 0;
        }
        if (parent != null && (parent.flags & FLAG_IM) != 0 && c0 == null && c1 == null) {
            // A leaf under an intermediate node: the sibling takes the intermediate node's slot.
            Node sibling = parent.child0 == node ? parent.child1 : parent.child0;
            soSlot(trim2Parent, trim2Bit, sibling);
            return 0;
        }
        soSlot(trimParent, trimBit, c0 != null ? c0 : c1);
        return 0;
    }

    // =============================================================================================
    // get_next_key (lock-free, post-order)
    // =============================================================================================

    /** {@code trie_get_next_key}: the node after {@code key} in post-order (null key: the first), or null at the end. */
    protected final Node nextKey(byte[] key) {
        Node searchRoot = lvSlot(null, 0);
        if (searchRoot == null) {
            return null;
        }
        if (key != null && Integer.compareUnsigned(prefixlenOf(key), maxPrefixlen) <= 0) {
            int plen = prefixlenOf(key);
            long k0 = keyWord(key, 0);
            long k1 = dataWords > 1 ? keyWord(key, 1) : 0;
            Node[] stack = new Node[maxPrefixlen + 1];
            int sp = -1;
            Node node = searchRoot;
            int matchlen = 0;
            while (node != null) {
                stack[++sp] = node;
                matchlen = match(node, k0, k1, key, plen);
                if (node.prefixlen != matchlen || node.prefixlen == plen) {
                    break;
                }
                node = lvSlot(node, keyBit(k0, k1, key, node.prefixlen));
            }
            if (node != null && node.prefixlen == plen && node.prefixlen == matchlen && (lvFlags(node) & FLAG_IM) == 0) {
                // The exact element: the next one in post-order is up the path.
                node = stack[sp];
                Node found = null;
                while (sp > 0) {
                    Node p = stack[sp - 1];
                    if (lvSlot(p, 0) == node) {
                        Node right = lvSlot(p, 1);
                        if (right != null) {
                            return leftmost(right);
                        }
                    }
                    if ((lvFlags(p) & FLAG_IM) == 0) {
                        found = p;
                        break;
                    }
                    node = p;
                    sp--;
                }
                return found;
            }
        }
        return leftmost(searchRoot);
    }

    /** The first element in post-order below {@code node}: leftmost descent, skipping intermediate nodes. */
    private Node leftmost(Node node) {
        Node next = null;
        while (node != null) {
            if ((lvFlags(node) & FLAG_IM) != 0) {
                node = lvSlot(node, 0);
            } else {
                next = node;
                node = lvSlot(node, 0);
                if (node == null) {
                    node = lvSlot(next, 1);
                }
            }
        }
        return next;
    }

    // =============================================================================================
    // The long and word fast paths (8-byte values): allocation-free
    // =============================================================================================

    private void requireLongValue() {
        if (valueSize != 8) {
            throw Errors.badArgument("valueSize", valueSize, "the long API needs valueSize 8; use the byte[] API");
        }
    }

    /** Lookup of a key array (u32 prefixlen + data): the 8-byte value, or {@code absent}. */
    public long lookup(byte[] key, long absent) {
        requireLongValue();
        Errors.requireLength("key", key, spec.keySize());
        Node n = find(key);
        return n == null ? absent : n.value64;
    }

    /**
     * Lookup of data given as big-endian words (data of at most 16 bytes: {@code w0} holds bytes 0..7,
     * {@code w1} bytes 8..15; an IPv4 address {@code a} is {@code (long) a << 32}): the 8-byte value of
     * the longest stored prefix of its first {@code prefixlen} bits, or {@code absent}.
     */
    public long lookupWords(long w0, long w1, int prefixlen, long absent) {
        requireLongValue();
        if (dataWords > 2) {
            throw Errors.badArgument("dataSize", dataSize, "lookupWords takes data of at most 16 bytes; use lookup(byte[], long)");
        }
        Node n = find(w0, w1, null, prefixlen);
        return n == null ? absent : n.value64;
    }

    /** Full-length lookup of an IPv4 address (4-byte data): the value, or {@code absent}. */
    public long lookupIpv4(int address, long absent) {
        return lookupWords((long) address << 32, 0, 32, absent);
    }

    /** Update with an 8-byte value. */
    public int update(byte[] key, long value, long flags) {
        requireLongValue();
        Errors.requireLength("key", key, spec.keySize());
        byte[] v = new byte[8];
        for (int i = 0; i < 8; i++) {
            v[i] = (byte) (value >>> (8 * i));
        }
        return updateElement(key, v, flags);
    }

    // =============================================================================================
    // The byte[] syscall API (BpfMap)
    // =============================================================================================

    @Override
    public MapSpec spec() {
        return spec;
    }

    @Override
    public Set<MapOperation> operations() {
        return EnumSet.of(MapOperation.LOOKUP, MapOperation.PROGRAM_LOOKUP, MapOperation.UPDATE, MapOperation.DELETE,
                MapOperation.GET_NEXT_KEY, MapOperation.LOOKUP_BATCH, MapOperation.UPDATE_BATCH, MapOperation.DELETE_BATCH);
    }

    private boolean canRead() {
        return !spec.hasFlag(MapFlags.WRONLY);
    }

    private boolean canWrite() {
        return !spec.hasFlag(MapFlags.RDONLY);
    }

    @Override
    public int lookup(byte[] key, byte[] valueOut) {
        Errors.requireLength("key", key, spec.keySize());
        Errors.requireLength("valueOut", valueOut, valueSize);
        if (!canRead()) {
            return -Errno.EPERM;
        }
        return copyValue(find(key), valueOut);
    }

    /** {@code bpf_map_lookup_elem} from a program: the same lock-free lookup (no access check). */
    @Override
    public int programLookup(byte[] key, byte[] valueOut) {
        Errors.requireLength("key", key, spec.keySize());
        Errors.requireLength("valueOut", valueOut, valueSize);
        return copyValue(find(key), valueOut);
    }

    private static int copyValue(Node n, byte[] out) {
        if (n == null) {
            return -Errno.ENOENT;
        }
        System.arraycopy(n.value, 0, out, 0, out.length);
        return 0;
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        Errors.requireLength("key", key, spec.keySize());
        Errors.requireLength("value", value, valueSize);
        if (!canWrite()) {
            return -Errno.EPERM;
        }
        return updateElement(key, value.clone(), flags);
    }

    @Override
    public int delete(byte[] key) {
        Errors.requireLength("key", key, spec.keySize());
        if (!canWrite()) {
            return -Errno.EPERM;
        }
        return deleteElement(key);
    }

    @Override
    public int getNextKey(byte[] key, byte[] nextKeyOut) {
        if (key != null) {
            Errors.requireLength("key", key, spec.keySize());
        }
        Errors.requireLength("nextKeyOut", nextKeyOut, spec.keySize());
        if (!canRead()) {
            return -Errno.EPERM;
        }
        Node n = nextKey(key);
        if (n == null) {
            return -Errno.ENOENT;
        }
        writeKey(n, nextKeyOut);
        return 0;
    }

    private void writeKey(Node n, byte[] out) {
        out[0] = (byte) n.prefixlen;
        out[1] = (byte) (n.prefixlen >>> 8);
        out[2] = (byte) (n.prefixlen >>> 16);
        out[3] = (byte) (n.prefixlen >>> 24);
        for (int i = 0; i < dataSize; i++) {
            out[MapSpec.LPM_KEY_HEADER + i] = (byte) (n.word(i >>> 3) >>> (56 - 8 * (i & 7)));
        }
    }

    /**
     * {@code generic_map_lookup_batch}: keys from get_next_key, starting after {@code inBatch} (the last
     * key of the previous call; null: from the first); a key whose lookup finds nothing is skipped.
     * {@code -ENOENT} when get_next_key runs out; {@code outBatch} is the last key returned.
     */
    @Override
    public BatchResult lookupBatch(byte[] inBatch, int count) {
        if (count < 0) {
            throw Errors.badArgument("count", count, "must be >= 0");
        }
        if (inBatch != null) {
            Errors.requireLength("inBatch", inBatch, spec.keySize());
        }
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        if (count == 0) {
            return new BatchResult(0, 0, inBatch, keys, values);
        }
        if (!canRead()) {
            return new BatchResult(-Errno.EPERM, 0, inBatch, keys, values);
        }
        byte[] prev = inBatch;
        int result = 0;
        while (keys.size() < count) {
            byte[] k = new byte[spec.keySize()];
            if (getNextKey(prev, k) != 0) {
                result = -Errno.ENOENT;
                break;
            }
            byte[] v = new byte[valueSize];
            if (lookup(k, v) == 0) {
                keys.add(k);
                values.add(v);
            }
            prev = k;
        }
        return new BatchResult(result, keys.size(), keys.isEmpty() ? inBatch : keys.get(keys.size() - 1), keys, values);
    }

    // =============================================================================================
    // Introspection (tests, studies)
    // =============================================================================================

    /** Elements stored ({@code n_entries}; intermediate nodes not counted). */
    public int size() {
        SpinLock.lock(lockWord, 0);
        try {
            return nEntries;
        } finally {
            SpinLock.unlock(lockWord, 0);
        }
    }

    /** Nodes in the trie, intermediate ones included (walked under the lock). */
    public int nodeCount() {
        SpinLock.lock(lockWord, 0);
        try {
            return count(root);
        } finally {
            SpinLock.unlock(lockWord, 0);
        }
    }

    /** Intermediate nodes in the trie (walked under the lock). */
    public int intermediateCount() {
        SpinLock.lock(lockWord, 0);
        try {
            return countIntermediate(root);
        } finally {
            SpinLock.unlock(lockWord, 0);
        }
    }

    /** The deepest root-to-leaf path, in nodes (walked under the lock). */
    public int depth() {
        SpinLock.lock(lockWord, 0);
        try {
            return depth(root);
        } finally {
            SpinLock.unlock(lockWord, 0);
        }
    }

    /**
     * Checks the trie's shape (walked under the lock): every child extends its parent's prefix and sits on
     * the side of its bit, every intermediate node has two children, and {@code n_entries} counts the
     * elements. Returns the first violation, or null.
     */
    public String checkInvariants() {
        SpinLock.lock(lockWord, 0);
        try {
            int[] elements = {0};
            String v = check(root, null, 0, elements);
            if (v == null && elements[0] != nEntries) {
                v = "n_entries = " + nEntries + " but " + elements[0] + " elements are linked";
            }
            return v;
        } finally {
            SpinLock.unlock(lockWord, 0);
        }
    }

    private String check(Node n, Node parent, int side, int[] elements) {
        if (n == null) {
            return null;
        }
        if ((n.flags & FLAG_IM) == 0) {
            elements[0]++;
        } else if (n.child0 == null || n.child1 == null) {
            return "intermediate node /" + n.prefixlen + " has fewer than two children";
        }
        if (parent != null) {
            if (n.prefixlen <= parent.prefixlen) {
                return "child /" + n.prefixlen + " is not longer than its parent /" + parent.prefixlen;
            }
            for (int i = 0; i < parent.prefixlen; i++) {
                if (nodeBit(n, i) != nodeBit(parent, i)) {
                    return "child /" + n.prefixlen + " does not extend its parent /" + parent.prefixlen + " at bit " + i;
                }
            }
            if (nodeBit(n, parent.prefixlen) != side) {
                return "child /" + n.prefixlen + " is on side " + side + " of /" + parent.prefixlen + " but its bit is "
                        + nodeBit(n, parent.prefixlen);
            }
        }
        String v = check(n.child0, n, 0, elements);
        return v != null ? v : check(n.child1, n, 1, elements);
    }

    private static int count(Node n) {
        return n == null ? 0 : 1 + count(n.child0) + count(n.child1);
    }

    private static int countIntermediate(Node n) {
        return n == null ? 0 : ((n.flags & FLAG_IM) != 0 ? 1 : 0) + countIntermediate(n.child0) + countIntermediate(n.child1);
    }

    private static int depth(Node n) {
        return n == null ? 0 : 1 + Math.max(depth(n.child0), depth(n.child1));
    }

    public int maxPrefixlen() {
        return maxPrefixlen;
    }

    public int dataSize() {
        return dataSize;
    }

    @Override
    public String toString() {
        return "LpmTrie" + spec;
    }
}
