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
 * A replace of the key at the head of its chain (chain 1 -> 3) while a reader looks it up. The
 * kernel order (link the new element first) never loses the key here: a reader that read the head
 * before the link stands on the old element, which stays intact. Unlinking first loses it.
 */
@JCStressTest
@Outcome(id = {"11", "12"}, expect = ACCEPTABLE, desc = "found key 1 with its old or new value")
@Outcome(id = "-1", expect = FORBIDDEN, desc = "missed key 1, present throughout")
@Outcome(id = "-?[0-9]+", expect = FORBIDDEN, desc = "a value key 1 never had")
@State
public class ReplaceAtHeadTest {
    private final HashTable map = StressMaps.create();

    public ReplaceAtHeadTest() {
        StressMaps.put(map, 3, 1);
        StressMaps.put(map, 1, 1);
    }

    @Actor
    public void reader(J_Result r) {
        r.r1 = map.lookup(1, -1);
    }

    @Actor
    public void writer() {
        StressMaps.put(map, 1, 2);
    }
}
