package dev.maplab.stacktrace;

import dev.maplab.api.BpfMap;
import dev.maplab.api.Errno;
import dev.maplab.api.Errors;
import dev.maplab.api.MapFlags;
import dev.maplab.api.MapOperation;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.cpu.LogicalCpu;
import dev.maplab.hash.PercpuFreelist;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.EnumSet;
import java.util.Set;

/**
 * The BPF stack trace map ({@code kernel/bpf/stackmap.c}): BPF_MAP_TYPE_STACK_TRACE and the
 * {@code bpf_get_stackid} helper. Stacks are stored under a stack id that is their hash, masked.
 *
 * <h2>Overview</h2>
 * {@code n_buckets = roundup_pow_of_two(max_entries)} slots, each empty or holding one bucket (an element:
 * the stack's 32-bit hash, its depth {@code nr}, and up to {@code value_size / 8} instruction addresses).
 * {@code max_entries} elements are preallocated and recycled through a per-CPU freelist (the kernel's
 * {@code pcpu_freelist}, {@link PercpuFreelist}). Nothing is allocated after construction.
 *
 * <h2>bpf_get_stackid ({@link #getStackId})</h2>
 * The stack (after skipping {@code flags & BPF_F_SKIP_FIELD_MASK} frames, at most value_size / 8 deep) is
 * hashed with {@code jhash2} over its u32 words, seed 0; its id is {@code hash & (n_buckets - 1)}: the low
 * {@code log2(n_buckets)} bits of the hash, not all 32. There is <b>one bucket per id and no chaining</b>:
 * <ul>
 *   <li>the slot holds the same hash: with {@link #F_FAST_STACK_CMP} the id is returned without comparing
 *       the stacks (so a different stack with the same 32-bit hash gets it too); otherwise depth and
 *       addresses are compared, and the same stack returns the id;</li>
 *   <li>the slot holds another stack: {@code -EEXIST}, unless {@link #F_REUSE_STACKID}: then a free
 *       element is filled with the new stack and swapped into the slot ({@code xchg}), and the old one goes
 *       back to the freelist: the old stack is lost, its id now names the new one;</li>
 *   <li>the slot is empty: a free element is filled and swapped in the same way;</li>
 *   <li>no free element: {@code -ENOMEM}. All max_entries elements can be in slots (n_buckets is at least
 *       max_entries), and a replacement takes a new element before it gives the old one back, so
 *       {@link #F_REUSE_STACKID} then fails with {@code -ENOMEM}.</li>
 * </ul>
 * A program comparing a bucket that another program is replacing (and the freelist is handing to a third)
 * may see it change while it compares: the kernel accepts that race (a false match or mismatch of one
 * call), and so does this model; the stored stacks themselves are never torn, because an element is only
 * written while it belongs to nobody (popped from the freelist, not yet swapped in).
 *
 * <h2>The syscall view</h2>
 * <ul>
 *   <li>lookup ({@link #lookup}, {@code bpf_stackmap_copy}): the "borrow and swap" read. The bucket is
 *       swapped out of its slot ({@code xchg} with empty), copied (depth {@code nr} addresses, the rest of
 *       the value zeroed), and swapped back; whatever a program installed in the slot meanwhile goes to the
 *       freelist. While borrowed, the bucket is in no slot and on no freelist, so no program can recycle it
 *       under the copy: the copy is never torn. An empty slot or an id {@code >= n_buckets}: {@code -ENOENT}.</li>
 *   <li>delete: swaps the slot to empty and frees the bucket; {@code -ENOENT} if empty, {@code -EINVAL}
 *       for an id {@code >= n_buckets}.</li>
 *   <li>get_next_key: the next non-empty slot after the key (a missing or out-of-range key restarts at 0).</li>
 *   <li>update gives {@code -EINVAL}; a program-side element lookup is not supplied ({@code -EOPNOTSUPP}
 *       in the kernel, {@code -ENOTSUPP} here).</li>
 * </ul>
 *
 * <h2>Orderings</h2>
 * Slots hold element indices. Installing, borrowing and deleting are {@code getAndSet} ({@code xchg});
 * a program reads a slot with load-acquire ({@code READ_ONCE}), which pairs with the swap that installed
 * the element, so the element's words written before the swap (plain stores into an element nobody else
 * holds) are visible. Element words are read plainly: under a borrow (exclusive), or by a program's
 * comparison (the kernel's benign race above).
 *
 * <h2>Mapping to the kernel, and what is lost</h2>
 * There is no unwinder: a stack is the {@code long[]} of addresses the caller passes, as
 * {@code get_perf_callchain} would have produced it (user or kernel: {@link #F_USER_STACK} is accepted and
 * changes nothing here). {@code BPF_F_STACK_BUILD_ID} maps are not modelled. The per-CPU freelist is
 * selected by the calling thread's {@link LogicalCpu}.
 *
 * <h2>Reading guide</h2>
 * {@link #getStackId} (hash, id, compare), {@link #install} (the swap; the mutant in {@code
 * dev.maplab.stacktrace.mutant} writes the bucket in place instead), {@link #lookup} and {@link
 * #copyBorrowed} (the borrow-and-swap read).
 */
