package dev.maplab.stress.array;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.maplab.array.ArrayMap;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * A syscall lookup of a 256-byte ARRAY value while another thread updates it. Every byte of the old value is 17,
 * every byte of the new one 34: the lookup must return one or the other whole. Without the lock option the
 * kernel (and maplab) copy word by word and the reader can get a mix, "torn"; with {@code BPF_F_LOCK} on both
 * sides it never does. The subject decides ({@link StressArrays}): production uses the lock and must pass;
 * {@code variant:no-lock} is expected to show torn values; {@code mutant:lock-not-taken} must be caught.
 */
@JCStressTest
@Outcome(id = {"17", "34"}, expect = ACCEPTABLE, desc = "the old or the new value, whole")
@Outcome(id = "torn", expect = FORBIDDEN, desc = "words of both values (a torn read)")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "something else")
@State
public class TornValueTest {
    static final int VALUE = 256;
    private final ArrayMap map = StressArrays.wide(VALUE);
    private final long flags = StressArrays.flags(map);
    private final byte[] next = filled(34);

    public TornValueTest() {
        if (map.update(ArrayMap.key(0), filled(17), flags) != 0) {
            throw new IllegalStateException("setup update failed");
        }
    }

    private static byte[] filled(int b) {
        byte[] v = new byte[VALUE];
        java.util.Arrays.fill(v, (byte) b);
        return v;
    }

    @Actor
    public void writer() {
        map.update(ArrayMap.key(0), next, flags);
    }

    @Actor
    public void reader(L_Result r) {
        byte[] out = new byte[VALUE];
        int rc = map.lookup(ArrayMap.key(0), out, flags);
        if (rc != 0) {
            r.r1 = "error " + rc;
            return;
        }
        for (byte b : out) {
            if (b != out[0]) {
                r.r1 = "torn";
                return;
            }
        }
        r.r1 = Integer.toString(out[0]);
    }
}
