package dev.maplab.kernel;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;

/** Skips a test, with the reason, where bpf(2) is not available or not permitted. */
final class KernelAssumptions {
    private KernelAssumptions() {
    }

    static void assumeBpf() {
        assumeTrue(KernelInfo.available(), () -> "skipped: " + KernelInfo.unavailable().orElse(""));
    }

    static void assumeTwoCpus() {
        assumeBpf();
        assumeTrue(KernelInfo.possibleCpus() >= 2 && Runtime.getRuntime().availableProcessors() >= 2,
                "skipped: needs two online CPUs (this machine has " + Runtime.getRuntime().availableProcessors() + ")");
    }

    /** Open file descriptors of this process (entries of /proc/self/fd), or -1 when unreadable. */
    static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }
}
