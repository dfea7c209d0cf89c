package dev.maplab.array;

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

/**
 * The BPF array ({@code kernel/bpf/arraymap.c}): BPF_MAP_TYPE_ARRAY and BPF_MAP_TYPE_PERCPU_ARRAY. Keys are
 * u32 indices, every element exists from creation (zeroed) to the end, and a lookup is an address
 * computation: no hashing, no chain, no lock.
 *
 * <h2>Overview</h2>
 * All values live in one flat {@code long[]} (the kernel's {@code array->value} block), each element
 * {@code elem_size = round_up(value_size, 8)} bytes, element {@code i} at word {@code i * elem_size / 8}.
 * A PERCPU_ARRAY has one such block per logical CPU (the kernel's per-CPU allocation behind {@code
 * array->pptrs[i]}), each CPU's block padded to its own cache lines, so that two CPUs' slots of the same
 * element never share a line.
 * <ul>
 *   <li>lookup: index {@code >= max_entries} is missing ({@code -ENOENT}, a NULL pointer for a program);
 *       otherwise the value is copied out (ARRAY: {@code value_size} bytes; PERCPU_ARRAY syscall: every CPU's
 *       slot, {@code round_up(value_size, 8)} bytes each; PERCPU_ARRAY program: the current CPU's slot).</li>
 *   <li>update: {@code (flags & ~BPF_F_LOCK) > BPF_EXIST} is {@code -EINVAL}; index {@code >= max_entries}
 *       is {@code -E2BIG}; {@code BPF_NOEXIST} is {@code -EEXIST} (every element exists); otherwise the value
 *       is copied in place. A syscall update of a PERCPU_ARRAY writes every CPU's slot; a program's, its own.</li>
 *   <li>delete: {@code -EINVAL} always. lookup_and_delete, delete_batch and lookup_and_delete_batch:
 *       {@code -ENOTSUPP} (not in the ops table). get_next_key: a missing or out-of-range key gives 0, the
 *       last index {@code -ENOENT}, any other {@code i + 1}. lookup_batch is the kernel's generic one (the
 *       cursor is the last key returned); update_batch the generic one of {@link BpfMap}.</li>
 * </ul>
 *
 * <h2>Concurrency: torn values, and the spin-lock option</h2>
 * Values are copied word by word (8-byte opaque loads and stores, the kernel's {@code memcpy} of
 * aligned words) with no lock and no version: a single 8-byte word is never torn, but a reader that
 * copies a multi-word value while a writer copies a new one in can see some words of each, <b>a torn
 * value</b>, exactly as in the kernel (a program holds a pointer into the element and the syscall copies
 * from it while others write). The kernel's answer is a {@code struct bpf_spin_lock} inside the value
 * and {@link UpdateFlags#F_LOCK BPF_F_LOCK} on lookups and updates, which then copy under that lock.
 * maplab models it as a creation option, {@link #withSpinLock(MapSpec)} (the kernel finds the lock in the
 * value's BTF): every element gets a lock word, and {@code F_LOCK} lookups and updates hold it while they
 * copy, so a value read with {@code F_LOCK} is always one that some {@code F_LOCK} update wrote whole.
 * Writers that do not pass {@code F_LOCK} still copy without it (the kernel's rule too: every party must
 * use the lock). On a map created without the option, {@code F_LOCK} is {@code -EINVAL}, as in the kernel
 * for a value without a spin lock. PERCPU_ARRAY values cannot hold a spin lock (kernel: {@code
 * -EOPNOTSUPP} at creation).
 *
 * <p>Program-side arithmetic has two forms, as in BPF: {@link #add(int, long)} is {@code *val += delta}, a
 * plain read-modify-write (two threads on the same value, or on one logical CPU's slot, lose updates), and
 * {@link #atomicAdd(int, long)} is {@code __sync_fetch_and_add} ({@code BPF_ATOMIC | BPF_ADD}), an atomic
 * add. The per-CPU array exists so that the first form is safe: one CPU, one slot.
 *
 * <h2>Mapping to the kernel, and what is lost</h2>
 * <ul>
 *   <li>Program-style accesses ({@link #programLookup}, {@link #programUpdate}, the {@code long} paths) use
 *       the calling thread's {@link LogicalCpu} for PERCPU_ARRAY. Two threads that share a CPU id write one
 *       slot, as an NMI program and the program it interrupted do.</li>
 *   <li>The kernel masks the index ({@code index & index_mask}, with the allocation rounded up to a power of
 *       two for unprivileged users) against Spectre v1; a bounds-checked Java array needs no mask.</li>
 *   <li>Special value fields other than the spin lock (timers, kptrs), {@code BPF_F_MMAPABLE} memory
 *       mapping (the flag is accepted for ARRAY and changes nothing), {@code BPF_F_RDONLY_PROG} and {@code
 *       BPF_F_WRONLY_PROG} (verifier rules) are not modelled. {@code BPF_F_RDONLY} and {@code BPF_F_WRONLY}
 *       make the syscall side answer {@code -EPERM}, as the kernel does.</li>
 * </ul>
 *
 * <h2>Reading guide</h2>
 * The word accesses ({@link #lpWord}, {@link #spWord}) and the copies built on them; the two protected
 * store steps the mutants override, {@link #storeLocked} (an {@code F_LOCK} update) and
 * {@link #storeProgram} (a program's update); then the syscall API, iteration and batches, and the
 * {@code long} fast paths.
 */
