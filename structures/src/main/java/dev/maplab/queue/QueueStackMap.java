package dev.maplab.queue;

import dev.maplab.api.BpfMap;
import dev.maplab.api.Errno;
import dev.maplab.api.Errors;
import dev.maplab.api.MapFlags;
import dev.maplab.api.MapOperation;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import dev.maplab.cpu.SpinLock;
import java.util.EnumSet;
import java.util.Set;

/**
 * The BPF queue and stack maps ({@code kernel/bpf/queue_stack_maps.c}): BPF_MAP_TYPE_QUEUE (FIFO,
 * {@link QueueMap}) and BPF_MAP_TYPE_STACK (LIFO, {@link StackMap}), one lock around one circular buffer.
 *
 * <h2>Overview</h2>
 * A buffer of {@code size = max_entries + 1} value slots (one slot is never used, so that a full buffer
 * ({@code head + 1 == tail}) can be told from an empty one ({@code head == tail})), with two indices:
 * {@code head}, where the next push writes, and {@code tail}, the oldest element. Everything, reads
 * included, happens under one spin lock ({@link SpinLock}, the kit's {@code raw_spinlock_t}); nothing is
 * allocated after construction. Values are copied in on push and copied out on pop and peek (the kernel
 * {@code memcpy}s both ways), so a caller never holds a reference into the buffer.
 * <ul>
 *   <li><b>push</b> ({@code queue_stack_map_push_elem}): flags {@code BPF_NOEXIST} or anything above
 *       {@code BPF_EXIST} give {@code -EINVAL}. A full buffer gives {@code -E2BIG}, unless the flags are
 *       {@code BPF_EXIST}: then {@code tail} advances first, dropping the <em>oldest</em> element, for the
 *       queue and the stack alike (the stack loses its bottom, not its top). The value is then written at
 *       {@code head} and {@code head} advances.</li>
 *   <li><b>pop / peek</b>: an empty buffer gives {@code -ENOENT} and a zeroed output (the kernel
 *       {@code memset}s it). The queue reads at {@code tail} (oldest first); the stack reads at
 *       {@code head - 1} (newest first). Pop then moves that index.</li>
 *   <li><b>The syscall view</b> ({@code bpf(2)} on a queue or stack has no key, key_size is 0):
 *       {@link #lookup} is peek, {@link #update} is push, {@link #lookupAndDelete} is pop; they check the
 *       map's access flags first ({@code BPF_F_WRONLY}: no reads, {@code BPF_F_RDONLY}: no writes,
 *       {@code -EPERM}). {@link #delete} and {@link #getNextKey} give {@code -EINVAL}, as the kernel's
 *       ops do; a program-style element lookup is not supplied ({@code -ENOTSUPP}, the verifier refuses
 *       it).</li>
 *   <li><b>NMI producers</b> ({@link #tryPush}, {@link #tryPop}, {@link #tryPeek}): a program in NMI
 *       context cannot wait for a lock that the code it interrupted may hold, so it makes one attempt and
 *       gets {@code -EBUSY} if the lock is taken ({@code raw_spin_trylock_irqsave} since 2023; the 2025
 *       rqspinlock gives {@code -EBUSY} on a detected deadlock or timeout instead).</li>
 * </ul>
 *
 * <h2>Orderings</h2>
 * {@code head}, {@code tail} and the slots are plain fields read and written only under the lock: the
 * lock's acquiring CAS and releasing unlock ({@link SpinLock}) order them, as the kernel's spin lock does.
 * No access happens outside the lock, so there is nothing else to pair.
 *
 * <h2>Mapping to the kernel, and what is lost</h2>
 * The kernel disables interrupts while it holds the lock, so a holder is never preempted; a Java holder
 * can be, and a waiting thread then spins and yields ({@link SpinLock}). That is a cost, not a change of
 * results. The rqspinlock's deadlock detection (a program re-entering the map on the same CPU) cannot
 * happen in Java and is not modelled; {@link #tryPush} models the NMI path that returns {@code -EBUSY}.
 * The {@code _PROG} access flags restrict what the verifier lets programs do; there is no verifier here,
 * so the program-style {@link #push}, {@link #pop} and {@link #peek} ignore them.
 *
 * <h2>Reading guide</h2>
 * {@link #isFull} and {@link #isEmpty} (the one-wasted-slot tests; the mutant in {@code
 * dev.maplab.queue.mutant} breaks the first), {@link #pushLocked}, then {@link #readIndex} and {@link
 * #consume}, the two steps in which {@link QueueMap} and {@link StackMap} differ. The {@code long} methods
 * are the allocation-free fast path for 8-byte values (benchmarks, Lincheck).
 */
