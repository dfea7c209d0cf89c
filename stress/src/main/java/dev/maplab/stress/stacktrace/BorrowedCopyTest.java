package dev.maplab.stress.stacktrace;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.stacktrace.StackTraceMap;
import dev.maplab.stacktrace.mutant.InPlaceReplaceStackTraceMap;
import dev.maplab.stress.StressSubject;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The borrow-and-swap read against replacements. The map (max_entries 4, 127-frame stacks) holds stack A
 * under id i; stack B has the same id. A program calls bpf_get_stackid with REUSE_STACKID sixteen times,
 * alternating B and A, so that the stack under i keeps changing; meanwhile user space reads id i
 * (BPF_MAP_LOOKUP_ELEM) until the program is done. Every read must return A or B whole: a read borrows
 * the bucket out of its slot, and a replacement fills a fresh element and swaps it in, so nothing writes
 * the bucket being copied. A replacement that rewrites the bucket in its slot (the mutant) tears copies.
 * Results: r1 = get_stackid calls that did not return i, r2 = reads that returned neither A nor B whole,
 * r3 = reads that found no stack (each capped at 9). Subject by {@code -Dmaplab.subject}: production or mutant:in-place-replace.
 */
@JCStressTest
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "every read returned one stored stack, whole")
@Outcome(id = "0, (1|2|3|4|5|6|7|8|9), 0", expect = FORBIDDEN, desc = "reads returned frames of A and of B: a stack never stored")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "something else (a missing stack, a replacement that failed)")
@State
public class BorrowedCopyTest {
    static final String SUBJECT = StressSubject.of("stacktrace");
    static final int DEPTH = MapSpec.PERF_EVENT_MAX_STACK;
    static final long[] A = new long[DEPTH];
    static final long[] B;
    static final int ID;

    static {
        for (int i = 0; i < DEPTH; i++) {
            A[i] = 0xffff_ffff_a000_0000L + 16L * i;
        }
        StackTraceMap probe = create();
        int id = probe.idOf(A, 0, DEPTH);
        long[] b = new long[DEPTH];
        for (long salt = 0; ; salt++) {
            for (int i = 0; i < DEPTH; i++) {
                b[i] = 0xffff_ffff_b000_0000L + (salt << 20) + 16L * i;
            }
            if (probe.idOf(b, 0, DEPTH) == id) {
                break;
            }
        }
        B = b;
        ID = id;
    }

    static StackTraceMap create() {
        MapSpec spec = MapSpec.builder(MapType.STACK_TRACE).keySize(4).valueSize(8 * DEPTH).maxEntries(4).cpus(2).build();
        switch (SUBJECT) {
            case "production": return new StackTraceMap(spec);
            case "mutant:in-place-replace": return new InPlaceReplaceStackTraceMap(spec);
            default: throw new IllegalArgumentException("maplab.subject = " + SUBJECT + ": unknown stacktrace subject");
        }
    }

    private final StackTraceMap map = create();
    private final byte[] key = {(byte) ID, (byte) (ID >>> 8), (byte) (ID >>> 16), (byte) (ID >>> 24)};
    private final byte[] out = new byte[8 * DEPTH];
    private volatile boolean done;

    public BorrowedCopyTest() {
        if (map.getStackId(A, 0) != ID) {
            throw new IllegalStateException("setup get_stackid failed");
        }
    }

    @Actor
    public void program(III_Result r) {
        int failed = 0;
        for (int k = 0; k < 16; k++) {
            if (map.getStackId(k % 2 == 0 ? B : A, StackTraceMap.F_REUSE_STACKID) != ID) {
                failed++;
            }
        }
        r.r1 = failed;
        done = true;
    }

    @Actor
    public void reader(III_Result r) {
        int torn = 0;
        int missing = 0;
        do {
            if (map.lookup(key, out) != 0) {
                missing++;
                continue;
            }
            int a = 0;
            int b = 0;
            for (int i = 0; i < DEPTH; i++) {
                long ip = 0;
                for (int k = 7; k >= 0; k--) {
                    ip = (ip << 8) | (out[8 * i + k] & 0xffL);
                }
                if (ip == A[i]) {
                    a++;
                } else if (ip == B[i]) {
                    b++;
                }
            }
            if (a != DEPTH && b != DEPTH) {
                torn++;
            }
        } while (!done);
        r.r2 = Math.min(torn, 9);
        r.r3 = Math.min(missing, 9);
    }
}