public class ArrayMap implements BpfMap {
    static final VarHandle LONG = MethodHandles.arrayElementVarHandle(long[].class);

    /** The only key size an array accepts: a u32 index. */
    public static final int KEY_SIZE = 4;
    /** {@code BPF_F_MMAPABLE}. */
    public static final int F_MMAPABLE = 1 << 10;
    /** {@code BPF_F_PRESERVE_ELEMS} (perf event arrays only). */
    public static final int F_PRESERVE_ELEMS = 1 << 11;
    /** {@code BPF_F_INNER_MAP}. */
    public static final int F_INNER_MAP = 1 << 12;
    /** {@code ARRAY_CREATE_FLAG_MASK}: the map flags an array accepts. */
    public static final int CREATE_FLAG_MASK = MapFlags.NUMA_NODE | F_MMAPABLE | MapFlags.RDONLY | MapFlags.WRONLY
            | MapFlags.RDONLY_PROG | MapFlags.WRONLY_PROG | F_PRESERVE_ELEMS | F_INNER_MAP;
    /** Longs of padding before the first block and between per-CPU blocks (128 bytes). */
    static final int PAD = 16;

    protected final MapSpec spec;
    protected final boolean percpu;
    protected final boolean spinLock;
    protected final int cpus;
    protected final int maxEntries;
    protected final int valueSize;
    /** {@code round_up(value_size, 8) / 8}: the words of one element (one CPU's slot of it). */
    protected final int valueWords;
    /** Words from one CPU's block to the next (a multiple of 16, at least {@link #PAD} of padding). */
    protected final int block;
    /** The values: CPU {@code c}'s slot of element {@code i} at {@link #offset(int, int) PAD + c * block + i * valueWords}. */
    protected final long[] words;
    /** One lock word per element ({@link #withSpinLock}), else null. */
    protected final int[] locks;

    /** An ARRAY or PERCPU_ARRAY whose values hold no spin lock ({@code F_LOCK} is {@code -EINVAL}). */
    public ArrayMap(MapSpec spec) {
        this(spec, false);
    }

    /** An ARRAY whose values hold a {@code struct bpf_spin_lock}: lookups and updates may pass {@code F_LOCK}. */
    public static ArrayMap withSpinLock(MapSpec spec) {
        return new ArrayMap(spec, true);
    }