public abstract class QueueStackMap implements BpfMap {
    /** {@code lock} word in {@link #lockWord}; padded to its own cache line from the buffer array. */
    private static final int LOCK = 0;

    protected final MapSpec spec;
    protected final int valueSize;
    protected final int valueWords;
    /** {@code max_entries + 1}: one slot is always free. */
    protected final int size;
    /** The slots, {@code valueWords} longs each, values little-endian and zero padded to 8 bytes. */
    protected final long[] elements;
    /** The lock word (the kit's {@code raw_spinlock_t}). */
    private final int[] lockWord = new int[16];
    /** Where the next push writes. Plain: read and written under the lock only. */
    protected int head;
    /** The oldest element. Plain: read and written under the lock only. */
    protected int tail;

    protected QueueStackMap(MapSpec spec, MapType expected) {
        if (spec == null || spec.type() != expected) {
            throw Errors.badArgument("spec.type", spec == null ? "null" : spec.type(), getClass().getSimpleName() + " builds " + expected);
        }
        this.spec = spec;
        this.valueSize = spec.valueSize();
        this.valueWords = (valueSize + 7) >>> 3;
        this.size = spec.maxEntries() + 1;
        long words = (long) size * valueWords;
        if (words > Integer.MAX_VALUE - 16) {
            throw Errors.badArgument("maxEntries x valueSize", spec.maxEntries() + " x " + valueSize,
                    "the buffer must fit one Java array (at most " + ((Integer.MAX_VALUE - 16L) / valueWords - 1) + " entries of this size)");
        }
        this.elements = new long[(int) words];
    }

    // =============================================================================================
    // The buffer (all under the lock)
    // =============================================================================================

    /** {@code queue_stack_map_is_empty}. */
    protected boolean isEmpty() {
        return head == tail;
    }

    /** {@code queue_stack_map_is_full}: the slot after {@code head} is {@code tail}. */
    protected boolean isFull() {
        int h = head + 1;
        if (h >= size) {
            h = 0;
        }
        return h == tail;
    }

    /** Elements held: {@code (head - tail) mod size}. */
    protected final int countLocked() {
        int n = head - tail;
        return n < 0 ? n + size : n;
    }

    /** The slot pop and peek read: {@code tail} for a queue, {@code head - 1} for a stack (buffer not empty). */
    protected abstract int readIndex();

    /** Removes the element at {@code index} (which {@link #readIndex} gave). */
    protected abstract void consume(int index);

    /**
     * {@code queue_stack_map_push_elem} after the flag check, lock held: the full check, the overwrite of
     * the oldest element under {@code BPF_EXIST}, the copy, and the head advance. {@code bytes == null}:
     * the value is {@code v}.
     */
    protected int pushLocked(long v, byte[] bytes, boolean replace) {
        if (isFull()) {
            if (!replace) {
                return -Errno.E2BIG;
            }
            // Advance the tail to overwrite the oldest element.
            if (++tail >= size) {
                tail = 0;
            }
        }
        int off = head * valueWords;
        if (bytes == null) {
            elements[off] = v;
        } else {
            toWords(bytes, valueSize, elements, off);
        }
        if (++head >= size) {
            head = 0;
        }
        return 0;
    }

    /** Pop or peek, lock held: copies the element into {@code out} (or returns its first word); -ENOENT if empty. */
    private long getLocked(byte[] out, boolean delete, long[] word) {
        if (isEmpty()) {
            if (out != null) {
                java.util.Arrays.fill(out, 0, valueSize, (byte) 0);
            }
            return -Errno.ENOENT;
        }
        int index = readIndex();
        int off = index * valueWords;
        if (out != null) {
            toBytes(elements, off, out, valueSize);
        } else {
            word[0] = elements[off];
        }
        if (delete) {
            consume(index);
        }
        return 0;
    }

    // =============================================================================================
    // Locking: wait (process and softirq context) or one attempt (NMI)
    // =============================================================================================

