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
 * Freeing the element a reader stands on. Chain 3 (1 deleted, its element on the freelist); the
 * writer deletes 3. If freeing overwrote the chain link, the reader would walk onto the freelist and
 * find deleted key 1's element.
 */
@JCStressTest
@Outcome(id = "-1", expect = ACCEPTABLE, desc = "key 1 absent, as it is throughout")
@Outcome(id = "11", expect = FORBIDDEN, desc = "reported deleted key 1 present (walked onto the freelist)")
@Outcome(id = "-?[0-9]+", expect = FORBIDDEN, desc = "some other value")
@State
public class FreeUnderReaderTest {
    private final HashTable map = StressMaps.create();

    public FreeUnderReaderTest() {
        StressMaps.put(map, 1, 1);
        StressMaps.put(map, 3, 1);
        map.delete(1);
    }

    @Actor
    public void reader(J_Result r) {
        r.r1 = map.lookup(1, -1);
    }

    @Actor
    public void writer() {
        map.delete(3);
    }
}