    /**
     * @param spinLock true when the value holds a spin lock (the kernel reads it from the value's BTF); ARRAY only
     * @throws IllegalArgumentException where the kernel's {@code array_map_alloc_check} or {@code map_check_btf}
     *                                  fails the creation (the message names the parameter and the errno)
     */
    protected ArrayMap(MapSpec spec, boolean spinLock) {
        MapType type = spec.type();
        if (type != MapType.ARRAY && type != MapType.PERCPU_ARRAY) {
            throw Errors.badArgument("spec.type", type, "ArrayMap builds ARRAY or PERCPU_ARRAY");
        }
        if (spec.keySize() != KEY_SIZE) {
            throw Errors.badArgument("keySize", spec.keySize(), "an array's key is a u32 index: must be 4 (kernel: -EINVAL)");
        }
        int flags = spec.mapFlags();
        int unknown = flags & ~CREATE_FLAG_MASK;
        if (unknown != 0) {
            throw Errors.badArgument("mapFlags", "0x" + Integer.toHexString(flags), "unknown bits 0x" + Integer.toHexString(unknown)
                    + "; allowed: NUMA_NODE, MMAPABLE, RDONLY, WRONLY, RDONLY_PROG, WRONLY_PROG, INNER_MAP (kernel: -EINVAL)");
        }
        if ((flags & MapFlags.RDONLY) != 0 && (flags & MapFlags.WRONLY) != 0) {
            throw Errors.badArgument("mapFlags", "RDONLY|WRONLY", "at most one access flag (kernel: -EINVAL)");
        }
        if ((flags & F_PRESERVE_ELEMS) != 0) {
            throw Errors.badArgument("mapFlags", "PRESERVE_ELEMS on " + type, "only PERF_EVENT_ARRAY takes it (kernel: -EINVAL)");
        }
        boolean pc = type == MapType.PERCPU_ARRAY;
        if (pc && (flags & MapFlags.NUMA_NODE) != 0) {
            throw Errors.badArgument("mapFlags", "NUMA_NODE on PERCPU_ARRAY", "per-CPU memory has no single node (kernel: -EINVAL)");
        }
        if (pc && (flags & F_MMAPABLE) != 0) {
            throw Errors.badArgument("mapFlags", "MMAPABLE on PERCPU_ARRAY", "only ARRAY can be memory-mapped (kernel: -EINVAL)");
        }
        if (spec.valueSize() > MapSpec.KMALLOC_MAX_SIZE) {
            throw Errors.badArgument("valueSize", spec.valueSize(), "must be at most KMALLOC_MAX_SIZE = "
                    + MapSpec.KMALLOC_MAX_SIZE + " (kernel: -E2BIG)");
        }
        if (pc && MapSpec.roundUp8(spec.valueSize()) > MapSpec.PCPU_MIN_UNIT_SIZE) {
            throw Errors.badArgument("valueSize", spec.valueSize(), "round_up(valueSize, 8) must be at most "
                    + MapSpec.PCPU_MIN_UNIT_SIZE + " for PERCPU_ARRAY (kernel: -E2BIG)");
        }
        if (pc && spinLock) {
            throw Errors.badArgument("spinLock", true, "a PERCPU_ARRAY value cannot hold a bpf_spin_lock (kernel: -EOPNOTSUPP)");
        }
        this.spec = spec;
        this.percpu = pc;
        this.spinLock = spinLock;
        this.cpus = spec.cpus();
        this.maxEntries = spec.maxEntries();
        this.valueSize = spec.valueSize();
        this.valueWords = MapSpec.roundUp8(valueSize) / 8;
        long perBlock = (long) maxEntries * valueWords;
        long blk = pc ? (perBlock + PAD + 15) / 16 * 16 : perBlock;
        long total = PAD + (pc ? cpus : 1) * blk + PAD;
        if (total > Integer.MAX_VALUE - 16) {
            throw Errors.badArgument("maxEntries", maxEntries, maxEntries + " elements of " + valueWords * 8 + " bytes"
                    + (pc ? " on " + cpus + " CPUs" : "") + " are more than one Java array holds");
        }
        this.block = (int) blk;
        this.words = new long[(int) total];
        this.locks = spinLock ? new int[maxEntries] : null;
        VarHandle.releaseFence(); // the zeroed elements are visible to threads that receive the map racily
    }

    // =============================================================================================
    // Words, named by ordering
    // =============================================================================================

    /** Word of CPU {@code cpu}'s slot of element {@code index} (cpu 0 for ARRAY). */
    protected final int offset(int index, int cpu) {
        return PAD + cpu * block + index * valueWords;
    }

    /**
     * A value word, opaque load: a whole 8-byte word as some writer stored it. Unordered with the other
     * words of the value (that is the tearing); an {@code F_LOCK} copy gets its order from the lock.
     */
    protected final long lpWord(int i) {
        return (long) LONG.getOpaque(words, i);
    }

    /** A value word, opaque store: pairs with {@link #lpWord} (word-sized, never torn itself). */
    protected final void spWord(int i, long v) {
        LONG.setOpaque(words, i, v);
    }

