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
 * A reader parked on an element that is deleted and reused in another bucket. Chain: 3 -> 1. The
 * reader looks up 1 (present throughout) while the writer deletes 3 and inserts 2, which takes 3's
 * element into the other bucket. Without the nulls restart the reader follows it there and misses 1.
 */
@JCStressTest
@Outcome(id = "11", expect = ACCEPTABLE, desc = "found key 1 with its value")
@Outcome(id = "-1", expect = FORBIDDEN, desc = "missed key 1, present throughout")
@Outcome(id = "-?[0-9]+", expect = FORBIDDEN, desc = "a value that is not key 1's")
@State
public class ReuseInOtherBucketTest {
    private final HashTable map = StressMaps.create();

    public ReuseInOtherBucketTest() {
        StressMaps.put(map, 1, 1);
        StressMaps.put(map, 3, 1);
    }

    @Actor
    public void reader(J_Result r) {
        r.r1 = map.lookup(1, -1);
    }

    @Actor
    public void writer() {
        map.delete(3);
        StressMaps.put(map, 2, 1);
    }
}