public class StackTraceMap implements BpfMap {
    /** {@code BPF_F_SKIP_FIELD_MASK}: the number of frames to skip, in the low 8 bits of the flags. */
    public static final long F_SKIP_FIELD_MASK = 0xffL;
    /** {@code BPF_F_USER_STACK}: collect the user stack (accepted; the caller supplies the stack here). */
    public static final long F_USER_STACK = 1L << 8;
    /** {@code BPF_F_FAST_STACK_CMP}: an equal hash is taken as the same stack, without comparing. */
    public static final long F_FAST_STACK_CMP = 1L << 9;
    /** {@code BPF_F_REUSE_STACKID}: a different stack under the same id replaces the stored one. */
    public static final long F_REUSE_STACKID = 1L << 10;
    /** An empty slot. */
    public static final int NONE = -1;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(int[].class);

    protected final MapSpec spec;
    protected final int nBuckets;
    /** {@code value_size / 8}: the deepest stack stored. */
    protected final int maxDepth;
    /** Longs per element: hash and depth, then {@link #maxDepth} addresses. */
    protected final int stride;
    /** Element {@code e} at {@code e * stride}: word 0 = hash (low 32 bits) | nr (high 32), then the addresses. */
    protected final long[] elems;
    /** {@code smap->buckets}: an element index or {@link #NONE}. Accessed through {@link #SLOT}. */
    protected final int[] buckets;
    protected final PercpuFreelist freelist;
    private final int[] freeNext;
    protected final int cpus;

    public StackTraceMap(MapSpec spec) {
        if (spec == null || spec.type() != MapType.STACK_TRACE) {
            throw Errors.badArgument("spec.type", spec == null ? "null" : spec.type(), "StackTraceMap builds STACK_TRACE");
        }
        this.spec = spec;
        this.cpus = spec.cpus();
        int max = spec.maxEntries();
        this.nBuckets = max <= 1 ? 1 : Integer.highestOneBit(max - 1) << 1;
        this.maxDepth = spec.valueSize() / 8;
        this.stride = 1 + maxDepth;
        long words = (long) max * stride;
        if (words > Integer.MAX_VALUE - 16) {
            throw Errors.badArgument("maxEntries x valueSize", max + " x " + spec.valueSize(),
                    "the elements must fit one Java array (at most " + ((Integer.MAX_VALUE - 16L) / stride) + " entries of this size)");
        }
        this.elems = new long[(int) words];
        this.buckets = new int[nBuckets];
        java.util.Arrays.fill(buckets, NONE);
        this.freeNext = new int[max];
        int[] next = freeNext;
        this.freelist = new PercpuFreelist(cpus, null) {
            @Override
            protected int link(int e) {
                return next[e];
            }

            @Override
            protected void setLink(int e, int n) {
                next[e] = n; // plain: under the freelist's per-CPU lock
            }
        };
        freelist.populate(max);
        VarHandle.releaseFence();
    }

