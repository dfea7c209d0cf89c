package dev.maplab.kernel;

import com.sun.jna.Memory;
import dev.maplab.api.BatchResult;
import dev.maplab.api.BpfMap;
import dev.maplab.api.Errno;
import dev.maplab.api.Errors;
import dev.maplab.api.MapOperation;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.cpu.LogicalCpu;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A map in the running kernel, used through {@code bpf(2)}: the same {@link BpfMap} interface as maplab's
 * structures, so a trace, a test or a benchmark can run on either.
 *
 * <p><b>Creation.</b> {@link #create(MapSpec)} passes the spec's type, key size, value size, max_entries
 * and map flags to {@code BPF_MAP_CREATE} as they are. The spec's CPU count must be the kernel's
 * {@code num_possible_cpus()} for per-CPU types (it fixes the syscall value layout), and at most that for
 * the others. A refused creation is a {@link BpfException} that says why (errno, the capability missing,
 * the kernel release).
 *
 * <p><b>The current CPU.</b> Before every operation the calling thread is pinned
 * ({@code sched_setaffinity}) to its bound {@link LogicalCpu} when it has one, so that {@code cpu N} of a
 * trace means the same on both sides: per-CPU state the kernel selects with {@code smp_processor_id()}
 * (the hash table's freelist and spare element, the LRU's local lists) and the slot a program sees.
 * {@link #unpin()} gives the thread its original affinity back. A thread with no bound logical CPU runs
 * wherever the scheduler puts it.
 *
 * <p><b>Program-style lookups.</b> {@link #programLookup} runs a small socket-filter program with
 * {@code BPF_PROG_TEST_RUN} on the current CPU; it calls {@code bpf_map_lookup_elem} on this map (which for
 * LRU maps sets the reference bit, and for per-CPU maps yields this CPU's slot) and copies the value into a
 * one-element argument array. The program and its array are made on first use and closed with the map.
 *
 * <p><b>Queue and stack.</b> {@link #push}, {@link #pop} and {@link #peek} are the syscall's update,
 * lookup_and_delete and lookup with a NULL key (key size 0).
 *
 * <p>Not thread-safe for one instance's program lookups (one argument array); the syscall operations are
 * (each thread has its own buffers). {@link #close()} closes every fd it owns.
 */
public final class KernelMap implements BpfMap, AutoCloseable {
    private final MapSpec spec;
    private final int fd;
    private final String name;
    private final ThreadLocal<Buffers> buffers;
    private LookupProgram lookupProgram;
    private volatile boolean closed;

    private static final ThreadLocal<int[]> PINNED = ThreadLocal.withInitial(() -> new int[] {-1});
    private static final ThreadLocal<byte[]> ORIGINAL_AFFINITY = new ThreadLocal<>();

    /** Per-thread native buffers: attr, key, value (syscall size), next key, batch tokens. */
    private static final class Buffers {
        final Memory attr = Bpf.attr();
        final Memory key;
        final Memory value;
        final Memory nextKey;

        Buffers(MapSpec spec) {
            key = Bpf.buffer(Math.max(8, spec.keySize()));
            value = Bpf.buffer(Math.max(8, spec.syscallValueSize()));
            nextKey = Bpf.buffer(Math.max(8, spec.keySize()));
        }
    }

    private KernelMap(MapSpec spec, int fd, String name) {
        this.spec = spec;
        this.fd = fd;
        this.name = name;
        this.buffers = ThreadLocal.withInitial(() -> new Buffers(spec));
    }

    /**
     * Creates the map {@code spec} describes in the running kernel.
     *
     * @throws BpfException          when the kernel refuses (the message says why)
     * @throws IllegalArgumentException when the spec's CPU count does not fit the kernel's
     */
    public static KernelMap create(MapSpec spec) {
        return create(spec, "maplab");
    }

    /** As {@link #create(MapSpec)}, with the map's name as {@code bpftool} shows it (15 characters kept). */
    public static KernelMap create(MapSpec spec, String name) {
        int possible = KernelInfo.possibleCpus();
        if (spec.type().isPerCpu() ? spec.cpus() != possible : spec.cpus() > possible) {
            throw Errors.badArgument("spec.cpus", spec.cpus(), "the running kernel has " + possible
                    + " possible CPUs; per-CPU maps need exactly that, others at most that");
        }
        if (!Bpf.loaded()) {
            throw new BpfException("bpf(2) not usable: " + Bpf.loadProblem(), 0);
        }
        // struct { u32 map_type; u32 key_size; u32 value_size; u32 max_entries; u32 map_flags; u32 inner_map_fd;
        //          u32 numa_node; char map_name[16]; ... }
        Memory attr = Bpf.attr();
        attr.setInt(0, spec.type().kernelId());
        attr.setInt(4, spec.keySize());
        attr.setInt(8, spec.valueSize());
        attr.setInt(12, spec.maxEntries());
        attr.setInt(16, spec.mapFlags());
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        attr.write(28, n, 0, Math.min(15, n.length));
        long fd = Bpf.bpf(Bpf.MAP_CREATE, attr);
        if (fd < 0) {
            int errno = (int) -fd;
            if (errno == 1 && (spec.mapFlags() & dev.maplab.api.MapFlags.ZERO_SEED) != 0 && KernelInfo.hasCapability(KernelInfo.CAP_BPF)
                    && !KernelInfo.hasCapability(KernelInfo.CAP_SYS_ADMIN)) {
                throw new BpfException("BPF_MAP_CREATE(" + spec + ") failed: " + KernelErrors.describe(errno)
                        + ": BPF_F_ZERO_SEED needs CAP_SYS_ADMIN, which this process lacks (it has CAP_BPF); kernel "
                        + KernelInfo.release(), errno);
            }
            throw new BpfException("BPF_MAP_CREATE(" + spec + ") failed: " + KernelInfo.explainCreate(errno), errno);
        }
        return new KernelMap(spec, (int) fd, name);
    }

    @Override
    public MapSpec spec() {
        return spec;
    }

    public int fd() {
        return fd;
    }

    @Override
    public Set<MapOperation> operations() {
        MapType t = spec.type();
        if (t == MapType.QUEUE || t == MapType.STACK) {
            return EnumSet.of(MapOperation.PUSH, MapOperation.POP, MapOperation.PEEK, MapOperation.LOOKUP,
                    MapOperation.LOOKUP_AND_DELETE, MapOperation.UPDATE);
        }
        if (t == MapType.ARRAY || t == MapType.PERCPU_ARRAY) {
            return EnumSet.of(MapOperation.LOOKUP, MapOperation.PROGRAM_LOOKUP, MapOperation.UPDATE,
                    MapOperation.GET_NEXT_KEY, MapOperation.LOOKUP_BATCH, MapOperation.UPDATE_BATCH);
        }
        return EnumSet.of(MapOperation.LOOKUP, MapOperation.PROGRAM_LOOKUP, MapOperation.UPDATE, MapOperation.DELETE,
                MapOperation.LOOKUP_AND_DELETE, MapOperation.GET_NEXT_KEY, MapOperation.LOOKUP_BATCH,
                MapOperation.LOOKUP_AND_DELETE_BATCH, MapOperation.UPDATE_BATCH, MapOperation.DELETE_BATCH);
    }

    // ---------------------------------------------------------------------------------------------
    // CPU pinning
    // ---------------------------------------------------------------------------------------------

    /** Pins the calling thread to its bound logical CPU, if it has one and is not pinned there already. */
    static void followLogicalCpu() {
        int cpu = LogicalCpu.bound();
        if (cpu >= 0) {
            pin(cpu);
        }
    }

    /**
     * Pins the calling thread to {@code cpu} (remembering its original affinity for {@link #unpin()}).
     *
     * @throws BpfException when the kernel refuses (a CPU that is offline or outside the cpuset)
     */
    public static void pin(int cpu) {
        int[] pinned = PINNED.get();
        if (pinned[0] == cpu) {
            return;
        }
        if (ORIGINAL_AFFINITY.get() == null) {
            byte[] orig = Bpf.affinity();
            if (orig != null) {
                ORIGINAL_AFFINITY.set(orig);
            }
        }
        int r = Bpf.pinCurrentThread(cpu);
        if (r < 0) {
            throw new BpfException("sched_setaffinity(cpu " + cpu + ") failed: " + KernelErrors.describe(-r), -r);
        }
        pinned[0] = cpu;
    }

    /** Gives the calling thread back the affinity it had before its first {@link #pin}. */
    public static void unpin() {
        int[] pinned = PINNED.get();
        byte[] orig = ORIGINAL_AFFINITY.get();
        if (orig != null) {
            Bpf.setAffinity(orig);
            ORIGINAL_AFFINITY.remove();
        }
        pinned[0] = -1;
    }

    // ---------------------------------------------------------------------------------------------
    // Element commands
    // ---------------------------------------------------------------------------------------------

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("map " + name + " (" + spec + ") is closed");
        }
    }

    /** Copies {@code key} (which must have the key size; null or empty for key size 0) into {@code b.key}. */
    private long keyAddress(Buffers b, byte[] key, String parameter) {
        if (key == null || spec.keySize() == 0) {
            if (key != null && key.length != 0) {
                throw Errors.badArgument(parameter + ".length", key.length, "must be 0: the map's key size is 0");
            }
            return 0;
        }
        Errors.requireLength(parameter, key, spec.keySize());
        b.key.write(0, key, 0, key.length);
        return Bpf.address(b.key);
    }

    /** The element commands' attr: {@code u32 map_fd; u64 key; u64 value|next_key; u64 flags}. */
    private long elemCommand(int cmd, Buffers b, long keyAddr, long valueAddr, long flags) {
        requireOpen();
        followLogicalCpu();
        Memory attr = b.attr;
        attr.clear();
        attr.setInt(0, fd);
        attr.setLong(8, keyAddr);
        attr.setLong(16, valueAddr);
        attr.setLong(24, flags);
        return Bpf.bpf(cmd, attr);
    }

    @Override
    public int lookup(byte[] key, byte[] valueOut) {
        Buffers b = buffers.get();
        Errors.requireLength("valueOut", valueOut, spec.syscallValueSize());
        long r = elemCommand(Bpf.MAP_LOOKUP_ELEM, b, keyAddress(b, key, "key"), Bpf.address(b.value), 0);
        if (r == 0) {
            b.value.read(0, valueOut, 0, valueOut.length);
        }
        return (int) r;
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        Buffers b = buffers.get();
        Errors.requireLength("value", value, spec.syscallValueSize());
        long k = keyAddress(b, key, "key");
        b.value.write(0, value, 0, value.length);
        return (int) elemCommand(Bpf.MAP_UPDATE_ELEM, b, k, Bpf.address(b.value), flags);
    }

    @Override
    public int delete(byte[] key) {
        Buffers b = buffers.get();
        return (int) elemCommand(Bpf.MAP_DELETE_ELEM, b, keyAddress(b, key, "key"), 0, 0);
    }

    @Override
    public int lookupAndDelete(byte[] key, byte[] valueOut) {
        Buffers b = buffers.get();
        Errors.requireLength("valueOut", valueOut, spec.syscallValueSize());
        long r = elemCommand(Bpf.MAP_LOOKUP_AND_DELETE_ELEM, b, keyAddress(b, key, "key"), Bpf.address(b.value), 0);
        if (r == 0) {
            b.value.read(0, valueOut, 0, valueOut.length);
        }
        return (int) r;
    }

    @Override
    public int getNextKey(byte[] key, byte[] nextKeyOut) {
        Buffers b = buffers.get();
        Errors.requireLength("nextKeyOut", nextKeyOut, spec.keySize());
        long r = elemCommand(Bpf.MAP_GET_NEXT_KEY, b, keyAddress(b, key, "key"), Bpf.address(b.nextKey), 0);
        if (r == 0) {
            b.nextKey.read(0, nextKeyOut, 0, nextKeyOut.length);
        }
        return (int) r;
    }

    @Override
    public int push(byte[] value, long flags) {
        return update(null, value, flags);
    }

    @Override
    public int pop(byte[] valueOut) {
        return lookupAndDelete(null, valueOut);
    }

    @Override
    public int peek(byte[] valueOut) {
        return lookup(null, valueOut);
    }

    // ---------------------------------------------------------------------------------------------
    // Program-style lookup
    // ---------------------------------------------------------------------------------------------

    /** Bytes a program sees of one value: this CPU's slot ({@code round_up(value_size, 8)}) or the value. */
    public int programValueSize() {
        return spec.type().isPerCpu() ? MapSpec.roundUp8(spec.valueSize()) : spec.valueSize();
    }

    @Override
    public int programLookup(byte[] key, byte[] valueOut) {
        requireOpen();
        MapType t = spec.type();
        if (t == MapType.QUEUE || t == MapType.STACK) {
            return -Errno.ENOTSUPP; // programs use bpf_map_peek_elem on these; the verifier refuses lookup_elem
        }
        Errors.requireLength("key", key, spec.keySize());
        Errors.requireLength("valueOut", valueOut, programValueSize());
        followLogicalCpu();
        synchronized (this) {
            if (lookupProgram == null) {
                lookupProgram = new LookupProgram(this);
            }
            return lookupProgram.lookup(key, valueOut);
        }
    }

    /**
     * The program of {@link #programLookup}: an argument array {@code [key area | value area]} and a socket
     * filter that looks the key up in the target map and copies the value out.
     */
    private static final class LookupProgram implements AutoCloseable {
        final KernelMap target;
        final int keyArea;
        final int valueBytes;
        final KernelMap args;
        final BpfProgram program;
        final byte[] argsKey = new byte[4];

        LookupProgram(KernelMap target) {
            this.target = target;
            this.keyArea = MapSpec.roundUp8(Math.max(1, target.spec.keySize()));
            this.valueBytes = target.programValueSize();
            int argsValue = keyArea + MapSpec.roundUp8(valueBytes);
            KernelMap a = create(MapSpec.builder(MapType.ARRAY).keySize(4).valueSize(argsValue).maxEntries(1)
                    .cpus(1).build(), "maplab_args");
            try {
                BpfAsm asm = new BpfAsm();
                // r6 = &args[0]
                asm.stW(BpfAsm.R10, -4, 0).mov(BpfAsm.R2, BpfAsm.R10).addImm(BpfAsm.R2, -4)
                        .ldMapFd(BpfAsm.R1, a.fd).call(Bpf.FN_MAP_LOOKUP_ELEM);
                int noArgs = asm.jeqImmForward(BpfAsm.R0, 0);
                asm.mov(BpfAsm.R6, BpfAsm.R0);
                // r0 = bpf_map_lookup_elem(target, &args[0].key)
                asm.ldMapFd(BpfAsm.R1, target.fd).mov(BpfAsm.R2, BpfAsm.R6).call(Bpf.FN_MAP_LOOKUP_ELEM);
                int miss = asm.jeqImmForward(BpfAsm.R0, 0);
                int words = valueBytes / 8;
                for (int i = 0; i < words; i++) {
                    asm.ldxDw(BpfAsm.R3, BpfAsm.R0, 8 * i).stxDw(BpfAsm.R6, keyArea + 8 * i, BpfAsm.R3);
                }
                for (int i = words * 8; i < valueBytes; i++) {
                    asm.ldxB(BpfAsm.R3, BpfAsm.R0, i).stxB(BpfAsm.R6, keyArea + i, BpfAsm.R3);
                }
                asm.movImm(BpfAsm.R0, 2).exit();
                asm.patch(miss);
                asm.movImm(BpfAsm.R0, 1).exit();
                asm.patch(noArgs);
                asm.movImm(BpfAsm.R0, 0).exit();
                this.program = BpfProgram.load("maplab_lookup", asm);
            } catch (RuntimeException e) {
                a.close();
                throw e;
            }
            this.args = a;
        }

        int lookup(byte[] key, byte[] valueOut) {
            byte[] v = new byte[args.spec.valueSize()];
            System.arraycopy(key, 0, v, 0, key.length);
            int r = args.update(argsKey, v, 0);
            if (r != 0) {
                throw new BpfException("updating the argument array failed: " + KernelErrors.describe(-r), -r);
            }
            BpfProgram.Run run = program.run(1);
            if (run.retval() == 0) {
                throw new BpfException("the lookup program found no argument array", 0);
            }
            if (run.retval() == 1) {
                return -Errno.ENOENT;
            }
            r = args.lookup(argsKey, v);
            if (r != 0) {
                throw new BpfException("reading the argument array failed: " + KernelErrors.describe(-r), -r);
            }
            System.arraycopy(v, keyArea, valueOut, 0, valueBytes);
            return 0;
        }

        @Override
        public void close() {
            try {
                program.close();
            } finally {
                args.close();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Batch commands
    // ---------------------------------------------------------------------------------------------

    /** The size of a batch cursor: a 4-byte bucket index for the hash family, a key otherwise. */
    private int batchTokenSize() {
        return spec.type().isHash() ? 4 : Math.max(1, spec.keySize());
    }

    /**
     * The batch commands' attr: {@code u64 in_batch; u64 out_batch; u64 keys; u64 values; u32 count;
     * u32 map_fd; u64 elem_flags; u64 flags}.
     */
    private long batchCommand(int cmd, Memory attr, long in, long out, long keys, long values, int count, long elemFlags) {
        requireOpen();
        followLogicalCpu();
        attr.clear();
        attr.setLong(0, in);
        attr.setLong(8, out);
        attr.setLong(16, keys);
        attr.setLong(24, values);
        attr.setInt(32, count);
        attr.setInt(36, fd);
        attr.setLong(40, elemFlags);
        return Bpf.bpf(cmd, attr);
    }

    @Override
    public BatchResult lookupBatch(byte[] inBatch, int count) {
        return readBatch(Bpf.MAP_LOOKUP_BATCH, inBatch, count);
    }

    @Override
    public BatchResult lookupAndDeleteBatch(byte[] inBatch, int count) {
        return readBatch(Bpf.MAP_LOOKUP_AND_DELETE_BATCH, inBatch, count);
    }

    private BatchResult readBatch(int cmd, byte[] inBatch, int count) {
        if (count < 0) {
            throw Errors.badArgument("count", count, "must be >= 0");
        }
        int tok = batchTokenSize();
        if (inBatch != null) {
            Errors.requireLength("inBatch", inBatch, tok);
        }
        Memory in = Bpf.buffer(tok);
        Memory out = Bpf.buffer(tok);
        if (inBatch != null) {
            in.write(0, inBatch, 0, tok);
        }
        int ks = spec.keySize();
        int vs = spec.syscallValueSize();
        Memory keys = Bpf.buffer((long) Math.max(1, count) * Math.max(1, ks));
        Memory values = Bpf.buffer((long) Math.max(1, count) * vs);
        Memory attr = Bpf.attr();
        long r = batchCommand(cmd, attr, inBatch == null ? 0 : Bpf.address(in), Bpf.address(out), Bpf.address(keys),
                Bpf.address(values), count, 0);
        int n = attr.getInt(32);
        if (r != 0 && r != -Errno.ENOENT) {
            // On other errors the kernel may still have written count; report what it says it copied.
            n = Math.max(0, Math.min(n, count));
        }
        List<byte[]> ks1 = new ArrayList<>(n);
        List<byte[]> vs1 = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ks1.add(keys.getByteArray((long) i * ks, ks));
            vs1.add(values.getByteArray((long) i * vs, vs));
        }
        return new BatchResult((int) r, n, out.getByteArray(0, tok), ks1, vs1);
    }

    @Override
    public BatchResult updateBatch(List<byte[]> keys, List<byte[]> values, long elemFlags) {
        if (keys.size() != values.size()) {
            throw Errors.badArgument("values.size()", values.size(), "must equal keys.size() = " + keys.size());
        }
        int ks = spec.keySize();
        int vs = spec.syscallValueSize();
        int n = keys.size();
        Memory k = Bpf.buffer((long) Math.max(1, n) * Math.max(1, ks));
        Memory v = Bpf.buffer((long) Math.max(1, n) * vs);
        for (int i = 0; i < n; i++) {
            Errors.requireLength("keys[" + i + "]", keys.get(i), ks);
            Errors.requireLength("values[" + i + "]", values.get(i), vs);
            k.write((long) i * ks, keys.get(i), 0, ks);
            v.write((long) i * vs, values.get(i), 0, vs);
        }
        Memory attr = Bpf.attr();
        long r = batchCommand(Bpf.MAP_UPDATE_BATCH, attr, 0, 0, Bpf.address(k), Bpf.address(v), n, elemFlags);
        int done = attr.getInt(32);
        return new BatchResult((int) r, done, null, keys.subList(0, Math.min(done, n)), values.subList(0, Math.min(done, n)));
    }

    @Override
    public BatchResult deleteBatch(List<byte[]> keys) {
        int ks = spec.keySize();
        int n = keys.size();
        Memory k = Bpf.buffer((long) Math.max(1, n) * Math.max(1, ks));
        for (int i = 0; i < n; i++) {
            Errors.requireLength("keys[" + i + "]", keys.get(i), ks);
            k.write((long) i * ks, keys.get(i), 0, ks);
        }
        Memory attr = Bpf.attr();
        long r = batchCommand(Bpf.MAP_DELETE_BATCH, attr, 0, 0, Bpf.address(k), 0, n, 0);
        int done = attr.getInt(32);
        return new BatchResult((int) r, done, null, keys.subList(0, Math.min(done, n)), List.of());
    }

    /**
     * Fills the map with 8-byte keys {@code 0..n-1} (value = key, every CPU's slot for per-CPU maps) through
     * {@code BPF_MAP_UPDATE_BATCH} in chunks; returns how many were stored.
     */
    public long fillSequential(long n) {
        if (spec.keySize() != 8 && spec.keySize() != 4) {
            throw Errors.badArgument("keySize", spec.keySize(), "fillSequential needs 4- or 8-byte keys");
        }
        int ks = spec.keySize();
        int vs = spec.syscallValueSize();
        int chunk = 4096;
        Memory k = Bpf.buffer((long) chunk * ks);
        Memory v = Bpf.buffer((long) chunk * vs);
        Memory attr = Bpf.attr();
        long stored = 0;
        for (long base = 0; base < n; base += chunk) {
            int m = (int) Math.min(chunk, n - base);
            for (int i = 0; i < m; i++) {
                long key = base + i;
                if (ks == 8) {
                    k.setLong((long) i * ks, key);
                } else {
                    k.setInt((long) i * ks, (int) key);
                }
                for (int off = 0; off + 8 <= vs; off += MapSpec.roundUp8(Math.max(8, spec.valueSize()))) {
                    v.setLong((long) i * vs + off, key);
                }
            }
            long r = batchCommand(Bpf.MAP_UPDATE_BATCH, attr, 0, 0, Bpf.address(k), Bpf.address(v), m, 0);
            stored += attr.getInt(32);
            if (r < 0) {
                break; // a full LRU-free map (E2BIG) or an eviction-limited one: report what was stored
            }
        }
        return stored;
    }

    // ---------------------------------------------------------------------------------------------

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (lookupProgram != null) {
                lookupProgram.close();
                lookupProgram = null;
            }
        } finally {
            Bpf.closeFd(fd);
        }
    }

    @Override
    public String toString() {
        return "KernelMap{" + name + ", fd=" + fd + ", " + spec + "}";
    }
}
