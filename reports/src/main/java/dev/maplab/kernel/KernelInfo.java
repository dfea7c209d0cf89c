package dev.maplab.kernel;

import com.sun.jna.Memory;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the running kernel is and whether the client can use it: the release, the number of possible CPUs
 * (what per-CPU maps and {@code num_possible_cpus()} use), the process's BPF capabilities, and one probe
 * that creates and closes a one-element array map. {@link #unavailable()} is the reason tests and commands
 * print when they skip.
 */
public final class KernelInfo {
    /** {@code CAP_SYS_ADMIN}: needed for {@code BPF_F_ZERO_SEED}. */
    public static final int CAP_SYS_ADMIN = 21;
    public static final int CAP_PERFMON = 38;
    /** {@code CAP_BPF} (5.8+): maps and most program types. */
    public static final int CAP_BPF = 39;

    private static volatile Optional<String> availability;

    private KernelInfo() {
    }

    /** {@code uname -r}, e.g. {@code 6.18.44-fc-v669}; {@code "unknown"} when unreadable. */
    public static String release() {
        return read(Path.of("/proc/sys/kernel/osrelease")).orElse("unknown").strip();
    }

    /** {@code [major, minor]} of the release; {@code [0, 0]} when it cannot be parsed. */
    public static int[] version() {
        Matcher m = Pattern.compile("^(\\d+)\\.(\\d+)").matcher(release());
        return m.find() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : new int[] {0, 0};
    }

    /** True when the running kernel is at least {@code major.minor}. */
    public static boolean atLeast(int major, int minor) {
        int[] v = version();
        return v[0] > major || (v[0] == major && v[1] >= minor);
    }

    /**
     * {@code num_possible_cpus()}: the CPU count of {@code /sys/devices/system/cpu/possible} (e.g.
     * {@code 0-1} is 2). Falls back to the JVM's processor count when the file is unreadable.
     */
    public static int possibleCpus() {
        Optional<String> s = read(Path.of("/sys/devices/system/cpu/possible"));
        if (s.isEmpty()) {
            return Runtime.getRuntime().availableProcessors();
        }
        return countCpuList(s.get().strip());
    }

    /** The number of CPUs in a kernel CPU list such as {@code 0-3,5,7-8}. */
    static int countCpuList(String list) {
        int n = 0;
        for (String part : list.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] ab = part.strip().split("-");
            int a = Integer.parseInt(ab[0]);
            int b = ab.length > 1 ? Integer.parseInt(ab[1]) : a;
            n += b - a + 1;
        }
        return n;
    }

    /** The process's effective capability set ({@code CapEff} of {@code /proc/self/status}); zero when unreadable. */
    public static BigInteger effectiveCapabilities() {
        Optional<String> s = read(Path.of("/proc/self/status"));
        if (s.isPresent()) {
            Matcher m = Pattern.compile("(?m)^CapEff:\\s*([0-9a-fA-F]+)").matcher(s.get());
            if (m.find()) {
                return new BigInteger(m.group(1), 16);
            }
        }
        return BigInteger.ZERO;
    }

    public static boolean hasCapability(int cap) {
        return effectiveCapabilities().testBit(cap);
    }

    /** {@code /proc/sys/kernel/unprivileged_bpf_disabled} (0, 1 or 2), or -1 when unreadable. */
    public static int unprivilegedBpfDisabled() {
        return read(Path.of("/proc/sys/kernel/unprivileged_bpf_disabled")).map(String::strip).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                return -1;
            }
        }).orElse(-1);
    }

    /**
     * Empty when bpf(2) works here (a one-element ARRAY map could be created and closed); otherwise why
     * not: the platform, the errno with the capabilities the process lacks, and the kernel release.
     * Probed once per JVM.
     */
    public static Optional<String> unavailable() {
        Optional<String> a = availability;
        if (a == null) {
            a = probe();
            availability = a;
        }
        return a;
    }

    /** True when {@link #unavailable()} is empty. */
    public static boolean available() {
        return unavailable().isEmpty();
    }

    private static Optional<String> probe() {
        if (!Bpf.loaded()) {
            return Optional.of("bpf(2) not usable: " + Bpf.loadProblem());
        }
        Memory attr = Bpf.attr();
        attr.setInt(0, 2); // BPF_MAP_TYPE_ARRAY
        attr.setInt(4, 4);
        attr.setInt(8, 8);
        attr.setInt(12, 1);
        long fd = Bpf.bpf(Bpf.MAP_CREATE, attr);
        if (fd < 0) {
            return Optional.of("bpf(2) not usable: BPF_MAP_CREATE(ARRAY) failed with " + explainCreate((int) -fd));
        }
        Bpf.closeFd((int) fd);
        return Optional.empty();
    }

    /**
     * Why a creation failed: the errno, and for EPERM the capabilities the process lacks; always the
     * kernel release.
     */
    public static String explainCreate(int errno) {
        StringBuilder b = new StringBuilder(KernelErrors.describe(errno));
        switch (Math.abs(errno)) {
            case 1:
                b.append(": creating maps needs CAP_BPF or CAP_SYS_ADMIN");
                b.append(" (this process has CAP_BPF=").append(hasCapability(CAP_BPF)).append(", CAP_SYS_ADMIN=")
                        .append(hasCapability(CAP_SYS_ADMIN)).append("; kernel.unprivileged_bpf_disabled=")
                        .append(unprivilegedBpfDisabled()).append(")");
                break;
            case 38:
                b.append(": this kernel has no bpf(2) (CONFIG_BPF_SYSCALL off) or a seccomp filter blocks it");
                break;
            case 22:
                b.append(": the kernel rejected the attributes (a map type or flag it does not know, or a size it refuses)");
                break;
            case 12:
                b.append(": out of memory (or the memlock/memcg limit)");
                break;
            default:
                break;
        }
        b.append("; kernel ").append(release());
        return b.toString();
    }

    /** A summary for result files: release, possible CPUs, capabilities. */
    public static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("release", release());
        m.put("possibleCpus", possibleCpus());
        m.put("onlineCpus", Runtime.getRuntime().availableProcessors());
        m.put("capBpf", hasCapability(CAP_BPF));
        m.put("capSysAdmin", hasCapability(CAP_SYS_ADMIN));
        m.put("bpfAvailable", available());
        unavailable().ifPresent(r -> m.put("unavailable", r));
        m.put("lruTargetFree", lruTargetFreeBehaviour());
        return m;
    }

    /**
     * Which LRU refill batch the running kernel uses (selftests §1.A LA-2): from 6.16 (and 6.15.y with the
     * backport) {@code clamp((max_entries / N) / 2, 1, 128)}, before that always 128.
     */
    public static String lruTargetFreeBehaviour() {
        return atLeast(6, 16) ? "clamp((max_entries/N)/2, 1, 128) (6.16+ target_free)"
                : "128 (before 6.16; 6.15.y may carry the backport)";
    }

    private static Optional<String> read(Path p) {
        try {
            return Optional.of(Files.readString(p));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
