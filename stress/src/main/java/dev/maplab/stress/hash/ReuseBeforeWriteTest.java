package dev.maplab.stress.hash;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.maplab.hash.HashTable;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.J_Result;

/**
 * A freed element reused under a reader: key 1 was inserted and deleted; the writer inserts 3,
 * which takes 1's element into the same bucket. Key 1 is absent throughout: a reader that reaches the
 * element before its new key is written must not report 1 present.
 */
@JCStressTest
@Outcome(id = "-1", expect = ACCEPTABLE, desc = "key 1 absent, as it is throughout")
@Outcome(id = "11", expect = FORBIDDEN, desc = "reported deleted key 1 present (stale element contents)")
@Outcome(id = "-?[0-9]+", expect = FORBIDDEN, desc = "some other value")
@State
public class ReuseBeforeWriteTest {
    private final HashTable map = StressMaps.create();

    public ReuseBeforeWriteTest() {
        StressMaps.put(map, 1, 1);
        map.delete(1);
    }

    @Actor
    public void reader(J_Result r) {
        r.r1 = map.lookup(1, -1);
    }

    @Actor
    public void writer() {
        StressMaps.put(map, 3, 1);
    }
}
