package dev.maplab.kernel;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;

/**
 * A loaded BPF program ({@code BPF_PROG_LOAD}) of type {@code BPF_PROG_TYPE_SOCKET_FILTER}, run with
 * {@code BPF_PROG_TEST_RUN} on a 64-byte zero packet. Owns its fd; {@link #close()} releases it (the maps
 * it references stay alive as long as their own fds are open).
 *
 * <p><b>Which CPU.</b> {@code bpf_prog_test_run_skb} runs the program on the calling thread's CPU with
 * migration disabled ({@code BPF_F_TEST_RUN_ON_CPU} is only for raw tracepoints), so a caller that needs a
 * particular CPU pins its thread first ({@link Bpf#pinCurrentThread}).
 *
 * <p><b>Timing.</b> With {@code repeat = n} the kernel runs the program n times back to back and reports
 * the mean wall time per run in ns ({@code duration}, total / n).
 */
public final class BpfProgram implements AutoCloseable {
    /** The packet handed to the program: at least ETH_HLEN bytes, or the kernel refuses the run. */
    static final int PACKET_BYTES = 64;

    private final int fd;
    private final String name;
    private final int instructions;
    private final Memory packet = Bpf.buffer(PACKET_BYTES);
    private final ThreadLocal<Memory> attrs = ThreadLocal.withInitial(Bpf::attr);
    private volatile boolean closed;

    private BpfProgram(int fd, String name, int instructions) {
        this.fd = fd;
        this.name = name;
        this.instructions = instructions;
    }

    /**
     * Loads {@code asm} as a socket filter named {@code name} (at most 15 characters are kept).
     *
     * @throws BpfException with the verifier's log when the kernel refuses the program
     */
    public static BpfProgram load(String name, BpfAsm asm) {
        byte[] code = asm.code();
        Memory insns = Bpf.buffer(code.length);
        insns.write(0, code, 0, code.length);
        Memory license = Bpf.buffer(8);
        license.setString(0, "GPL", StandardCharsets.US_ASCII.name());
        long fd = load(name, asm.length(), insns, license, null);
        if (fd >= 0) {
            return new BpfProgram((int) fd, name, asm.length());
        }
        // Load again with the verifier log to say why.
        int logSize = 1 << 20;
        Memory log = Bpf.buffer(logSize);
        long again = load(name, asm.length(), insns, license, log);
        if (again >= 0) {
            return new BpfProgram((int) again, name, asm.length());
        }
        String text = log.getString(0, StandardCharsets.US_ASCII.name()).strip();
        if (text.length() > 4000) {
            text = "..." + text.substring(text.length() - 4000);
        }
        int errno = (int) -fd;
        String why = errno == 1 ? "; loading socket filters with these helpers needs CAP_BPF (or CAP_SYS_ADMIN)" : "";
        throw new BpfException("BPF_PROG_LOAD(" + name + ", " + asm.length() + " insns) failed: "
                + KernelErrors.describe(errno) + why + "; kernel " + KernelInfo.release()
                + (text.isEmpty() ? "" : "\nverifier log:\n" + text), errno);
    }

    private static long load(String name, int insnCount, Memory insns, Memory license, Memory log) {
        // struct { u32 prog_type; u32 insn_cnt; u64 insns; u64 license; u32 log_level; u32 log_size; u64 log_buf;
        //          u32 kern_version; u32 prog_flags; char prog_name[16]; ... }
        Memory attr = Bpf.attr();
        attr.setInt(0, Bpf.PROG_TYPE_SOCKET_FILTER);
        attr.setInt(4, insnCount);
        attr.setLong(8, Bpf.address(insns));
        attr.setLong(16, Bpf.address(license));
        if (log != null) {
            attr.setInt(24, 1);
            attr.setInt(28, (int) log.size());
            attr.setLong(32, Bpf.address(log));
        }
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        attr.write(48, n, 0, Math.min(15, n.length));
        return Bpf.bpf(Bpf.PROG_LOAD, attr);
    }

    /** The result of one {@code BPF_PROG_TEST_RUN}. */
    public record Run(int retval, long durationNs) {
    }

    /**
     * Runs the program {@code repeat} times (at least once) on the calling thread's CPU.
     *
     * @throws BpfException when the test run itself fails
     */
    public Run run(int repeat) {
        if (closed) {
            throw new IllegalStateException("program " + name + " is closed");
        }
        // struct { u32 prog_fd; u32 retval; u32 data_size_in; u32 data_size_out; u64 data_in; u64 data_out;
        //          u32 repeat; u32 duration; u32 ctx_size_in; u32 ctx_size_out; u64 ctx_in; u64 ctx_out;
        //          u32 flags; u32 cpu; u32 batch_size; } test;
        Memory attr = attrs.get();
        attr.clear();
        attr.setInt(0, fd);
        attr.setInt(8, PACKET_BYTES);
        attr.setLong(16, Bpf.address(packet));
        attr.setInt(32, Math.max(1, repeat));
        long r = Bpf.bpf(Bpf.PROG_TEST_RUN, attr);
        if (r < 0) {
            throw new BpfException("BPF_PROG_TEST_RUN(" + name + ", repeat " + repeat + ") failed: "
                    + KernelErrors.describe((int) -r) + "; kernel " + KernelInfo.release(), (int) -r);
        }
        return new Run(attr.getInt(4), Integer.toUnsignedLong(attr.getInt(36)));
    }

    public int fd() {
        return fd;
    }

    public int instructions() {
        return instructions;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Bpf.closeFd(fd);
        }
    }

    @Override
    public String toString() {
        return "BpfProgram{" + name + ", fd=" + fd + ", " + instructions + " insns}";
    }
}