    private boolean acquire(boolean nmi) {
        if (nmi) {
            return SpinLock.tryLock(lockWord, LOCK);
        }
        SpinLock.lock(lockWord, LOCK);
        return true;
    }

    private void release() {
        SpinLock.unlock(lockWord, LOCK);
    }

    /** Test hook: holds the lock until {@link #unlockForTest()} (what an interrupted holder looks like to an NMI). */
    final void lockForTest() {
        SpinLock.lock(lockWord, LOCK);
    }

    final void unlockForTest() {
        release();
    }

    // =============================================================================================
    // Core operations
    // =============================================================================================

    private static boolean validPushFlags(long flags) {
        // "if (flags & BPF_NOEXIST || flags > BPF_EXIST) return -EINVAL" (flags is a u64).
        return (flags & UpdateFlags.NOEXIST) == 0 && Long.compareUnsigned(flags, UpdateFlags.EXIST) <= 0;
    }

    private int pushElement(long v, byte[] bytes, long flags, boolean nmi) {
        if (!validPushFlags(flags)) {
            return -Errno.EINVAL;
        }
        if (!acquire(nmi)) {
            return -Errno.EBUSY;
        }
        try {
            return pushLocked(v, bytes, (flags & UpdateFlags.EXIST) != 0);
        } finally {
            release();
        }
    }

    private long getElement(byte[] out, boolean delete, long[] word, boolean nmi) {
        if (!acquire(nmi)) {
            return -Errno.EBUSY;
        }
        try {
            return getLocked(out, delete, word);
        } finally {
            release();
        }
    }

    // =============================================================================================
    // The long paths: 8-byte values, allocation-free
    // =============================================================================================

    private void requireLongs() {
        if (valueSize != 8) {
            throw Errors.badArgument("valueSize", valueSize, "the long API needs valueSize 8; use the byte[] API");
        }
    }

    /** {@code bpf_map_push_elem} of an 8-byte value: 0, -E2BIG (full), -EINVAL (flags). */
    public int push(long value, long flags) {
        requireLongs();
        return pushElement(value, null, flags, false);
    }

    /** {@code bpf_map_pop_elem} of an 8-byte value: the value, or {@code ifEmpty} when the map is empty. */
    public long pop(long ifEmpty) {
        requireLongs();
        return takeWord(true, ifEmpty);
    }

    /** {@code bpf_map_peek_elem} of an 8-byte value: the value, or {@code ifEmpty}. */
    public long peek(long ifEmpty) {
        requireLongs();
        return takeWord(false, ifEmpty);
    }

    private long takeWord(boolean delete, long ifEmpty) {
        SpinLock.lock(lockWord, LOCK);
        try {
            if (isEmpty()) {
                return ifEmpty;
            }
            int index = readIndex();
            long v = elements[index * valueWords];
            if (delete) {
                consume(index);
            }
            return v;
        } finally {
            release();
        }
    }

    /** Pop into {@code out[0]} without allocating: 0 or -ENOENT. */
    public int popInto(long[] out) {
        requireLongs();
        return (int) getElement(null, true, out, false);
    }

    /** Peek into {@code out[0]} without allocating: 0 or -ENOENT. */
    public int peekInto(long[] out) {
        requireLongs();
        return (int) getElement(null, false, out, false);
    }

    /** NMI-context push: one lock attempt; -EBUSY when the lock is held. */
    public int tryPush(long value, long flags) {
        requireLongs();
        return pushElement(value, null, flags, true);
    }

    /** NMI-context pop into {@code out[0]}: 0, -ENOENT, or -EBUSY when the lock is held. */
    public int tryPop(long[] out) {
        requireLongs();
        return (int) getElement(null, true, out, true);
    }

    // =============================================================================================
    // The byte[] API (BpfMap): program helpers and the syscall view
    // =============================================================================================

    @Override
    public MapSpec spec() {
        return spec;
    }

    @Override
    public Set<MapOperation> operations() {
        return EnumSet.of(MapOperation.LOOKUP, MapOperation.UPDATE, MapOperation.LOOKUP_AND_DELETE,
                MapOperation.PUSH, MapOperation.POP, MapOperation.PEEK);
    }

    @Override
    public int push(byte[] value, long flags) {
        Errors.requireLength("value", value, valueSize);
        return pushElement(0, value, flags, false);
    }