    /** A stack map of {@code maxEntries} stacks up to {@code maxDepth} frames deep. */
    public static StackTraceMap create(long maxEntries, int maxDepth) {
        return new StackTraceMap(MapSpec.builder(MapType.STACK_TRACE).keySize(4).valueSize(8 * maxDepth).maxEntries(maxEntries).build());
    }

    // =============================================================================================
    // Hashing
    // =============================================================================================

    /**
     * {@code jhash2((u32 *)ips, nr * 2, 0)}: the stack hash over the addresses' u32 words in memory order
     * (x86-64: low half first), allocation-free. Equal to {@code JHash.jhash2} over the same bytes.
     */
    public static int hash(long[] ips, int off, int nr) {
        int length = nr * 2;
        int a = 0xdeadbeef + (length << 2);
        int b = a;
        int c = a;
        int i = 0;
        while (length > 3) {
            a += word(ips, off, i);
            b += word(ips, off, i + 1);
            c += word(ips, off, i + 2);
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
            length -= 3;
            i += 3;
        }
        switch (length) {
            case 3: c += word(ips, off, i + 2); // fall through
            case 2: b += word(ips, off, i + 1); // fall through
            case 1:
                a += word(ips, off, i);
                c ^= b; c -= Integer.rotateLeft(b, 14);
                a ^= c; a -= Integer.rotateLeft(c, 11);
                b ^= a; b -= Integer.rotateLeft(a, 25);
                c ^= b; c -= Integer.rotateLeft(b, 16);
                a ^= c; a -= Integer.rotateLeft(c, 4);
                b ^= a; b -= Integer.rotateLeft(a, 14);
                c ^= b; c -= Integer.rotateLeft(b, 24);
                break;
            default:
                break;
        }
        return c;
    }

    private static int word(long[] ips, int off, int i) {
        return (int) (ips[off + (i >>> 1)] >>> ((i & 1) << 5));
    }

    /** The id a stack of {@code nr} addresses gets: its hash masked to the bucket count. */
    public int idOf(long[] ips, int off, int nr) {
        return hash(ips, off, nr) & (nBuckets - 1);
    }

    // =============================================================================================
    // Elements and slots
    // =============================================================================================

    /** A slot, load-acquire ({@code READ_ONCE}): pairs with the getAndSet that installed the element. */
    protected final int lvBucket(int id) {
        return (int) SLOT.getAcquire(buckets, id);
    }

    /** {@code xchg(&smap->buckets[id], e)}: a full barrier; returns what the slot held. */
    protected final int xchgBucket(int id, int e) {
        return (int) SLOT.getAndSet(buckets, id, e);
    }

    /** Word 0 of an element: hash | nr << 32. Plain: see the class overview (exclusive, or the kernel's benign race). */
    protected final long lpHeader(int e) {
        return elems[e * stride];
    }

    /** Fills element {@code e} (owned by the caller: popped and not yet installed) with a stack: plain stores. */
    protected final void fill(int e, int hash, long[] ips, int off, int nr) {
        int base = e * stride;
        elems[base] = (hash & 0xffff_ffffL) | (long) nr << 32;
        System.arraycopy(ips, off, elems, base + 1, nr);
    }

    private boolean sameStack(int e, long[] ips, int off, int nr) {
        int base = e * stride;
        if ((int) (elems[base] >>> 32) != nr) {
            return false;
        }
        for (int i = 0; i < nr; i++) {
            if (elems[base + 1 + i] != ips[off + i]) {
                return false;
            }
        }
        return true;
    }

    // =============================================================================================
    // bpf_get_stackid
    // =============================================================================================

    /** {@code bpf_get_stackid} of the whole array {@code ips} (frame 0 first). */
    public int getStackId(long[] ips, long flags) {
        return getStackId(ips, ips.length, flags);
    }

