package dev.maplab.kernel;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;

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

    /**
     * Open BPF file descriptors of this process (entries of /proc/self/fd whose target is a BPF map or program,
     * {@code anon_inode:bpf-map} / {@code anon_inode:bpf-prog}), or -1 when unreadable. Other descriptors are left
     * out: the JVM and the test runner open and close files of their own at any time.
     */
    static int openBpfFds() {
        File[] fds = new File("/proc/self/fd").listFiles();
        if (fds == null) {
            return -1;
        }
        int bpf = 0;
        for (File fd : fds) {
            try {
                if (Files.readSymbolicLink(fd.toPath()).toString().startsWith("anon_inode:bpf")) {
                    bpf++;
                }
            } catch (IOException e) {
                // closed since the listing (or the listing's own descriptor): not a BPF object of ours
            }
        }
        return bpf;
    }
}