    /** Atomic add to a value word ({@code BPF_ATOMIC | BPF_ADD | BPF_FETCH}); returns the old word. */
    protected final long xaddWord(int i, long delta) {
        return (long) LONG.getAndAdd(words, i, delta);
    }

    /** Element {@code index}'s spin lock: the CAS acquires (pairs with {@link #unlockElement}'s release). */
    protected final void lockElement(int index) {
        SpinLock.lock(locks, index);
    }

    /** Releases element {@code index}'s lock: the words copied under it are visible to the next holder. */
    protected final void unlockElement(int index) {
        SpinLock.unlock(locks, index);
    }

    /** Copies {@code len} bytes of {@code src} (from {@code srcOff}) into the words at {@code off}, little-endian, zero padded. */
    protected final void copyIn(int off, byte[] src, int srcOff, int len) {
        int n = (len + 7) >>> 3;
        for (int w = 0; w < n; w++) {
            long v = 0;
            int start = srcOff + w * 8;
            for (int b = Math.min(8, len - w * 8) - 1; b >= 0; b--) {
                v = (v << 8) | (src[start + b] & 0xffL);
            }
            spWord(off + w, v);
        }
    }

    /** Copies {@code len} bytes out of the words at {@code off} into {@code dst} (from {@code dstOff}). */
    protected final void copyOut(int off, byte[] dst, int dstOff, int len) {
        int n = (len + 7) >>> 3;
        for (int w = 0; w < n; w++) {
            long v = lpWord(off + w);
            int start = dstOff + w * 8;
            int m = Math.min(8, len - w * 8);
            for (int b = 0; b < m; b++) {
                dst[start + b] = (byte) (v >>> (8 * b));
            }
        }
    }

    /** Writes one slot: {@code src == null} stores {@code v} as the first word (the other words 0), else the bytes. */
    protected final void writeSlot(int off, byte[] src, int srcOff, int len, long v) {
        if (src == null) {
            spWord(off, v);
            for (int w = 1; w < valueWords; w++) {
                spWord(off + w, 0);
            }
        } else {
            copyIn(off, src, srcOff, len);
        }
    }

    // =============================================================================================
    // The store steps (the mutants override these)
    // =============================================================================================

    /**
     * An {@code F_LOCK} update of an ARRAY element ({@code copy_map_value_locked}): the whole value copied
     * in while holding the element's spin lock. {@code src == null}: the value is {@code v}.
     */
    protected void storeLocked(int index, byte[] src, long v) {
        lockElement(index);
        try {
            writeSlot(offset(index, 0), src, 0, valueSize, v);
        } finally {
            unlockElement(index);
        }
    }

    /**
     * A program's update ({@code bpf_map_update_elem} from BPF): ARRAY, the whole value; PERCPU_ARRAY, only
     * CPU {@code cpu}'s slot ({@code this_cpu_ptr}), the other CPUs' slots untouched. {@code src == null}:
     * the value is {@code v}.
     */
    protected void storeProgram(int index, int cpu, byte[] src, long v) {
        writeSlot(offset(index, percpu ? cpu : 0), src, 0, percpu ? valueWords * 8 : valueSize, v);
    }

    // =============================================================================================
    // Checks shared by the paths
    // =============================================================================================

    private boolean outOfRange(int index) {
        return Integer.compareUnsigned(index, maxEntries) >= 0;
    }

    private int index(byte[] key) {
        Errors.requireLength("key", key, KEY_SIZE);
        return (key[0] & 0xff) | (key[1] & 0xff) << 8 | (key[2] & 0xff) << 16 | (key[3] & 0xff) << 24;
    }

    private static byte[] keyBytes(int index) {
        return new byte[] {(byte) index, (byte) (index >>> 8), (byte) (index >>> 16), (byte) (index >>> 24)};
    }

    private boolean canRead() {
        return !spec.hasFlag(MapFlags.WRONLY);
    }

    private boolean canWrite() {
        return !spec.hasFlag(MapFlags.RDONLY);
    }