    /**
     * {@code bpf_get_stackid}: the id of the stack {@code ips[0..nr)} after skipping {@code flags & 0xff}
     * frames and truncating to value_size / 8 frames; or {@code -EINVAL} (unknown flags), {@code -EFAULT}
     * (nothing left after the skip), {@code -EEXIST} (another stack holds the id), {@code -ENOMEM} (no free
     * element).
     */
    public int getStackId(long[] ips, int nr, long flags) {
        if ((flags & ~(F_SKIP_FIELD_MASK | F_USER_STACK | F_FAST_STACK_CMP | F_REUSE_STACKID)) != 0) {
            return -Errno.EINVAL;
        }
        int skip = (int) (flags & F_SKIP_FIELD_MASK);
        // get_perf_callchain(..., max_depth = value_size / 8 + skip) collects at most that many frames.
        int collected = Math.min(nr, Math.min(maxDepth + skip, MapSpec.PERF_EVENT_MAX_STACK));
        if (collected <= skip) {
            return -Errno.EFAULT;
        }
        int traceNr = collected - skip;
        int hash = hash(ips, skip, traceNr);
        int id = hash & (nBuckets - 1);
        int bucket = lvBucket(id);
        boolean hashMatches = bucket != NONE && (int) lpHeader(bucket) == hash;
        if (hashMatches && (flags & F_FAST_STACK_CMP) != 0) {
            return id;
        }
        if (hashMatches && sameStack(bucket, ips, skip, traceNr)) {
            return id;
        }
        if (bucket != NONE && (flags & F_REUSE_STACKID) == 0) {
            return -Errno.EEXIST;
        }
        return install(id, bucket, hash, ips, skip, traceNr);
    }

    /**
     * Stores the stack under {@code id}, whose slot was seen holding {@code seen} (or {@link #NONE}): a free
     * element is filled and swapped into the slot; the element swapped out (not necessarily {@code seen})
     * goes back to the freelist. Returns {@code id}, or {@code -ENOMEM}.
     */
    protected int install(int id, int seen, int hash, long[] ips, int off, int nr) {
        int cpu = LogicalCpu.current(cpus);
        int fresh = freelist.pop(cpu);
        if (fresh == PercpuFreelist.EMPTY) {
            return -Errno.ENOMEM;
        }
        fill(fresh, hash, ips, off, nr);
        int old = xchgBucket(id, fresh);
        if (old != NONE) {
            freelist.push(cpu, old);
        }
        return id;
    }

    // =============================================================================================
    // The byte[] syscall API
    // =============================================================================================

    @Override
    public MapSpec spec() {
        return spec;
    }

    @Override
    public Set<MapOperation> operations() {
        return EnumSet.of(MapOperation.LOOKUP, MapOperation.DELETE, MapOperation.GET_NEXT_KEY);
    }

    static long u32(byte[] key) {
        return (key[0] & 0xffL) | (key[1] & 0xffL) << 8 | (key[2] & 0xffL) << 16 | (key[3] & 0xffL) << 24;
    }

    private boolean canRead() {
        return !spec.hasFlag(MapFlags.WRONLY);
    }

    private boolean canWrite() {
        return !spec.hasFlag(MapFlags.RDONLY);
    }

    /** {@code bpf_stackmap_copy}: the borrow-and-swap read of the stack under the id {@code key}. */
    @Override
    public int lookup(byte[] key, byte[] valueOut) {
        Errors.requireLength("key", key, 4);
        Errors.requireLength("valueOut", valueOut, spec.valueSize());
        if (!canRead()) {
            return -Errno.EPERM;
        }
        long id = u32(key);
        if (id >= nBuckets) {
            return -Errno.ENOENT;
        }
        int bucket = xchgBucket((int) id, NONE); // borrow: no program can recycle it while we copy
        if (bucket == NONE) {
            return -Errno.ENOENT;
        }
        copyBorrowed((int) id, bucket, valueOut);
        int old = xchgBucket((int) id, bucket); // give it back; a stack installed meanwhile is dropped
        if (old != NONE) {
            freelist.push(LogicalCpu.current(cpus), old);
        }
        return 0;
    }

