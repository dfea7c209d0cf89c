package dev.maplab.kernel;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The raw {@code bpf(2)} system call and the few other libc calls the kernel client needs, through JNA
 * direct mapping (no native build): {@code syscall}, {@code close}, {@code sched_setaffinity},
 * {@code sched_getaffinity}, {@code sched_getcpu}.
 *
 * <p>Every call returns its result, or a negated errno ({@code -ENOENT}): the same convention as
 * {@link dev.maplab.api.BpfMap}. Commands, map types, program types and helper ids are the uapi values of
 * {@code <linux/bpf.h>}. The {@code union bpf_attr} is written by hand into zeroed native memory at the
 * uapi offsets (each command's layout is documented where it is used); the size passed is
 * {@link #ATTR_SIZE}, and the kernel requires every byte past the fields it knows to be zero, which a
 * freshly cleared buffer satisfies.
 *
 * <p>Only x86-64 Linux is supported (the syscall number is the x86-64 one); {@link KernelInfo} says so
 * elsewhere instead of calling.
 */
public final class Bpf {
    /** {@code __NR_bpf} on x86-64. */
    public static final long NR_BPF = 321;
    /** {@code __NR_gettid} on x86-64. */
    static final long NR_GETTID = 186;

    /** Bytes of {@code union bpf_attr} the client writes (every command it uses fits in the first 80). */
    public static final int ATTR_SIZE = 128;

    // enum bpf_cmd
    public static final int MAP_CREATE = 0;
    public static final int MAP_LOOKUP_ELEM = 1;
    public static final int MAP_UPDATE_ELEM = 2;
    public static final int MAP_DELETE_ELEM = 3;
    public static final int MAP_GET_NEXT_KEY = 4;
    public static final int PROG_LOAD = 5;
    public static final int PROG_TEST_RUN = 10;
    public static final int MAP_LOOKUP_AND_DELETE_ELEM = 21;
    public static final int MAP_LOOKUP_BATCH = 24;
    public static final int MAP_LOOKUP_AND_DELETE_BATCH = 25;
    public static final int MAP_UPDATE_BATCH = 26;
    public static final int MAP_DELETE_BATCH = 27;

    // enum bpf_prog_type
    public static final int PROG_TYPE_SOCKET_FILTER = 1;

    // helper ids (enum bpf_func_id)
    public static final int FN_MAP_LOOKUP_ELEM = 1;
    public static final int FN_MAP_UPDATE_ELEM = 2;
    public static final int FN_KTIME_GET_NS = 5;
    public static final int FN_GET_PRANDOM_U32 = 7;
    public static final int FN_GET_SMP_PROCESSOR_ID = 8;

    private static final boolean LOADED;
    private static final String LOAD_PROBLEM;

    static {
        boolean ok = false;
        String problem = null;
        if (!Platform.isLinux() || !Platform.isIntel() || !Platform.is64Bit()) {
            problem = "the kernel client needs Linux on x86-64 (os.name=" + System.getProperty("os.name") + ", os.arch="
                    + System.getProperty("os.arch") + ")";
        } else {
            try {
                Native.register(Bpf.class, Platform.C_LIBRARY_NAME);
                ok = true;
            } catch (Throwable t) {
                problem = "JNA cannot bind libc: " + t;
            }
        }
        LOADED = ok;
        LOAD_PROBLEM = problem;
    }

    private Bpf() {
    }

    // ---------------------------------------------------------------------------------------------
    // libc (direct mapping; errno is read with Native.getLastError() right after a failed call)
    // ---------------------------------------------------------------------------------------------

    private static native long syscall(long number, long a1, long a2, long a3);

    private static native int close(int fd);

    private static native int sched_setaffinity(int pid, long size, byte[] mask);

    private static native int sched_getaffinity(int pid, long size, byte[] mask);

    private static native int sched_getcpu();

    /** Null when libc is bound; otherwise why not (platform, JNA). */
    static String loadProblem() {
        return LOAD_PROBLEM;
    }

    static boolean loaded() {
        return LOADED;
    }

    private static void requireLoaded() {
        if (!LOADED) {
            throw new UnsupportedOperationException(LOAD_PROBLEM);
        }
    }

    /** {@code bpf(cmd, attr, ATTR_SIZE)}: the result (an fd, 0) or {@code -errno}. */
    public static long bpf(int cmd, Memory attr) {
        requireLoaded();
        long r = syscall(NR_BPF, cmd, Pointer.nativeValue(attr), ATTR_SIZE);
        return r < 0 ? -Native.getLastError() : r;
    }

    /** Closes a file descriptor; 0 or {@code -errno}. */
    public static int closeFd(int fd) {
        requireLoaded();
        int r = close(fd);
        return r < 0 ? -Native.getLastError() : r;
    }

    /** The CPU the calling thread runs on now ({@code sched_getcpu}). */
    public static int currentCpu() {
        requireLoaded();
        return sched_getcpu();
    }

    /** The calling thread's kernel thread id. */
    public static long gettid() {
        requireLoaded();
        return syscall(NR_GETTID, 0, 0, 0);
    }

    /** Bytes of the affinity masks used here: 1024 CPUs, like glibc's {@code cpu_set_t}. */
    static final int CPU_SET_BYTES = 128;

    /** Pins the calling thread to {@code cpu} ({@code sched_setaffinity(0, ...)}); 0 or {@code -errno}. */
    public static int pinCurrentThread(int cpu) {
        requireLoaded();
        if (cpu < 0 || cpu >= CPU_SET_BYTES * 8) {
            throw new IllegalArgumentException("cpu = " + cpu + ": must be between 0 and " + (CPU_SET_BYTES * 8 - 1));
        }
        byte[] mask = new byte[CPU_SET_BYTES];
        mask[cpu >> 3] = (byte) (1 << (cpu & 7));
        return setAffinity(mask);
    }

    /** The calling thread's affinity mask, or null when it cannot be read. */
    public static byte[] affinity() {
        requireLoaded();
        byte[] mask = new byte[CPU_SET_BYTES];
        return sched_getaffinity(0, mask.length, mask) < 0 ? null : mask;
    }

    /** Sets the calling thread's affinity mask; 0 or {@code -errno}. */
    public static int setAffinity(byte[] mask) {
        requireLoaded();
        int r = sched_setaffinity(0, mask.length, mask);
        return r < 0 ? -Native.getLastError() : 0;
    }

    // ---------------------------------------------------------------------------------------------
    // Native memory helpers
    // ---------------------------------------------------------------------------------------------

    /** A zeroed {@code union bpf_attr}. */
    public static Memory attr() {
        Memory m = new Memory(ATTR_SIZE);
        m.clear();
        return m;
    }

    /** Native memory of {@code size} bytes (at least 8), zeroed. */
    public static Memory buffer(long size) {
        Memory m = new Memory(Math.max(8, size));
        m.clear();
        return m;
    }

    /** The address of {@code m} as the kernel's {@code __aligned_u64} pointer fields want it; 0 for null. */
    public static long address(Pointer m) {
        return m == null ? 0 : Pointer.nativeValue(m);
    }
}
