package dev.maplab.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.maplab.api.MapFlags;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.hash.JHash;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code maplab probe kernel-replace}: reproduces on the running kernel the anomaly the hash-table checks find
 * in the kernel's replace order (checking-notes.md): an update of an existing key links the new element at
 * the head of the bucket and then unlinks the old one, so a lookup that is past the head when the new element
 * is linked and has not reached the old one when it is unlinked runs off the end of the chain and reports a
 * key missing that was present throughout.
 *
 * <p><b>Setup.</b> A HASH map (8-byte keys and values, 8 entries, {@code BPF_F_ZERO_SEED}) holds two keys K
 * and X that share a bucket (found with maplab's jhash at seed 0 and confirmed with get_next_key), inserted
 * so that X is in front of K; neither is ever deleted. A socket-filter program looks K up 32 times per run
 * (the key is read from a one-element argument array) and adds its misses to that array; it runs through
 * {@code BPF_PROG_TEST_RUN} with a large {@code repeat} on CPU 0, over and over, while a writer thread pinned
 * to CPU 1 updates keys with {@code BPF_ANY} through the syscall.
 *
 * <p><b>Phases.</b> {@code control: no writer} (K is always there: misses must be 0); {@code control: writer
 * replaces only K} (K is first replaced once with no reader running, which puts it in front of X; from then on
 * K's new element is always at the head, and an old K still matches: misses must be 0);
 * {@code writer replaces X then K} (K ends up behind X after every X replacement: the window). Results:
 * misses per 10^9 lookups for each phase, in {@code reports/out/profile/kernel-replace.json} (with the
 * Lincheck counterexample of maplab's kernel-order variant from {@code check/hash.json} when present) and as
 * check entries in {@code reports/out/check/kernel-probe.json} (controls: pass or fail; the anomaly:
 * {@code caught}, or {@code unobserved} when a short run saw none).
 */
public final class ReplaceProbe {
    /** Lookups per program run (unrolled). */
    static final int UNROLL = 32;
    static final int MAX_ENTRIES = 8;

    /** One phase's figures. */
    public record Phase(String name, String writer, long lookups, long misses, long writerUpdates, double seconds) {
        public double missesPerBillion() {
            return lookups == 0 ? Double.NaN : misses * 1e9 / lookups;
        }
    }

    /** The whole probe. */
    public record Result(long k, long x, int bucket, List<Phase> phases) {
        public Phase phase(String writer) {
            return phases.stream().filter(p -> p.writer().equals(writer)).findFirst().orElseThrow();
        }

        /** Both controls saw no miss. */
        public boolean controlsClean() {
            return phase("none").misses() == 0 && phase("K").misses() == 0;
        }
    }

    private ReplaceProbe() {
    }

    /** Runs the probe with {@code secondsPerPhase} per phase and writes the results under {@code root}. */
    public static Result run(double secondsPerPhase, Path root, PrintWriter log) {
        Result r = measure(secondsPerPhase, log);
        write(r, secondsPerPhase, root);
        return r;
    }

    /**
     * Runs the three phases without writing anything.
     *
     * @throws IllegalStateException when bpf(2) is unavailable or the machine has fewer than 2 online CPUs
     */
    public static Result measure(double secondsPerPhase, PrintWriter log) {
        KernelInfo.unavailable().ifPresent(r -> {
            throw new IllegalStateException(r);
        });
        if (Runtime.getRuntime().availableProcessors() < 2 || KernelInfo.possibleCpus() < 2) {
            throw new IllegalStateException("the probe needs two CPUs (one reader, one writer); this machine has "
                    + Runtime.getRuntime().availableProcessors() + " online");
        }
        MapSpec spec = MapSpec.builder(MapType.HASH).keySize(8).valueSize(8).maxEntries(MAX_ENTRIES).cpus(1)
                .flags(MapFlags.ZERO_SEED).build();
        int nBuckets = Integer.highestOneBit(MAX_ENTRIES - 1) << 1;
        long k = 1;
        int bucket = JHash.htabHash64(k, 0) & (nBuckets - 1);
        long x = k + 1;
        while ((JHash.htabHash64(x, 0) & (nBuckets - 1)) != bucket) {
            x++;
        }
        log.println("probe kernel-replace: kernel " + KernelInfo.release() + "; K=" + k + " and X=" + x + " share bucket "
                + bucket + " of " + nBuckets + " (zero seed); reader on CPU 0, writer on CPU 1; "
                + secondsPerPhase + " s per phase");
        log.flush();
        List<Phase> phases = new ArrayList<>();
        try (KernelMap map = KernelMap.create(spec, "maplab_probe");
             KernelMap args = KernelMap.create(MapSpec.builder(MapType.ARRAY).keySize(4).valueSize(16).maxEntries(1).cpus(1)
                     .build(), "maplab_pargs")) {
            // K first, then X: the bucket's chain is X -> K.
            check(map.update(le(k), le(1000), 0), "insert K");
            check(map.update(le(x), le(2000), 0), "insert X");
            byte[] next = new byte[8];
            check(map.getNextKey(le(x), next), "get_next_key(X)");
            if (KernelTrace.get(next, 0, 8) != k) {
                throw new IllegalStateException("K=" + k + " and X=" + x + " are not neighbours in one bucket on the kernel"
                        + " (get_next_key(X) = " + KernelTrace.get(next, 0, 8) + "): maplab's jhash and the kernel's differ");
            }
            byte[] argsValue = new byte[16];
            KernelTrace.put(k, argsValue, 0, 8);
            check(args.update(new byte[4], argsValue, 0), "write the argument array");
            try (BpfProgram reader = BpfProgram.load("maplab_probe", program(map.fd(), args.fd()))) {
                phases.add(phase("control: no writer", "none", reader, map, args, k, x, secondsPerPhase, log));
                phases.add(phase("control: writer replaces only K", "K", reader, map, args, k, x, secondsPerPhase, log));
                phases.add(phase("writer replaces X then K", "XK", reader, map, args, k, x, secondsPerPhase, log));
            }
        }
        return new Result(k, x, bucket, phases);
    }

    private static void check(int r, String what) {
        if (r != 0) {
            throw new IllegalStateException(what + " failed: " + KernelErrors.describe(-r));
        }
    }

    static byte[] le(long v) {
        byte[] b = new byte[8];
        KernelTrace.put(v, b, 0, 8);
        return b;
    }

    /**
     * {@code r6 = &args[0]; r7 = 0; 32 x { if (!lookup(map, &args[0].key)) r7++; } args[0].misses += r7}.
     */
    static BpfAsm program(int mapFd, int argsFd) {
        BpfAsm a = new BpfAsm();
        a.stW(BpfAsm.R10, -4, 0).mov(BpfAsm.R2, BpfAsm.R10).addImm(BpfAsm.R2, -4).ldMapFd(BpfAsm.R1, argsFd)
                .call(Bpf.FN_MAP_LOOKUP_ELEM);
        int noArgs = a.jeqImmForward(BpfAsm.R0, 0);
        a.mov(BpfAsm.R6, BpfAsm.R0).movImm(BpfAsm.R7, 0);
        for (int i = 0; i < UNROLL; i++) {
            a.ldMapFd(BpfAsm.R1, mapFd).mov(BpfAsm.R2, BpfAsm.R6).call(Bpf.FN_MAP_LOOKUP_ELEM);
            a.jneImm(BpfAsm.R0, 0, 1);
            a.addImm(BpfAsm.R7, 1);
        }
        a.ldxDw(BpfAsm.R1, BpfAsm.R6, 8).add(BpfAsm.R1, BpfAsm.R7).stxDw(BpfAsm.R6, 8, BpfAsm.R1);
        a.patch(noArgs);
        a.movImm(BpfAsm.R0, 0).exit();
        return a;
    }

    private static Phase phase(String name, String writerKind, BpfProgram reader, KernelMap map, KernelMap args, long k, long x,
                               double seconds, PrintWriter log) {
        // Reset the miss counter.
        byte[] argsValue = new byte[16];
        KernelTrace.put(k, argsValue, 0, 8);
        check(args.update(new byte[4], argsValue, 0), "reset the argument array");
        if (writerKind.equals("K")) {
            // The chain is X -> K from the setup, so the first replacement of K would open the very window the
            // anomaly phase measures (new K at the head, old K unlinked behind X). Replace K once before the
            // reader runs: from then on K's new element is always linked in front of X.
            check(map.update(le(k), le(1001), 0), "move K in front of X");
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong updates = new AtomicLong();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = null;
        if (!writerKind.equals("none")) {
            writer = new Thread(() -> {
                try {
                    KernelMap.pin(1);
                    byte[] kk = le(k);
                    byte[] xk = le(x);
                    byte[] v = new byte[8];
                    long n = 0;
                    while (!stop.get()) {
                        if (writerKind.equals("XK")) {
                            KernelTrace.put(n++, v, 0, 8);
                            check(map.update(xk, v, 0), "replace X");
                        }
                        KernelTrace.put(n++, v, 0, 8);
                        check(map.update(kk, v, 0), "replace K");
                        updates.addAndGet(writerKind.equals("XK") ? 2 : 1);
                    }
                } catch (Throwable t) {
                    writerFailure.set(t);
                } finally {
                    KernelMap.unpin();
                }
            }, "maplab-probe-writer");
            writer.setDaemon(true);
            writer.start();
        }
        long lookups = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        KernelMap.pin(0);
        try {
            int repeat = 20_000;
            while (System.nanoTime() < end) {
                reader.run(repeat);
                lookups += (long) repeat * UNROLL;
            }
        } finally {
            KernelMap.unpin();
            stop.set(true);
            if (writer != null) {
                try {
                    writer.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        double took = (System.nanoTime() - start) / 1e9;
        if (writerFailure.get() != null) {
            throw new IllegalStateException("the writer failed: " + writerFailure.get(), writerFailure.get());
        }
        byte[] out = new byte[16];
        check(args.lookup(new byte[4], out), "read the miss counter");
        long misses = KernelTrace.get(out, 8, 8);
        Phase p = new Phase(name, writerKind, lookups, misses, updates.get(), took);
        log.println(String.format(Locale.ROOT, "  %-34s %,15d lookups, %,9d misses = %10.1f per 10^9 (writer: %,d updates) %.1f s",
                name, lookups, misses, p.missesPerBillion(), updates.get(), took));
        log.flush();
        return p;
    }

    // ---------------------------------------------------------------------------------------------

    static void write(Result r, double secondsPerPhase, Path root) {
        Path out = root.resolve("reports/out");
        ObjectNode doc = DiffKernel.JSON.createObjectNode();
        doc.put("study", "kernel-replace");
        doc.put("finished", Instant.now().toString());
        ObjectNode kernel = doc.putObject("kernel");
        KernelInfo.describe().forEach(kernel::putPOJO);
        doc.put("setup", "HASH, 8-byte keys and values, max_entries " + MAX_ENTRIES + ", BPF_F_ZERO_SEED; K=" + r.k() + ", X=" + r.x()
                + " in bucket " + r.bucket() + " (chain X -> K at start, never deleted); reader: BPF_PROG_TEST_RUN on CPU 0,"
                + " " + UNROLL + " lookups of K per run; writer: bpf(2) BPF_MAP_UPDATE_ELEM (BPF_ANY) on CPU 1");
        doc.put("secondsPerPhase", secondsPerPhase);
        ArrayNode phases = doc.putArray("phases");
        for (Phase p : r.phases()) {
            ObjectNode n = phases.addObject();
            n.put("name", p.name());
            n.put("writer", p.writer());
            n.put("lookups", p.lookups());
            n.put("misses", p.misses());
            n.put("missesPerBillion", p.missesPerBillion());
            n.put("writerUpdates", p.writerUpdates());
            n.put("seconds", p.seconds());
        }
        String lincheck = lincheckCounterexample(out.resolve("check/hash.json"));
        if (lincheck != null) {
            doc.put("lincheckCounterexample", lincheck);
        }
        ArrayNode checks = DiffKernel.JSON.createArrayNode();
        for (Phase p : r.phases()) {
            ObjectNode e = checks.addObject();
            boolean anomaly = p.writer().equals("XK");
            e.put("name", "kernel-replace: " + p.name());
            e.put("tool", "kernel-probe");
            e.put("subject", anomaly ? "variant:kernel-replace-order" : "production");
            e.put("expect", anomaly ? "caught" : "pass");
            e.put("outcome", anomaly ? (p.misses() > 0 ? "caught" : "unobserved") : (p.misses() == 0 ? "pass" : "fail"));
            e.put("detail", String.format(Locale.ROOT, "%d misses in %d lookups of K (%.1f per 10^9) on kernel %s; writer %d updates"
                            + " in %.1f s%s", p.misses(), p.lookups(), p.missesPerBillion(), KernelInfo.release(), p.writerUpdates(),
                    p.seconds(), anomaly ? "; the kernel's replace order (link new at head, then unlink old) lets a lookup miss"
                            + " a key that was present throughout" : ""));
            e.put("seconds", Math.round(p.seconds() * 100) / 100.0);
        }
        try {
            DiffKernel.writeAtomically(out.resolve("profile/kernel-replace.json"), DiffKernel.JSON.writeValueAsBytes(doc));
            DiffKernel.writeAtomically(out.resolve("check/kernel-probe.json"), DiffKernel.JSON.writeValueAsBytes(checks));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the probe's results: " + e.getMessage(), e);
        }
    }

    /** The detail of a caught check of the kernel-order variant in {@code check/hash.json}, or null. */
    static String lincheckCounterexample(Path hashChecks) {
        if (!Files.isRegularFile(hashChecks)) {
            return null;
        }
        try {
            JsonNode root = DiffKernel.JSON.readTree(hashChecks.toFile());
            JsonNode array = root.isArray() ? root : root.path("checks");
            for (JsonNode e : array) {
                String subject = e.path("subject").asText("");
                if (subject.startsWith("variant:") && subject.toLowerCase(Locale.ROOT).matches(".*(kernel|replace).*")
                        && !subject.toLowerCase(Locale.ROOT).contains("lineariz") && e.path("outcome").asText().equals("caught")
                        && e.path("tool").asText().equals("lincheck")) {
                    return e.path("name").asText() + ": " + e.path("detail").asText();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // no counterexample to show
        }
        return null;
    }
}
