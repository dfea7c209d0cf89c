package dev.maplab.lru;

import dev.maplab.api.Errno;
import dev.maplab.api.Errors;
import dev.maplab.api.MapFlags;
import dev.maplab.api.MapSpec;
import dev.maplab.api.UpdateFlags;
import dev.maplab.cpu.LogicalCpu;
import dev.maplab.hash.ElementArena;
import dev.maplab.hash.HashTable;
import dev.maplab.hash.JHash;
import dev.maplab.hash.NullsMarker;
import dev.maplab.hash.ReplaceProtocol;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * BPF_MAP_TYPE_LRU_HASH and BPF_MAP_TYPE_LRU_PERCPU_HASH ({@code kernel/bpf/hashtab.c}, the {@code htab_lru_*}
 * functions): the preallocated {@link HashTable} whose free elements are managed by the {@link BpfLru}
 * (common, or per-CPU with {@code BPF_F_NO_COMMON_LRU}). Element {@code e} is LRU node {@code e}; there is
 * no freelist and no spare element, and {@code max_entries} elements in all (for the per-CPU LRU, MapSpec
 * has already rounded max_entries up to a multiple of the CPU count).
 *
 * <h2>Kernel version modelled</h2>
 * Mainline from v6.16: the common LRU refills {@code target_free = clamp((max_entries / N) / 2, 1, 128)}
 * nodes at a time (commit {@code d4adf1c9ee77}), N = the map's logical CPU count; the per-CPU LRU shrinks
 * 4 at a time. Leon Hwang's 2026 series (per-CPU extra LRU nodes, so that updating an existing key in a
 * full map no longer evicts) is not known to be merged and is not modelled: the quirk is reproduced.
 *
 * <h2>Update ({@code htab_lru_map_update_elem}, {@code __htab_lru_percpu_map_update_elem})</h2>
 * <ol>
 *   <li>{@code flags > BPF_EXIST} ({@code BPF_F_LOCK} included) is {@code -EINVAL}.</li>
 *   <li><b>Acquire a node first</b> ({@code prealloc_lru_pop} → {@link BpfLru#popFree}), before the bucket
 *       lock, because acquiring may evict other elements, which takes <em>their</em> bucket locks (lock
 *       order: LRU locks, then a bucket lock). No node: {@code -ENOMEM}. LRU_PERCPU_HASH with
 *       {@code BPF_EXIST} takes no node, so it never evicts.</li>
 *   <li>Lock the bucket, look the key up, <b>then</b> check the flags: {@code -EEXIST} / {@code -ENOENT}.
 *       An eviction done by step 2 stands, even when the flags fail; it may even have evicted the key
 *       being updated (selftest L-03: {@code update(k, BPF_EXIST)} on a full map answers {@code -ENOENT}).</li>
 *   <li>LRU_HASH: link the new node at the head; if the key existed, set the new node's ref bit and unlink
 *       the old one (the kernel's replace order, {@link ReplaceProtocol#KERNEL}; with
 *       {@link ReplaceProtocol#LINEARIZABLE} the value is overwritten in place inside the element's seqlock
 *       instead, its ref bit set, and the new node freed). LRU_PERCPU_HASH: an existing key is updated in
 *       place and its ref bit set; a new key is linked at the head.</li>
 *   <li>After unlocking, free ({@link BpfLru#pushFree}) the replaced element, or on failure the unused new
 *       node: a node still on a pending list returns to its owner CPU's local free list, any other to the
 *       global free list (per-CPU LRU: its CPU's free list).</li>
 * </ol>
 *
 * <h2>Lookups, deletes, iteration</h2>
 * Program-style lookups set the found element's ref bit (only if it reads 0): {@link #lookup(long, long)}
 * (the long fast path is program-style, as {@link HashTable}'s long paths are: per-CPU maps read the
 * current CPU's slot) and {@link #programLookup}. Syscall-style lookups ({@link #lookup(byte[], byte[])},
 * {@link #lookupWithoutRef}), get_next_key, lookup_and_delete and batches never touch it. Delete and
 * lookup_and_delete unlink under the bucket lock and push the node after unlocking. An eviction
 * ({@link #delFromHtab}) finds the element by identity in its bucket under the bucket lock and unlinks
 * it; it fails if the element is not linked (an update between acquiring and linking it, a delete
 * between unlinking and freeing it).
 *
 * <h2>Element count</h2>
 * {@link #elementCount()} is the kernel's {@code bpf_map_sum_elem_count}: incremented when a node is
 * acquired, decremented when one is freed or evicted (per-CPU cells, atomic adds since two threads may
 * share a logical CPU). When no operation is in flight it equals the number of linked elements (L-16).
 *
 * <h2>What Java changes</h2>
 * Readers use the hash table's lock-free walk with its nulls restart and per-element seqlock: an evicted
 * element is reused at once, exactly like a deleted one, so the same protocol covers it (the LRU lists
 * are separate arrays: freeing or evicting never touches the chain link a parked reader follows). A ref
 * bit set by a lookup may land on an element that was evicted and reused meanwhile (the kernel has the
 * same race; it only costs accuracy). The re-entrancy guard and rqspinlock errors are not modelled.
 */
public class LruHashTable extends HashTable implements BpfLru.Evictor {
    private static final VarHandle LONG = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int COUNT_CELL = 8;

    protected final BpfLru lru;
    /** Per-CPU element counts ({@code elem_count}), one cache line apart. */
    private final long[] counts;
    private volatile EvictionListener evictionListener;

    /** Told about every eviction (studies, invariant checks). */
    @FunctionalInterface
    public interface EvictionListener {
        /**
         * Element {@code element} holding key {@code key0} (its first 8 bytes) was just evicted. Called with
         * LRU locks and the element's bucket lock held: record and return, never call the map.
         */
        void evicted(int element, long key0);
    }

    /** An LRU map with the kernel's replace order for LRU_HASH (what replay uses). */
    public static LruHashTable kernel(MapSpec spec) {
        return new LruHashTable(spec, ReplaceProtocol.KERNEL);
    }

    /** An LRU map whose LRU_HASH replacements overwrite in place (after acquiring a node, as the kernel order requires). */
    public static LruHashTable linearizable(MapSpec spec) {
        return new LruHashTable(spec, ReplaceProtocol.LINEARIZABLE);
    }

    public LruHashTable(MapSpec spec, ReplaceProtocol protocol) {
        super(spec, protocol, true);
        this.counts = new long[cpus * COUNT_CELL];
        this.lru = createLru(spec.maxEntries(), cpus, spec.hasFlag(MapFlags.NO_COMMON_LRU));
        if (lru == null || lru.nodes() != arena.elements) {
            throw new IllegalStateException("createLru must return an LRU over all " + arena.elements + " elements");
        }
    }

    /** The LRU over this table's elements; a mutant may return a broken one. */
    protected BpfLru createLru(int nodes, int cpus, boolean percpu) {
        return new BpfLru(nodes, cpus, percpu, this);
    }

    // =============================================================================================
    // Acquiring, freeing and evicting elements
    // =============================================================================================

    /** {@code prealloc_lru_pop}: a node for a new element of hash {@code h} (may evict), or NONE. */
    protected final int acquire(int h) {
        int n = lru.popFree(h);
        if (n != NONE) {
            countAdd(1);
        }
        return n;
    }

    /** {@code htab_lru_push_free}: element {@code e}, no longer linked, back to the LRU. */
    protected final void release(int e) {
        countAdd(-1);
        lru.pushFree(e);
    }

    private void countAdd(int d) {
        // Atomic: two threads may share a logical CPU id. Summed by elementCount().
        LONG.getAndAdd(counts, LogicalCpu.current(cpus) * COUNT_CELL, (long) d);
    }

    @Override
    protected void freeElement(int cpu, int e) {
        release(e);
    }

    /**
     * {@code htab_lru_map_delete_node}, the LRU's {@code del_from_htab}: unlinks element {@code node} if it is
     * in bucket {@code h & mask}, under that bucket's lock (called with LRU locks held: the kernel's order).
     */
    @Override
    public boolean delFromHtab(int node, int h) {
        int b = h & mask;
        lockBucket(b);
        try {
            for (int e = lpHead(b); !NullsMarker.isNulls(e); e = arena.lpNext(e)) {
                if (e == node) {
                    unlink(e);
                    countAdd(-1);
                    EvictionListener l = evictionListener;
                    if (l != null) {
                        l.evicted(e, arena.word(arena.keyOffset(e)));
                    }
                    return true;
                }
            }
            return false;
        } finally {
            unlockBucket(b);
        }
    }

    /** EEXIST / ENOENT, decided after the node was acquired ({@code check_flags}). */
    protected static int checkFlags(int old, long flags) {
        if (old != NONE && flags == UpdateFlags.NOEXIST) {
            return -Errno.EEXIST;
        }
        if (old == NONE && flags == UpdateFlags.EXIST) {
            return -Errno.ENOENT;
        }
        return 0;
    }

    // =============================================================================================
    // Update
    // =============================================================================================

    /** The kernel's LRU update order: acquire (maybe evict), lock, look up, check flags, link, unlock, free. */
    @Override
    protected int updateElement(int hash, long key0, long[] key, long v, byte[] bytes, int slot, long flags) {
        if (Long.compareUnsigned(flags, UpdateFlags.EXIST) > 0) {
            return -Errno.EINVAL; // map_flags > BPF_EXIST: unknown flags, BPF_F_LOCK included
        }
        int fresh = NONE;
        if (!percpu || flags != UpdateFlags.EXIST) {
            fresh = acquire(hash);
            if (fresh == NONE) {
                return -Errno.ENOMEM;
            }
        }
        int b = hash & mask;
        int ret;
        int toFree;
        lockBucket(b);
        try {
            int old = findLocked(b, hash, key0, key);
            ret = checkFlags(old, flags);
            toFree = ret == 0 ? linkLocked(b, old, fresh, hash, key0, key, v, bytes, slot) : fresh;
        } finally {
            unlockBucket(b);
        }
        // After unlocking: the replaced element, or the unused new node, back to the LRU.
        if (toFree != NONE) {
            release(toFree);
        }
        return ret;
    }

    /**
     * With bucket {@code b} locked and the flags accepted: links the new key, or replaces or overwrites
     * {@code old}. Returns the element to free after unlocking: the replaced {@code old}, the unused
     * {@code fresh} (in-place update), or NONE.
     */
    protected final int linkLocked(int b, int old, int fresh, int hash, long key0, long[] key, long v, byte[] bytes, int slot) {
        if (old == NONE) {
            publishNew(b, fresh, hash, key0, key, v, bytes, slot);
            return NONE;
        }
        if (percpu || protocol == ReplaceProtocol.LINEARIZABLE) {
            lru.setRef(old);
            overwriteInPlace(old, v, bytes, slot);
            return fresh;
        }
        lru.setRef(fresh);
        replace(b, old, fresh, hash, key0, key, v, bytes, slot);
        return old;
    }

    // =============================================================================================
    // Lookups
    // =============================================================================================

    private void requireLongKeys() {
        if (keySize != 8 || valueSize != 8) {
            throw Errors.badArgument("key/value size", keySize + "/" + valueSize,
                    "the long API needs keySize 8 and valueSize 8; use the byte[] API");
        }
    }

    /**
     * Program-style lookup of an 8-byte key ({@code bpf_map_lookup_elem} from a BPF program): the value (for
     * LRU_PERCPU_HASH the current CPU's slot) or {@code absent}; sets the element's ref bit if it reads 0.
     */
    @Override
    public long lookup(long key, long absent) {
        requireLongKeys();
        int h = hashOf(key);
        int slot = percpu ? LogicalCpu.current(cpus) : 0;
        for (;;) {
            long found = findElement(h & mask, h, key, null);
            if (found == NOT_FOUND) {
                return absent;
            }
            int e = (int) found;
            long v = arena.word(arena.valueOffset(e, slot));
            if (stillValid(e, found)) {
                lru.setRef(e);
                return v;
            }
        }
    }

    /** The same read as {@link #lookup(long, long)} without touching the ref bit (syscall-style, one slot). */
    public long lookupWithoutRef(long key, long absent) {
        return super.lookup(key, absent);
    }

    /** Program-style lookup through the byte API: this CPU's slot of a per-CPU value; sets the ref bit. */
    @Override
    public int programLookup(byte[] key, byte[] valueOut) {
        Errors.requireLength("key", key, keySize);
        long[] kw = new long[arena.keyWords];
        ElementArena.toWords(key, 0, keySize, kw, 0);
        int slot = percpu ? LogicalCpu.current(cpus) : -1;
        Errors.requireLength("valueOut", valueOut, percpu ? arena.valueWords * 8 : valueSize);
        int h = JHash.htabHash(key, keySize, seed);
        for (;;) {
            long found = findElement(h & mask, h, kw[0], kw);
            if (found == NOT_FOUND) {
                return -Errno.ENOENT;
            }
            int e = (int) found;
            copyValue(e, valueOut, slot);
            if (stillValid(e, found)) {
                lru.setRef(e);
                return 0;
            }
        }
    }

    // =============================================================================================
    // Introspection (tests, invariants, studies)
    // =============================================================================================

    public BpfLru lru() {
        return lru;
    }

    /** Sets (or with null removes) the listener told about every eviction. */
    public void setEvictionListener(EvictionListener listener) {
        this.evictionListener = listener;
    }

    /** {@code bpf_map_sum_elem_count}: acquired minus freed and evicted nodes, all CPUs. */
    public long elementCount() {
        long n = 0;
        for (int c = 0; c < cpus; c++) {
            n += (long) LONG.getVolatile(counts, c * COUNT_CELL);
        }
        return n;
    }

    /** Elements on the LRU's free lists (global, per-CPU and local). */
    @Override
    public int freeElements() {
        return lru.freeNodes();
    }

    /** The element (= LRU node) holding an 8-byte key, or NONE (a lock-free lookup that sets no ref bit). */
    public int elementOf(long key) {
        requireLongKeys();
        int h = hashOf(key);
        long found = findElement(h & mask, h, key, null);
        return found == NOT_FOUND ? NONE : (int) found;
    }

    /** The first 8 bytes of element {@code e}'s key (a plain read: meaningful when no operation is in flight). */
    public long keyOf(int e) {
        return arena.word(arena.keyOffset(e));
    }

    /**
     * The whole map's invariants, to be called when no operation is in flight: the LRU's list structure
     * ({@link BpfLru#checkStructure}); every linked element is a node on an in-use list (active, inactive or a
     * pending list) and every node on those lists is linked; linked elements never exceed max_entries; the
     * element count equals them. Null when all hold, else what is wrong.
     */
    public String checkInvariants() {
        StringBuilder err = new StringBuilder();
        String s = lru.checkStructure();
        if (s != null) {
            err.append(s);
        }
        boolean[] linked = new boolean[arena.elements];
        int n = 0;
        for (int b = 0; b < nBuckets; b++) {
            lockBucket(b);
            try {
                for (int e = lpHead(b); !NullsMarker.isNulls(e); e = arena.lpNext(e)) {
                    if (linked[e]) {
                        err.append("element ").append(e).append(" is linked twice; ");
                        break;
                    }
                    linked[e] = true;
                    if (++n > arena.elements) {
                        break;
                    }
                }
            } finally {
                unlockBucket(b);
            }
        }
        if (n > spec.maxEntries()) {
            err.append(n).append(" elements linked, more than max_entries ").append(spec.maxEntries()).append("; ");
        }
        for (int e = 0; e < arena.elements; e++) {
            byte t = lru.typeOf(e);
            boolean inUse = t == BpfLru.ACTIVE || t == BpfLru.INACTIVE || t == BpfLru.LOCAL_PENDING;
            if (inUse != linked[e]) {
                err.append("element ").append(e).append(linked[e] ? " is linked but its node is " : " is not linked but its node is ")
                        .append(BpfLru.typeName(t)).append("; ");
            }
        }
        long count = elementCount();
        if (count != n) {
            err.append("element count ").append(count).append(" but ").append(n).append(" elements linked; ");
        }
        return err.length() == 0 ? null : err.toString();
    }

    @Override
    public String toString() {
        return "LruHashTable" + spec + "/" + protocol + "/" + lru;
    }
}