    /**
     * {@code array_map_update_elem}'s checks, in its order: 0 when the update may proceed. (A PERCPU_ARRAY
     * syscall update goes through {@code bpf_percpu_array_update}, whose first check is {@code flags >
     * BPF_EXIST}, so {@code F_LOCK} is {@code -EINVAL} there too: the same answers.)
     */
    private int updateChecks(int index, long flags) {
        if (Long.compareUnsigned(flags & ~UpdateFlags.F_LOCK, UpdateFlags.EXIST) > 0) {
            return -Errno.EINVAL;
        }
        if (outOfRange(index)) {
            return -Errno.E2BIG;
        }
        if ((flags & UpdateFlags.NOEXIST) != 0) {
            return -Errno.EEXIST; // every element exists
        }
        if ((flags & UpdateFlags.F_LOCK) != 0 && !spinLock) {
            return -Errno.EINVAL;
        }
        return 0;
    }

    // =============================================================================================
    // The syscall API (BpfMap)
    // =============================================================================================

    @Override
    public MapSpec spec() {
        return spec;
    }

    /** Whether values hold a spin lock ({@link #withSpinLock}): {@code F_LOCK} is accepted. */
    public boolean hasSpinLock() {
        return spinLock;
    }

    @Override
    public Set<MapOperation> operations() {
        // array_map_ops / percpu_array_map_ops: delete is in the table (it answers -EINVAL);
        // lookup_and_delete, delete_batch and lookup_and_delete_batch are not (-ENOTSUPP).
        return EnumSet.of(MapOperation.LOOKUP, MapOperation.PROGRAM_LOOKUP, MapOperation.UPDATE, MapOperation.DELETE,
                MapOperation.GET_NEXT_KEY, MapOperation.LOOKUP_BATCH, MapOperation.UPDATE_BATCH);
    }

    @Override
    public int lookup(byte[] key, byte[] valueOut) {
        return lookup(key, valueOut, 0);
    }

    /**
     * {@code BPF_MAP_LOOKUP_ELEM} with {@code flags}: 0 or {@code F_LOCK} (copy under the element's spin lock;
     * {@code -EINVAL} on a map without one). Any other bit is {@code -EINVAL}.
     */
    public int lookup(byte[] key, byte[] valueOut, long flags) {
        int index = index(key);
        Errors.requireLength("valueOut", valueOut, spec.syscallValueSize());
        if ((flags & ~UpdateFlags.F_LOCK) != 0) {
            return -Errno.EINVAL;
        }
        if (!canRead()) {
            return -Errno.EPERM;
        }
        if ((flags & UpdateFlags.F_LOCK) != 0 && !spinLock) {
            return -Errno.EINVAL;
        }
        if (outOfRange(index)) {
            return -Errno.ENOENT;
        }
        copyValueOut(index, valueOut, (flags & UpdateFlags.F_LOCK) != 0);
        return 0;
    }

    /** The syscall copy: ARRAY, {@code value_size} bytes (under the lock with {@code F_LOCK}); PERCPU_ARRAY, every CPU's slot. */
    private void copyValueOut(int index, byte[] out, boolean locked) {
        if (percpu) {
            int stride = valueWords * 8;
            for (int c = 0; c < cpus; c++) {
                copyOut(offset(index, c), out, c * stride, stride);
            }
        } else if (locked) {
            lockElement(index);
            try {
                copyOut(offset(index, 0), out, 0, valueSize);
            } finally {
                unlockElement(index);
            }
        } else {
            copyOut(offset(index, 0), out, 0, valueSize);
        }
    }

    /** A program's lookup: ARRAY, the value ({@code value_size} bytes); PERCPU_ARRAY, this CPU's slot ({@code round_up(value_size, 8)} bytes). */
    @Override
    public int programLookup(byte[] key, byte[] valueOut) {
        int index = index(key);
        Errors.requireLength("valueOut", valueOut, percpu ? valueWords * 8 : valueSize);
        if (outOfRange(index)) {
            return -Errno.ENOENT;
        }
        int cpu = percpu ? LogicalCpu.current(cpus) : 0;
        copyOut(offset(index, cpu), valueOut, 0, valueOut.length);
        return 0;
    }

