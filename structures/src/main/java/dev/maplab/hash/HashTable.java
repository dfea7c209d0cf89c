package dev.maplab.hash;

import dev.maplab.api.BatchResult;
import dev.maplab.api.BpfMap;
import dev.maplab.api.Errno;
import dev.maplab.api.Errors;
import dev.maplab.api.MapFlags;
import dev.maplab.api.MapOperation;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import dev.maplab.cpu.LogicalCpu;
import dev.maplab.cpu.SpinLock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The BPF hash table ({@code kernel/bpf/hashtab.c}): BPF_MAP_TYPE_HASH and BPF_MAP_TYPE_PERCPU_HASH,
 * preallocated, with {@code hlist_nulls} buckets, lock-free lookups and one lock per bucket.
 *
 * <h2>Overview</h2>
 * A table of {@code n_buckets = roundup_pow_of_two(max_entries)} buckets; a key goes to bucket
 * {@code jhash(key, seed) & (n_buckets - 1)}. A bucket is {@code {head, lock}} (two ints of
 * {@link #buckets}); its chain is a singly linked list of element indices, newest first, ending in a
 * nulls marker that holds the bucket's own index ({@link NullsMarker}). All elements are preallocated
 * in one {@link ElementArena}: {@code max_entries} for the map plus, for HASH, one spare per CPU.
 * Free elements sit on a {@link PercpuFreelist}. Nothing is allocated after construction on the
 * {@code long} paths; the {@code byte[]} paths allocate only their key scratch words.
 *
 * <h2>Writers</h2>
 * Update, delete and lookup_and_delete take the bucket's spin lock, find the key with a plain walk
 * ({@code lookup_elem_raw}), decide the flags (EEXIST / ENOENT before any capacity check), and then:
 * <ul>
 *   <li>new key: pop a free element (this CPU's stack, then the others; none left is {@code -E2BIG}),
 *       write it and link it at the head;</li>
 *   <li>existing key, {@link ReplaceProtocol#KERNEL}: take this CPU's spare element as the new one,
 *       link it at the head, unlink the old one, and park the old one as this CPU's spare (so a full
 *       map can still replace: no freelist traffic);</li>
 *   <li>existing key, {@link ReplaceProtocol#LINEARIZABLE} and every PERCPU_HASH: overwrite the value
 *       in place inside the element's seqlock (the kernel updates per-CPU values in place too);</li>
 *   <li>delete: unlink, unlock, and push the element onto this CPU's freelist <em>at once</em>: no grace
 *       period, so the next insert on any CPU may reuse it while a reader still stands on it.</li>
 * </ul>
 *
 * <h2>Readers and element reuse</h2>
 * Lookups take no lock. Because a freed element is reused at once, a reader can stand on an element
 * that is deleted and relinked under another key, in this or another bucket, while it reads. Three
 * mechanisms keep lookups correct:
 * <ol>
 *   <li><b>The nulls restart</b> (kernel): a walk that ends on a marker that is not its own bucket's
 *       was dragged onto another chain by a reused element, and starts again from its bucket head.</li>
 *   <li><b>Freeing never touches {@code next}</b> (kernel: {@code fnode} overlays {@code pprev}): a
 *       reader parked on a freed element still steps to a valid successor or a marker.</li>
 *   <li><b>A per-element seqlock</b> (maplab's addition; the kernel hands programs a pointer and lets
 *       them see values change): every rewrite of an element (initialisation on reuse, in-place value
 *       update) happens with its version odd, and the version is made even only after the element is
 *       linked. The walk reads each element's hash and {@code next} in one acquire load of the link
 *       word, so the successor it follows always belongs to the hash it compared (the ordering problem
 *       of {@code rculist_nulls.rst}). An element whose hash does not match needs no version check:
 *       at the version its link word came from it did not hold the key, and its {@code next} leads to a
 *       valid element or a marker (the nulls check catches a walk moved to another bucket). An element
 *       whose hash matches is compared inside its version window: version (acquire), link again, key,
 *       load-load fence, version again; a change means it was rewritten meanwhile and it is compared
 *       again. After a match the caller copies the value and re-checks the version once more; a
 *       change restarts the lookup.</li>
 * </ol>
 * <b>Why a validated read is linearizable.</b> A reader returns (K, V) only from a snapshot taken at
 * one even version {@code s} of an element. Version {@code s} became visible only after the element
 * was linked under key K with value V (the odd window covers the link), and the element reached by
 * the reader was reachable during the lookup (RCU-style: unlinking never breaks a chain a reader is
 * on). So at the moment version {@code s} was published, or at the moment the reader reached the
 * element if later and before it was unlinked, K mapped to V in the map: a point inside the lookup.
 * A lookup that finds nothing walked the bucket's whole chain and ended at its own marker; with
 * the LINEARIZABLE protocol the only way a present key leaves a chain is a delete, so "missing" is
 * right at the moment the walk passed where the key was. With the KERNEL protocol it is not: the
 * replace window described in {@link ReplaceProtocol#KERNEL} is the measured counterexample.
 *
 * <p>A reader waits (spins) only while the element it stands on has an odd version, i.e. while a
 * writer is doing the few stores of a rewrite; it never takes a lock.
 *
 * <h2>Mapping to the kernel, and what is lost</h2>
 * <ul>
 *   <li>{@code rcu_assign_pointer} = store-release; {@code rcu_dereference} = load-acquire (Java has
 *       no consume); {@code WRITE_ONCE} of a link to an already published element = store-release
 *       too, so the Java memory model also orders that element's initialisation.</li>
 *   <li>Per-CPU state (freelist stack, spare element, per-CPU value slot) is selected by the calling
 *       thread's {@link LogicalCpu}. Freelist stacks have the kernel's locks; the spare is taken and
 *       returned with atomic swaps; so two threads sharing a CPU id stay safe. If they both replace at
 *       once, the second finds no spare and takes a free element instead (in a full map it then gets
 *       {@code -E2BIG}, which the kernel, with preemption off, cannot produce).</li>
 *   <li>The re-entrancy guard ({@code map_locked}, {@code -EBUSY}) and rqspinlock's deadlock
 *       detection are not modelled: Java threads cannot interrupt one another inside a map operation.</li>
 *   <li>{@code BPF_F_NO_PREALLOC} and special value fields ({@code bpf_spin_lock}, timers, kptrs) are
 *       not modelled; {@code BPF_F_LOCK} therefore answers {@code -EINVAL}, as the kernel does for a
 *       value without a spin lock.</li>
 *   <li>What the checks cannot see: a publication done with a plain store in the right program order
 *       ({@code mutant.PlainPublishHashTable}) is correct on x86's TSO and under Lincheck's sequentially
 *       consistent model checking, so neither jcstress here nor Lincheck can catch it; it is kept and
 *       recorded as unobservable on x86.</li>
 * </ul>
 *
 * <h2>Reading guide</h2>
 * {@link #findElement} (the lock-free walk), {@link #publishNew} and {@link #replace} (the two
 * publication steps the variants and mutants differ in), {@link #unlink}, {@link #updateElement}
 * (the flag and capacity logic), then the byte[] syscall API, iteration and batches. Mutants in
 * {@code dev.maplab.hash.mutant} each override one of the protected steps.
 */
public class HashTable implements BpfMap {
    static final VarHandle INT = MethodHandles.arrayElementVarHandle(int[].class);

    /** No element. */
    public static final int NONE = -1;
    /** A packed (version, element) result meaning "not found". */
    protected static final long NOT_FOUND = -1L;
    /** pprev poison of an unlinked element. */
    static final int POISON = Integer.MIN_VALUE;
    private static final long SEQ_MASK = 0x7fff_ffffL;
    private static final int SPARE_CELL = 16;

    protected final MapSpec spec;
    protected final ReplaceProtocol protocol;
    protected final boolean percpu;
    protected final int cpus;
    protected final int keySize;
    protected final int valueSize;
    protected final int nBuckets;
    protected final int mask;
    protected final int seed;
    protected final ElementArena arena;
    /** Bucket {@code b}: head at {@code 2b}, lock word at {@code 2b + 1} (the kernel's {@code struct bucket}). */
    protected final int[] buckets;
    protected final PercpuFreelist freelist;
    /** HASH only: this CPU's spare element ({@code extra_elems}) at {@code cpu * 16}; null for PERCPU_HASH. */
    protected final int[] spares;
    /** True when keys and values are 8 bytes: the long API applies. */
    private final boolean longApi;

    /** A HASH or PERCPU_HASH map with the kernel's replace order (what replay uses). */
    public static HashTable kernel(MapSpec spec) {
        return new HashTable(spec, ReplaceProtocol.KERNEL);
    }

    /** A HASH or PERCPU_HASH map whose replacements overwrite in place (linearizable). */
    public static HashTable linearizable(MapSpec spec) {
        return new HashTable(spec, ReplaceProtocol.LINEARIZABLE);
    }

    public HashTable(MapSpec spec, ReplaceProtocol protocol) {
        this(spec, protocol, false);
    }

    /**
     * @param lruManaged true for the LRU variants (LRU_HASH, LRU_PERCPU_HASH): the subclass manages free
     *                   elements on its LRU lists, so there is no freelist and no spare element
     *                   ({@code prealloc_init} pushes an LRU map's elements to the LRU instead)
     */
    protected HashTable(MapSpec spec, ReplaceProtocol protocol, boolean lruManaged) {
        boolean typeOk = lruManaged ? spec.type().isLru() : spec.type() == MapType.HASH || spec.type() == MapType.PERCPU_HASH;
        if (!typeOk) {
            throw Errors.badArgument("spec.type", spec.type(), lruManaged
                    ? "an LRU hash table builds LRU_HASH or LRU_PERCPU_HASH" : "HashTable builds HASH or PERCPU_HASH");
        }
        if (protocol == null) {
            throw Errors.badArgument("protocol", "null", "KERNEL or LINEARIZABLE");
        }
        this.spec = spec;
        this.protocol = protocol;
        this.percpu = spec.type().isPerCpu();
        this.cpus = spec.cpus();
        this.keySize = spec.keySize();
        this.valueSize = spec.valueSize();
        this.longApi = keySize == 8 && valueSize == 8;
        this.nBuckets = roundUpPow2(spec.maxEntries());
        this.mask = nBuckets - 1;
        this.seed = spec.hashSeed().orElse(spec.hasFlag(MapFlags.ZERO_SEED) ? 0 : ThreadLocalRandom.current().nextInt());
        // prealloc_init: max_entries elements, plus one spare per CPU for a plain (not per-CPU, not LRU) hash.
        boolean withSpares = !percpu && !lruManaged;
        int elements = spec.maxEntries() + (withSpares ? cpus : 0);
        this.arena = new ElementArena(elements, keySize, percpu ? MapSpec.roundUp8(valueSize) : valueSize, percpu ? cpus : 1);
        this.buckets = new int[nBuckets * 2];
        for (int b = 0; b < nBuckets; b++) {
            buckets[2 * b] = NullsMarker.of(b);
        }
        for (int e = 0; e < elements; e++) {
            arena.spLink(e, NullsMarker.of(0), 0);
        }
        if (lruManaged) {
            this.freelist = null;
            this.spares = null;
        } else {
            this.freelist = createFreelist(cpus, arena);
            freelist.populate(elements);
            if (withSpares) {
                // alloc_extra_elems(): one pop per CPU, from the creating thread's CPU.
                this.spares = new int[cpus * SPARE_CELL];
                int creator = LogicalCpu.current(cpus);
                for (int c = 0; c < cpus; c++) {
                    spares[c * SPARE_CELL] = freelist.pop(creator);
                }
            } else {
                this.spares = null;
            }
        }
        VarHandle.releaseFence();
    }

    static int roundUpPow2(int v) {
        return v <= 1 ? 1 : Integer.highestOneBit(v - 1) << 1;
    }

    /** The freelist to use; a mutant may thread it through another link. */
    protected PercpuFreelist createFreelist(int cpus, ElementArena arena) {
        return new PercpuFreelist(cpus, arena);
    }

    // =============================================================================================
    // Buckets
    // =============================================================================================

    /** Bucket head, load-acquire: pairs with {@link #soHead}. */
    protected final int lvHead(int b) {
        return (int) INT.getAcquire(buckets, 2 * b);
    }

    /** Bucket head, plain: writers holding the bucket lock. */
    protected final int lpHead(int b) {
        return buckets[2 * b];
    }

    /** {@code rcu_assign_pointer(head->first, e)}: store-release, pairs with {@link #lvHead}. */
    protected final void soHead(int b, int e) {
        INT.setRelease(buckets, 2 * b, e);
    }

    protected final void lockBucket(int b) {
        SpinLock.lock(buckets, 2 * b + 1);
    }

    protected final void unlockBucket(int b) {
        SpinLock.unlock(buckets, 2 * b + 1);
    }

    // =============================================================================================
    // The lock-free walk
    // =============================================================================================

    protected static long pack(long seq, int e) {
        return ((seq & SEQ_MASK) << 32) | e;
    }

    /**
     * {@code lookup_nulls_elem_raw}: walks bucket {@code b} for the key ({@code key0} is its first word,
     * {@code key} all its words or null for a one-word key) and returns {@link #pack}(version, element)
     * of a validated match, or {@link #NOT_FOUND}.
     */
    protected final long findElement(int b, int hash, long key0, long[] key) {
        final ElementArena a = arena;
        restart:
        for (;;) {
            int cur = lvHead(b);
            while (!NullsMarker.isNulls(cur)) {
                // hash and next come from one atomic word, so they belong to the same version of cur
                long link = a.lvLink(cur);
                if (ElementArena.hash(link) == hash) {
                    long s = a.lvSeq(cur);
                    if ((s & 1) != 0) {
                        Thread.onSpinWait(); // a writer is rewriting cur: read it again when it is done
                        continue;
                    }
                    if (compareInsideVersion()) {
                        link = a.lvLink(cur); // re-read inside the version window: link and key of one version
                    }
                    boolean match = ElementArena.hash(link) == hash && keyMatches(cur, key0, key);
                    VarHandle.loadLoadFence(); // the reads above complete before the version re-check
                    if (compareInsideVersion() && a.lpSeq(cur) != s) {
                        continue; // cur was rewritten while we compared it: compare it again
                    }
                    if (match) {
                        return pack(s, cur); // the caller copies the value, then re-checks s (stillValid)
                    }
                }
                cur = ElementArena.next(link);
            }
            if (mustRestart(cur, b)) {
                continue restart;
            }
            return NOT_FOUND;
        }
    }

    /**
     * True: an element whose hash matches is compared inside its version window (version, link, key,
     * fence, version again), so a key that does not match is known not to match at the version whose
     * {@code next} the walk then follows. A mutant that compares outside the window follows the
     * successor of a version that did hold the key.
     */
    protected boolean compareInsideVersion() {
        return true;
    }

    /** The nulls check: the walk ended on another bucket's marker, so it was moved: start again. */
    protected boolean mustRestart(int terminator, int bucket) {
        return NullsMarker.value(terminator) != bucket;
    }

    /** Re-checks the version of a found element after its value was copied (load-load fence first). */
    protected boolean stillValid(int e, long found) {
        VarHandle.loadLoadFence(); // value reads complete before the re-check
        return (arena.lpSeq(e) & SEQ_MASK) == (found >>> 32);
    }

    private boolean keyMatches(int e, long key0, long[] key) {
        int k = arena.keyOffset(e);
        if (arena.word(k) != key0) {
            return false;
        }
        for (int i = 1; i < arena.keyWords; i++) {
            if (arena.word(k + i) != key[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@code lookup_elem_raw}: the plain walk of a writer holding the bucket lock. */
    protected final int findLocked(int b, int hash, long key0, long[] key) {
        for (int e = lpHead(b); !NullsMarker.isNulls(e); e = arena.lpNext(e)) {
            if (arena.lpHash(e) == hash && keyMatches(e, key0, key)) {
                return e;
            }
        }
        return NONE;
    }

    // =============================================================================================
    // Publication steps (the variants and mutants differ here)
    // =============================================================================================

    /**
     * Writes element {@code e} and links it at the head of bucket {@code b} ({@code
     * hlist_nulls_add_head_rcu}), all inside its odd window: version odd, contents, next, head
     * store-release, version even.
     */
    protected void publishNew(int b, int e, int hash, long key0, long[] key, long v, byte[] bytes, int slot) {
        arena.beginWrite(e);
        writeKeyValue(e, key0, key, v, bytes, slot, true);
        linkAtHead(b, e, hash);
        arena.endWrite(e);
    }

    /** Sets next, prev and the neighbours' prev, then publishes {@code e} as the head with a store-release. */
    protected final void linkAtHead(int b, int e, int hash) {
        int first = lpHead(b);
        arena.spLink(e, first, hash);
        arena.setPrev(e, NullsMarker.of(b));
        if (!NullsMarker.isNulls(first)) {
            arena.setPrev(first, e);
        }
        soHead(b, e);
    }

    /**
     * Replaces {@code old} by the new element {@code fresh} (KERNEL protocol): link the new one at the
     * head first, then unlink the old one, so that a search never meets a chain with neither.
     */
    protected void replace(int b, int old, int fresh, int hash, long key0, long[] key, long v, byte[] bytes, int slot) {
        publishNew(b, fresh, hash, key0, key, v, bytes, slot);
        unlink(old);
    }

    /**
     * {@code hlist_nulls_del_rcu}: the predecessor (or head) now points past {@code e}; {@code e}'s own
     * {@code next} is left as it is for readers standing on it; its {@code prev} is poisoned.
     */
    protected final void unlink(int e) {
        int next = arena.lpNext(e);
        int p = arena.prev(e);
        if (p < 0) {
            soHead(NullsMarker.value(p), next);
        } else {
            arena.soNext(p, next);
        }
        if (!NullsMarker.isNulls(next)) {
            arena.setPrev(next, p);
        }
        arena.setPrev(e, POISON);
    }

    /** Overwrites the value of a linked element inside its seqlock. */
    protected void overwriteInPlace(int e, long v, byte[] bytes, int slot) {
        arena.beginWrite(e);
        writeValue(e, v, bytes, slot, false);
        arena.endWrite(e);
    }

    /**
     * Writes key and value words of {@code e}. {@code bytes == null}: the value is {@code v} (one word).
     * {@code slot >= 0}: a program-style per-CPU write of that CPU's slot (a fresh element's other slots
     * are zeroed); {@code slot < 0}: every slot from {@code bytes} (syscall layout) or {@code v}.
     */
    protected final void writeKeyValue(int e, long key0, long[] key, long v, byte[] bytes, int slot, boolean fresh) {
        int k = arena.keyOffset(e);
        arena.setWord(k, key0);
        for (int i = 1; i < arena.keyWords; i++) {
            arena.setWord(k + i, key[i]);
        }
        writeValue(e, v, bytes, slot, fresh);
    }

    private void writeValue(int e, long v, byte[] bytes, int slot, boolean fresh) {
        int vw = arena.valueWords;
        if (!percpu) {
            int off = arena.valueOffset(e, 0);
            if (bytes == null) {
                arena.setWord(off, v);
            } else {
                ElementArena.toWords(bytes, 0, valueSize, arena.words, off);
            }
            return;
        }
        int stride = vw * 8;
        for (int c = 0; c < cpus; c++) {
            int off = arena.valueOffset(e, c);
            if (slot < 0) {
                if (bytes == null) {
                    arena.setWord(off, v);
                    for (int i = 1; i < vw; i++) {
                        arena.setWord(off + i, 0);
                    }
                } else {
                    ElementArena.toWords(bytes, c * stride, stride, arena.words, off);
                }
            } else if (c == slot) {
                if (bytes == null) {
                    arena.setWord(off, v);
                    for (int i = 1; i < vw; i++) {
                        arena.setWord(off + i, 0);
                    }
                } else {
                    ElementArena.toWords(bytes, 0, Math.min(bytes.length, stride), arena.words, off);
                }
            } else if (fresh) {
                for (int i = 0; i < vw; i++) {
                    arena.setWord(off + i, 0);
                }
            }
        }
    }

    // =============================================================================================
    // Spare elements (extra_elems) and freeing
    // =============================================================================================

    /** Takes this CPU's spare; if another thread on this CPU holds it, a free element instead. */
    protected int takeSpare(int cpu) {
        int s = (int) INT.getAndSet(spares, cpu * SPARE_CELL, NONE);
        return s != NONE ? s : freelist.pop(cpu);
    }

    /** Parks {@code old} as this CPU's spare; if the slot is taken, frees it instead. */
    protected void parkSpare(int cpu, int old) {
        if (!INT.compareAndSet(spares, cpu * SPARE_CELL, NONE, old)) {
            freelist.push(cpu, old);
        }
    }

    /** {@code free_htab_elem} of a preallocated map: straight back onto this CPU's freelist. */
    protected void freeElement(int cpu, int e) {
        freelist.push(cpu, e);
    }

    // =============================================================================================
    // Core operations (word-level)
    // =============================================================================================

    /**
     * {@code htab_map_update_elem} / {@code __htab_percpu_map_update_elem}. {@code slot}: see
     * {@link #writeKeyValue}. Every update entry point (long, byte[], program-style, batch) comes here; the
     * LRU variants ({@code dev.maplab.lru.LruHashTable}) override it with the kernel's LRU order (acquire a
     * node, possibly evicting, before the flags are checked).
     */
    protected int updateElement(int hash, long key0, long[] key, long v, byte[] bytes, int slot, long flags) {
        if (!UpdateFlags.isValid(flags) || (flags & UpdateFlags.F_LOCK) != 0) {
            return -Errno.EINVAL; // unknown flags; F_LOCK needs a bpf_spin_lock in the value
        }
        int cpu = LogicalCpu.current(cpus);
        int b = hash & mask;
        lockBucket(b);
        try {
            int old = findLocked(b, hash, key0, key);
            if (old != NONE) {
                if (flags == UpdateFlags.NOEXIST) {
                    return -Errno.EEXIST;
                }
                if (percpu || protocol == ReplaceProtocol.LINEARIZABLE) {
                    overwriteInPlace(old, v, bytes, slot);
                    return 0;
                }
                int fresh = takeSpare(cpu);
                if (fresh == NONE) {
                    return -Errno.E2BIG;
                }
                replace(b, old, fresh, hash, key0, key, v, bytes, slot);
                parkSpare(cpu, old);
                return 0;
            }
            if (flags == UpdateFlags.EXIST) {
                return -Errno.ENOENT;
            }
            int fresh = freelist.pop(cpu);
            if (fresh == NONE) {
                return -Errno.E2BIG;
            }
            publishNew(b, fresh, hash, key0, key, v, bytes, slot);
            return 0;
        } finally {
            unlockBucket(b);
        }
    }

    /** Delete, optionally copying the value out first (under the lock). Returns the element or -errno. */
    protected final int deleteElement(int hash, long key0, long[] key, byte[] valueOut) {
        int cpu = LogicalCpu.current(cpus);
        int b = hash & mask;
        int e;
        lockBucket(b);
        try {
            e = findLocked(b, hash, key0, key);
            if (e == NONE) {
                return -Errno.ENOENT;
            }
            if (valueOut != null) {
                copyValue(e, valueOut, -1);
            }
            unlink(e);
        } finally {
            unlockBucket(b);
        }
        freeElement(cpu, e);
        return 0;
    }

    /** Copies the value of {@code e}: all slots in syscall layout ({@code slot < 0}) or one slot. */
    protected final void copyValue(int e, byte[] out, int slot) {
        if (!percpu) {
            ElementArena.toBytes(arena.words, arena.valueOffset(e, 0), out, 0, valueSize);
            return;
        }
        int stride = arena.valueWords * 8;
        if (slot >= 0) {
            ElementArena.toBytes(arena.words, arena.valueOffset(e, slot), out, 0, Math.min(out.length, stride));
            return;
        }
        for (int c = 0; c < cpus; c++) {
            ElementArena.toBytes(arena.words, arena.valueOffset(e, c), out, c * stride, stride);
        }
    }

    // =============================================================================================
    // The long paths: 8-byte keys and values, allocation-free ("program-style" for per-CPU maps)
    // =============================================================================================

    private void requireLongs() {
        if (!longApi) {
            throw Errors.badArgument("key/value size", keySize + "/" + valueSize,
                    "the long API needs keySize 8 and valueSize 8; use the byte[] API");
        }
    }

    /** Bucket-selecting hash of an 8-byte key. */
    public final int hashOf(long key) {
        return JHash.htabHash64(key, seed);
    }

    /**
     * Lock-free lookup of an 8-byte key: its value (for PERCPU_HASH, the current CPU's slot), or
     * {@code absent} when the key is missing.
     */
    public long lookup(long key, long absent) {
        requireLongs();
        int h = JHash.htabHash64(key, seed);
        int slot = percpu ? LogicalCpu.current(cpus) : 0;
        for (;;) {
            long found = findElement(h & mask, h, key, null);
            if (found == NOT_FOUND) {
                return absent;
            }
            int e = (int) found;
            long v = arena.word(arena.valueOffset(e, slot));
            if (stillValid(e, found)) {
                return v;
            }
        }
    }

    /** True when the key is present (lock-free). */
    public boolean containsKey(long key) {
        requireLongs();
        int h = JHash.htabHash64(key, seed);
        return findElement(h & mask, h, key, null) != NOT_FOUND;
    }

    /** Update of an 8-byte key; for PERCPU_HASH a program-style update of the current CPU's slot. */
    public int update(long key, long value, long flags) {
        requireLongs();
        int h = JHash.htabHash64(key, seed);
        return updateElement(h, key, null, value, null, percpu ? LogicalCpu.current(cpus) : -1, flags);
    }

    /** Delete of an 8-byte key: 0 or -ENOENT. */
    public int delete(long key) {
        requireLongs();
        int h = JHash.htabHash64(key, seed);
        return deleteElement(h, key, null, null);
    }

    /** {@code lookup_and_delete} of an 8-byte key into {@code valueOut[0]} (per-CPU: one word per CPU): 0 or -ENOENT. */
    public int lookupAndDelete(long key, long[] valueOut) {
        requireLongs();
        int h = JHash.htabHash64(key, seed);
        byte[] bytes = new byte[spec.syscallValueSize()];
        int r = deleteElement(h, key, null, bytes);
        if (r == 0) {
            int stride = percpu ? 8 : 0;
            for (int c = 0; c < (percpu ? cpus : 1); c++) {
                long v = 0;
                for (int i = 7; i >= 0; i--) {
                    v = (v << 8) | (bytes[c * stride + i] & 0xffL);
                }
                valueOut[c] = v;
            }
        }
        return r;
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
                MapOperation.LOOKUP_AND_DELETE, MapOperation.GET_NEXT_KEY, MapOperation.LOOKUP_BATCH,
                MapOperation.LOOKUP_AND_DELETE_BATCH, MapOperation.UPDATE_BATCH, MapOperation.DELETE_BATCH);
    }

    private long[] keyWords(byte[] key) {
        Errors.requireLength("key", key, keySize);
        long[] w = new long[arena.keyWords];
        ElementArena.toWords(key, 0, keySize, w, 0);
        return w;
    }

    private int hashOf(byte[] key) {
        return JHash.htabHash(key, keySize, seed);
    }

    private boolean canRead() {
        return !spec.hasFlag(MapFlags.WRONLY);
    }

    private boolean canWrite() {
        return !spec.hasFlag(MapFlags.RDONLY);
    }

    @Override
    public int lookup(byte[] key, byte[] valueOut) {
        long[] kw = keyWords(key);
        Errors.requireLength("valueOut", valueOut, spec.syscallValueSize());
        if (!canRead()) {
            return -Errno.EPERM;
        }
        return lookupInto(kw, hashOf(key), valueOut, -1);
    }

    @Override
    public int programLookup(byte[] key, byte[] valueOut) {
        long[] kw = keyWords(key);
        int slot = percpu ? LogicalCpu.current(cpus) : -1;
        Errors.requireLength("valueOut", valueOut, percpu ? arena.valueWords * 8 : valueSize);
        return lookupInto(kw, hashOf(key), valueOut, slot);
    }

    private int lookupInto(long[] kw, int h, byte[] out, int slot) {
        for (;;) {
            long found = findElement(h & mask, h, kw[0], kw);
            if (found == NOT_FOUND) {
                return -Errno.ENOENT;
            }
            int e = (int) found;
            copyValue(e, out, slot);
            if (stillValid(e, found)) {
                return 0;
            }
        }
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        long[] kw = keyWords(key);
        Errors.requireLength("value", value, spec.syscallValueSize());
        if (!canWrite()) {
            return -Errno.EPERM;
        }
        return updateElement(hashOf(key), kw[0], kw, 0, value, -1, flags);
    }

    /** Program-style update of the current CPU's slot of a PERCPU_HASH value ({@code round_up(value_size, 8)} bytes). */
    public int programUpdate(byte[] key, byte[] value, long flags) {
        long[] kw = keyWords(key);
        Errors.requireLength("value", value, percpu ? arena.valueWords * 8 : valueSize);
        return updateElement(hashOf(key), kw[0], kw, 0, value, percpu ? LogicalCpu.current(cpus) : -1, flags);
    }

    @Override
    public int delete(byte[] key) {
        long[] kw = keyWords(key);
        if (!canWrite()) {
            return -Errno.EPERM;
        }
        return deleteElement(hashOf(key), kw[0], kw, null);
    }

    @Override
    public int lookupAndDelete(byte[] key, byte[] valueOut) {
        long[] kw = keyWords(key);
        Errors.requireLength("valueOut", valueOut, spec.syscallValueSize());
        if (!canRead() || !canWrite()) {
            return -Errno.EPERM;
        }
        return deleteElement(hashOf(key), kw[0], kw, valueOut);
    }

    /**
     * {@code htab_map_get_next_key}: the successor of {@code key} in its chain, else the head of the next
     * non-empty bucket; a key that is not in the map restarts from bucket 0 (the kernel's behaviour).
     */
    @Override
    public int getNextKey(byte[] key, byte[] nextKeyOut) {
        Errors.requireLength("nextKeyOut", nextKeyOut, keySize);
        if (!canRead()) {
            return -Errno.EPERM;
        }
        if (key == null) {
            return firstKeyFrom(0, nextKeyOut);
        }
        long[] kw = keyWords(key);
        int h = hashOf(key);
        for (;;) {
            long found = findElement(h & mask, h, kw[0], kw);
            if (found == NOT_FOUND) {
                return firstKeyFrom(0, nextKeyOut);
            }
            int e = (int) found;
            int next = ElementArena.next(arena.lvLink(e));
            if (!stillValid(e, found)) {
                continue;
            }
            if (!NullsMarker.isNulls(next)) {
                int r = copyKeyValidated(next, nextKeyOut);
                if (r == 0) {
                    return 0;
                }
                continue; // the successor was being rewritten: start over
            }
            return firstKeyFrom((h & mask) + 1, nextKeyOut);
        }
    }

    private int firstKeyFrom(int bucket, byte[] out) {
        for (int i = bucket; i < nBuckets; i++) {
            for (;;) {
                int e = lvHead(i);
                if (NullsMarker.isNulls(e)) {
                    break;
                }
                if (copyKeyValidated(e, out) == 0) {
                    return 0;
                }
            }
        }
        return -Errno.ENOENT;
    }

    private int copyKeyValidated(int e, byte[] out) {
        long s = arena.lvSeq(e);
        if ((s & 1) != 0) {
            Thread.onSpinWait();
            return -Errno.EAGAIN;
        }
        ElementArena.toBytes(arena.words, arena.keyOffset(e), out, 0, keySize);
        return stillValid(e, pack(s, e)) ? 0 : -Errno.EAGAIN;
    }

    @Override
    public BatchResult lookupBatch(byte[] inBatch, int count) {
        return batch(inBatch, count, false);
    }

    @Override
    public BatchResult lookupAndDeleteBatch(byte[] inBatch, int count) {
        return batch(inBatch, count, true);
    }

    /** {@code __htab_map_lookup_and_delete_batch}: whole buckets, cursor = bucket index. */
    private BatchResult batch(byte[] inBatch, int count, boolean delete) {
        if (count < 0) {
            throw Errors.badArgument("count", count, "must be >= 0");
        }
        if (inBatch != null) {
            Errors.requireLength("inBatch", inBatch, 4);
        }
        if (!canRead() || (delete && !canWrite())) {
            return new BatchResult(-Errno.EPERM, 0, inBatch, List.of(), List.of());
        }
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        if (count == 0) {
            return new BatchResult(0, 0, inBatch, keys, values);
        }
        int b = inBatch == null ? 0 : JHash.le32(inBatch, 0);
        if (b < 0 || b >= nBuckets) {
            return new BatchResult(-Errno.ENOENT, 0, inBatch, keys, values);
        }
        int cpu = LogicalCpu.current(cpus);
        int result = 0;
        int total = 0;
        for (;;) {
            int freed = NONE;
            lockBucket(b);
            int inBucket = 0;
            for (int e = lpHead(b); !NullsMarker.isNulls(e); e = arena.lpNext(e)) {
                inBucket++;
            }
            if (inBucket > count - total) {
                unlockBucket(b);
                if (total == 0) {
                    result = -Errno.ENOSPC;
                }
                break;
            }
            for (int e = lpHead(b); !NullsMarker.isNulls(e); e = arena.lpNext(e)) {
                byte[] k = new byte[keySize];
                ElementArena.toBytes(arena.words, arena.keyOffset(e), k, 0, keySize);
                byte[] v = new byte[spec.syscallValueSize()];
                copyValue(e, v, -1);
                keys.add(k);
                values.add(v);
            }
            if (delete) {
                // Unlink under the lock; free after unlocking, in chain order (the kernel's batch_flink list).
                int[] toFree = new int[inBucket];
                int n = 0;
                for (int e = lpHead(b); !NullsMarker.isNulls(e); ) {
                    int next = arena.lpNext(e);
                    unlink(e);
                    toFree[n++] = e;
                    e = next;
                }
                unlockBucket(b);
                for (int i = 0; i < n; i++) {
                    freeElement(cpu, toFree[i]);
                }
            } else {
                unlockBucket(b);
            }
            total += inBucket;
            b++;
            if (b >= nBuckets) {
                result = -Errno.ENOENT;
                break;
            }
        }
        byte[] out = new byte[] {(byte) b, (byte) (b >>> 8), (byte) (b >>> 16), (byte) (b >>> 24)};
        return new BatchResult(result, total, out, keys, values);
    }

    // =============================================================================================
    // Introspection (tests, studies)
    // =============================================================================================

    public ReplaceProtocol protocol() {
        return protocol;
    }

    public int nBuckets() {
        return nBuckets;
    }

    public int seed() {
        return seed;
    }

    /** The bucket of an 8-byte key. */
    public int bucketOf(long key) {
        return JHash.htabHash64(key, seed) & mask;
    }

    /** Elements in bucket {@code b}'s chain (walked under its lock). */
    public int chainLength(int b) {
        lockBucket(b);
        try {
            int n = 0;
            for (int e = lpHead(b); !NullsMarker.isNulls(e); e = arena.lpNext(e)) {
                n++;
            }
            return n;
        } finally {
            unlockBucket(b);
        }
    }

    /** Elements linked in all buckets (each bucket counted under its lock; exact when quiescent). */
    public int size() {
        int n = 0;
        for (int b = 0; b < nBuckets; b++) {
            n += chainLength(b);
        }
        return n;
    }

    /** Elements on the freelist, all CPUs (exact when quiescent). */
    public int freeElements() {
        if (freelist == null) {
            return 0;
        }
        int n = 0;
        for (int c = 0; c < cpus; c++) {
            n += freelist.count(c);
        }
        return n;
    }

    /** Spare elements held (HASH: one per CPU when quiescent; PERCPU_HASH: 0). */
    public int spareElements() {
        if (spares == null) {
            return 0;
        }
        int n = 0;
        for (int c = 0; c < cpus; c++) {
            if ((int) INT.getVolatile(spares, c * SPARE_CELL) != NONE) {
                n++;
            }
        }
        return n;
    }

    /** Total elements in the arena: linked + free + spare always add up to this when quiescent. */
    public int arenaSize() {
        return arena.elements;
    }

    @Override
    public String toString() {
        return "HashTable" + spec + "/" + protocol;
    }
}
