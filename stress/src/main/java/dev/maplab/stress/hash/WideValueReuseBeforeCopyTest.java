package dev.maplab.stress.hash;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.hash.HashTable;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Reuse between the match and the value copy, with a 64-byte value copied through the byte[] API:
 * the reader finds key 3's element and copies its value while the writer deletes 3 and inserts 2 into
 * the same element. Every byte of key k's value is k*10+v, so the copy is either all 31 (key 3's),
 * missing, or wrong: a foreign (all 22) or torn (mixed) value.
 */
@JCStressTest
@Outcome(id = {"31", "missing"}, expect = ACCEPTABLE, desc = "key 3's value, or missing after its delete")
@Outcome(id = "22", expect = FORBIDDEN, desc = "key 2's value returned for key 3 (foreign value)")
@Outcome(id = "torn", expect = FORBIDDEN, desc = "a value mixing two writes")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "something else")
@State
public class WideValueReuseBeforeCopyTest {
    static final int VALUE = 64;
    private final HashTable map = StressMaps.create(VALUE);

    public WideValueReuseBeforeCopyTest() {
        put(3, 1);
    }

    private void put(int key, int v) {
        byte[] value = new byte[VALUE];
        java.util.Arrays.fill(value, (byte) (key * 10 + v));
        if (map.update(StressMaps.key(key), value, 0) != 0) {
            throw new IllegalStateException("setup update failed");
        }
    }

    @Actor
    public void reader(L_Result r) {
        byte[] out = new byte[VALUE];
        if (map.lookup(StressMaps.key(3), out) != 0) {
            r.r1 = "missing";
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

    @Actor
    public void writer() {
        map.delete(StressMaps.key(3));
        put(2, 2);
    }
}