    @Override
    public int pop(byte[] valueOut) {
        Errors.requireLength("valueOut", valueOut, valueSize);
        return (int) getElement(valueOut, true, null, false);
    }

    @Override
    public int peek(byte[] valueOut) {
        Errors.requireLength("valueOut", valueOut, valueSize);
        return (int) getElement(valueOut, false, null, false);
    }

    /** NMI-context {@code bpf_map_push_elem}: -EBUSY when the lock is held. */
    public int tryPush(byte[] value, long flags) {
        Errors.requireLength("value", value, valueSize);
        return pushElement(0, value, flags, true);
    }

    /** NMI-context {@code bpf_map_pop_elem}: -EBUSY when the lock is held. */
    public int tryPop(byte[] valueOut) {
        Errors.requireLength("valueOut", valueOut, valueSize);
        return (int) getElement(valueOut, true, null, true);
    }

    /** NMI-context {@code bpf_map_peek_elem}: -EBUSY when the lock is held. */
    public int tryPeek(byte[] valueOut) {
        Errors.requireLength("valueOut", valueOut, valueSize);
        return (int) getElement(valueOut, false, null, true);
    }

    /** The syscall passes no key: null or an empty array. */
    private static void requireNoKey(byte[] key) {
        if (key != null && key.length != 0) {
            throw Errors.badArgument("key.length", key.length, "must be 0 (or the key null): queue and stack maps have no key");
        }
    }

    private boolean canRead() {
        return !spec.hasFlag(MapFlags.WRONLY);
    }

    private boolean canWrite() {
        return !spec.hasFlag(MapFlags.RDONLY);
    }

    /** {@code BPF_MAP_LOOKUP_ELEM} on a queue or stack: peek. */
    @Override
    public int lookup(byte[] key, byte[] valueOut) {
        requireNoKey(key);
        Errors.requireLength("valueOut", valueOut, valueSize);
        if (!canRead()) {
            return -Errno.EPERM;
        }
        return peek(valueOut);
    }

    /** {@code BPF_MAP_UPDATE_ELEM} on a queue or stack: push with the same flags. */
    @Override
    public int update(byte[] key, byte[] value, long flags) {
        requireNoKey(key);
        Errors.requireLength("value", value, valueSize);
        if (!canWrite()) {
            return -Errno.EPERM;
        }
        return push(value, flags);
    }

    /** {@code BPF_MAP_LOOKUP_AND_DELETE_ELEM} on a queue or stack: pop (needs read and write access). */
    @Override
    public int lookupAndDelete(byte[] key, byte[] valueOut) {
        requireNoKey(key);
        Errors.requireLength("valueOut", valueOut, valueSize);
        if (!canRead() || !canWrite()) {
            return -Errno.EPERM;
        }
        return pop(valueOut);
    }

    /** {@code queue_stack_map_delete_elem}: -EINVAL (after the syscall's write-access check). */
    @Override
    public int delete(byte[] key) {
        return canWrite() ? -Errno.EINVAL : -Errno.EPERM;
    }

    /** {@code queue_stack_map_get_next_key}: -EINVAL (after the syscall's read-access check). */
    @Override
    public int getNextKey(byte[] key, byte[] nextKeyOut) {
        return canRead() ? -Errno.EINVAL : -Errno.EPERM;
    }

    // =============================================================================================
    // Introspection (tests, benchmarks)
    // =============================================================================================

    /** Elements held (taken under the lock). */
    public int size() {
        SpinLock.lock(lockWord, LOCK);
        try {
            return countLocked();
        } finally {
            release();
        }
    }

    public int maxEntries() {
        return size - 1;
    }

    // ---- byte <-> word conversion (little-endian, as on x86-64) -----------------------------

    static void toWords(byte[] src, int len, long[] dst, int dstOff) {
        int words = (len + 7) >>> 3;
        for (int w = 0; w < words; w++) {
            long v = 0;
            int n = Math.min(8, len - w * 8);
            for (int b = n - 1; b >= 0; b--) {
                v = (v << 8) | (src[w * 8 + b] & 0xffL);
            }
            dst[dstOff + w] = v;
        }
    }

    static void toBytes(long[] src, int srcOff, byte[] dst, int len) {
        for (int i = 0; i < len; i++) {
            dst[i] = (byte) (src[srcOff + (i >>> 3)] >>> ((i & 7) << 3));
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + spec;
    }
}