    /**
     * {@code BPF_MAP_UPDATE_ELEM}: ARRAY, the value copied in place (under the element's lock with {@code
     * F_LOCK}); PERCPU_ARRAY, every CPU's slot from the N-slot syscall value.
     */
    @Override
    public int update(byte[] key, byte[] value, long flags) {
        int index = index(key);
        Errors.requireLength("value", value, spec.syscallValueSize());
        if (!canWrite()) {
            return -Errno.EPERM;
        }
        if ((flags & UpdateFlags.F_LOCK) != 0 && !spinLock) {
            return -Errno.EINVAL; // map_update_elem: F_LOCK on a value without a spin lock
        }
        int r = updateChecks(index, flags);
        if (r != 0) {
            return r;
        }
        if (percpu) {
            int stride = valueWords * 8;
            for (int c = 0; c < cpus; c++) {
                copyIn(offset(index, c), value, c * stride, stride);
            }
        } else if ((flags & UpdateFlags.F_LOCK) != 0) {
            storeLocked(index, value, 0);
        } else {
            writeSlot(offset(index, 0), value, 0, valueSize, 0);
        }
        return 0;
    }

    /**
     * A program's update ({@code bpf_map_update_elem} from BPF): ARRAY, the whole value ({@code value_size}
     * bytes); PERCPU_ARRAY, this CPU's slot only ({@code round_up(value_size, 8)} bytes).
     */
    public int programUpdate(byte[] key, byte[] value, long flags) {
        int index = index(key);
        Errors.requireLength("value", value, percpu ? valueWords * 8 : valueSize);
        int r = updateChecks(index, flags);
        if (r != 0) {
            return r;
        }
        if ((flags & UpdateFlags.F_LOCK) != 0) {
            storeLocked(index, value, 0);
        } else {
            storeProgram(index, percpu ? LogicalCpu.current(cpus) : 0, value, 0);
        }
        return 0;
    }

    /** {@code BPF_MAP_DELETE_ELEM}: array elements cannot be deleted, {@code -EINVAL} (after the key and permission checks). */
    @Override
    public int delete(byte[] key) {
        index(key);
        if (!canWrite()) {
            return -Errno.EPERM;
        }
        return -Errno.EINVAL;
    }

    /**
     * {@code array_map_get_next_key}: {@code key == null} or an index {@code >= max_entries} gives 0; the last
     * index gives {@code -ENOENT}; any other index {@code i} gives {@code i + 1}.
     */
    @Override
    public int getNextKey(byte[] key, byte[] nextKeyOut) {
        Errors.requireLength("nextKeyOut", nextKeyOut, KEY_SIZE);
        int index = key == null ? -1 : index(key); // NULL: U32_MAX
        if (!canRead()) {
            return -Errno.EPERM;
        }
        return nextKey(index, nextKeyOut);
    }

    private int nextKey(int index, byte[] out) {
        int next;
        if (outOfRange(index)) {
            next = 0;
        } else if (index == maxEntries - 1) {
            return -Errno.ENOENT;
        } else {
            next = index + 1;
        }
        out[0] = (byte) next;
        out[1] = (byte) (next >>> 8);
        out[2] = (byte) (next >>> 16);
        out[3] = (byte) (next >>> 24);
        return 0;
    }

    @Override
    public BatchResult lookupBatch(byte[] inBatch, int count) {
        return lookupBatch(inBatch, count, 0);
    }

    /**
     * {@code generic_map_lookup_batch}: from the key after {@code inBatch} ({@code null}: the first key), up to
     * {@code count} entries, each key found with get_next_key and its value copied as a syscall lookup would
     * ({@code elemFlags}: 0 or {@code F_LOCK}). Returns 0 when {@code count} entries were returned, {@code
     * -ENOENT} when the keys ran out (with the entries returned before); the cursor is the last key returned
     * ({@code inBatch} unchanged when none was).
     */
    public BatchResult lookupBatch(byte[] inBatch, int count, long elemFlags) {
        if (count < 0) {
            throw Errors.badArgument("count", count, "must be >= 0");
        }
        int from = inBatch == null ? -1 : index(inBatch);
        if (!canRead()) {
            return new BatchResult(-Errno.EPERM, 0, inBatch, List.of(), List.of());
        }
        if ((elemFlags & ~UpdateFlags.F_LOCK) != 0 || ((elemFlags & UpdateFlags.F_LOCK) != 0 && !spinLock)) {
            return new BatchResult(-Errno.EINVAL, 0, inBatch, List.of(), List.of());
        }
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        if (count == 0) {
            return new BatchResult(0, 0, inBatch, keys, values);
        }
        int result = 0;
        int prev = from;
        while (keys.size() < count) {
            byte[] k = new byte[KEY_SIZE];
            int r = nextKey(prev, k);
            if (r != 0) {
                result = r;
                break;
            }
            int index = index(k);
            byte[] v = new byte[spec.syscallValueSize()];
            copyValueOut(index, v, (elemFlags & UpdateFlags.F_LOCK) != 0);
            keys.add(k);
            values.add(v);
            prev = index;
        }
        byte[] out = keys.isEmpty() ? inBatch : keys.get(keys.size() - 1).clone();
        return new BatchResult(result, keys.size(), out, keys, values);
    }