    /** Copies the borrowed element {@code bucket} of slot {@code id}: its {@code nr} addresses, then zeros. */
    protected void copyBorrowed(int id, int bucket, byte[] out) {
        int base = bucket * stride;
        int nr = (int) (elems[base] >>> 32);
        for (int i = 0; i < nr; i++) {
            long ip = elems[base + 1 + i];
            for (int b = 0; b < 8; b++) {
                out[8 * i + b] = (byte) (ip >>> (8 * b));
            }
        }
        java.util.Arrays.fill(out, 8 * nr, out.length, (byte) 0);
    }

    /** {@code stack_map_update_elem}: -EINVAL (stacks only come from bpf_get_stackid). */
    @Override
    public int update(byte[] key, byte[] value, long flags) {
        return canWrite() ? -Errno.EINVAL : -Errno.EPERM;
    }

    /** {@code stack_map_delete_elem}. */
    @Override
    public int delete(byte[] key) {
        Errors.requireLength("key", key, 4);
        if (!canWrite()) {
            return -Errno.EPERM;
        }
        long id = u32(key);
        if (id >= nBuckets) {
            return -Errno.EINVAL;
        }
        int old = xchgBucket((int) id, NONE);
        if (old == NONE) {
            return -Errno.ENOENT;
        }
        freelist.push(LogicalCpu.current(cpus), old);
        return 0;
    }

    /** {@code stack_map_get_next_key}. */
    @Override
    public int getNextKey(byte[] key, byte[] nextKeyOut) {
        Errors.requireLength("nextKeyOut", nextKeyOut, 4);
        if (!canRead()) {
            return -Errno.EPERM;
        }
        long id;
        if (key == null) {
            id = 0;
        } else {
            Errors.requireLength("key", key, 4);
            id = u32(key);
            id = id >= nBuckets || lvBucket((int) id) == NONE ? 0 : id + 1;
        }
        while (id < nBuckets && lvBucket((int) id) == NONE) {
            id++;
        }
        if (id >= nBuckets) {
            return -Errno.ENOENT;
        }
        nextKeyOut[0] = (byte) id;
        nextKeyOut[1] = (byte) (id >>> 8);
        nextKeyOut[2] = (byte) (id >>> 16);
        nextKeyOut[3] = (byte) (id >>> 24);
        return 0;
    }

    /** The stack under {@code id} as addresses (a syscall lookup), or null when the slot is empty. */
    public long[] stack(int id) {
        byte[] key = {(byte) id, (byte) (id >>> 8), (byte) (id >>> 16), (byte) (id >>> 24)};
        byte[] out = new byte[spec.valueSize()];
        if (lookup(key, out) != 0) {
            return null;
        }
        int base = 0;
        int n = maxDepth;
        while (n > 0 && isZero(out, 8 * (n - 1))) {
            n--;
        }
        long[] ips = new long[n];
        for (int i = 0; i < n; i++) {
            long v = 0;
            for (int b = 7; b >= 0; b--) {
                v = (v << 8) | (out[base + 8 * i + b] & 0xffL);
            }
            ips[i] = v;
        }
        return ips;
    }

    private static boolean isZero(byte[] b, int off) {
        for (int i = 0; i < 8; i++) {
            if (b[off + i] != 0) {
                return false;
            }
        }
        return true;
    }

    // =============================================================================================
    // Introspection (tests, studies)
    // =============================================================================================

    public int nBuckets() {
        return nBuckets;
    }

    public int maxDepth() {
        return maxDepth;
    }

    /** Slots holding a stack (exact when quiescent). */
    public int installed() {
        int n = 0;
        for (int i = 0; i < nBuckets; i++) {
            if (lvBucket(i) != NONE) {
                n++;
            }
        }
        return n;
    }

    /** Elements on the freelist (exact when quiescent); installed + free = max_entries. */
    public int freeElements() {
        int n = 0;
        for (int c = 0; c < cpus; c++) {
            n += freelist.count(c);
        }
        return n;
    }

    /** The element each slot holds (NONE for empty), for accounting checks (exact when quiescent). */
    public int[] slotElements() {
        int[] s = new int[nBuckets];
        for (int i = 0; i < nBuckets; i++) {
            s[i] = lvBucket(i);
        }
        return s;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + spec;
    }
}
