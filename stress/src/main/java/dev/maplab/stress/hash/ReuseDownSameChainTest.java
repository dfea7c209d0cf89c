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
 * Reuse further down the same chain. Chain 1 -> 3 with a spare element that held 1; the writer
 * replaces 1, then 3. A replace at the old position lets the reused element carry a parked reader past
 * key 1's new element; the nulls check cannot notice, the bucket is the same.
 */
@JCStressTest
@Outcome(id = {"12", "11"}, expect = ACCEPTABLE, desc = "found key 1 with its old or new value")
@Outcome(id = "-1", expect = FORBIDDEN, desc = "missed key 1, present throughout")
@Outcome(id = "-?[0-9]+", expect = FORBIDDEN, desc = "a value key 1 never had")
@State
public class ReuseDownSameChainTest {
    private final HashTable map = StressMaps.create();

    public ReuseDownSameChainTest() {
        StressMaps.put(map, 3, 1);
        StressMaps.put(map, 1, 3);
        StressMaps.put(map, 1, 2);
    }

    @Actor
    public void reader(J_Result r) {
        r.r1 = map.lookup(1, -1);
    }

    @Actor
    public void writer() {
        StressMaps.put(map, 1, 1);
        StressMaps.put(map, 3, 2);
    }
}