    // =============================================================================================
    // The long paths: 8-byte values, int indices, allocation-free (program-style for PERCPU_ARRAY)
    // =============================================================================================

    private void requireLongs() {
        if (valueSize != 8) {
            throw Errors.badArgument("valueSize", valueSize, "the long API needs valueSize 8; use the byte[] API");
        }
    }

    /** A program's lookup of element {@code index}: the value (PERCPU_ARRAY: this CPU's slot), or {@code absent}. */
    public long lookup(int index, long absent) {
        requireLongs();
        if (outOfRange(index)) {
            return absent;
        }
        return lpWord(offset(index, percpu ? LogicalCpu.current(cpus) : 0));
    }

    /**
     * {@code bpf_map_lookup_percpu_elem}: CPU {@code cpu}'s slot of element {@code index} of a PERCPU_ARRAY,
     * or {@code absent} for an index or CPU out of range.
     */
    public long lookupOnCpu(int index, int cpu, long absent) {
        requireLongs();
        if (!percpu) {
            throw Errors.badArgument("map type", spec.type(), "lookupOnCpu reads a PERCPU_ARRAY");
        }
        if (outOfRange(index) || Integer.compareUnsigned(cpu, cpus) >= 0) {
            return absent;
        }
        return lpWord(offset(index, cpu));
    }

    /**
     * The syscall lookup of element {@code index} into {@code out}: ARRAY, {@code out[0]}; PERCPU_ARRAY, every
     * CPU's slot, {@code out[c]} for CPU {@code c}. 0, or {@code -ENOENT} for an index out of range.
     */
    public int lookupAllCpus(int index, long[] out) {
        requireLongs();
        int n = percpu ? cpus : 1;
        if (out.length < n) {
            throw Errors.badArgument("out.length", out.length, "must be at least " + n);
        }
        if (outOfRange(index)) {
            return -Errno.ENOENT;
        }
        for (int c = 0; c < n; c++) {
            out[c] = lpWord(offset(index, c));
        }
        return 0;
    }

    /** A program's update of element {@code index} (PERCPU_ARRAY: this CPU's slot) with {@link UpdateFlags}: 0 or -errno. */
    public int update(int index, long value, long flags) {
        requireLongs();
        int r = updateChecks(index, flags);
        if (r != 0) {
            return r;
        }
        if ((flags & UpdateFlags.F_LOCK) != 0) {
            storeLocked(index, null, value);
        } else {
            storeProgram(index, percpu ? LogicalCpu.current(cpus) : 0, null, value);
        }
        return 0;
    }

    /**
     * A program's {@code *val += delta} on element {@code index} (PERCPU_ARRAY: this CPU's slot): a plain
     * read-modify-write, safe only when nothing else writes that word. 0, or {@code -ENOENT} out of range.
     */
    public int add(int index, long delta) {
        requireLongs();
        if (outOfRange(index)) {
            return -Errno.ENOENT;
        }
        int off = offset(index, percpu ? LogicalCpu.current(cpus) : 0);
        spWord(off, lpWord(off) + delta);
        return 0;
    }

    /**
     * A program's {@code __sync_fetch_and_add(val, delta)} on element {@code index} (PERCPU_ARRAY: this CPU's
     * slot): an atomic add. 0, or {@code -ENOENT} out of range.
     */
    public int atomicAdd(int index, long delta) {
        requireLongs();
        if (outOfRange(index)) {
            return -Errno.ENOENT;
        }
        xaddWord(offset(index, percpu ? LogicalCpu.current(cpus) : 0), delta);
        return 0;
    }

    // =============================================================================================
    // Introspection
    // =============================================================================================

    public int maxEntries() {
        return maxEntries;
    }

    /** The key bytes of index {@code i} (u32, little-endian). */
    public static byte[] key(int i) {
        return keyBytes(i);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + spec + (spinLock ? "/spin-lock" : "");
    }
}
