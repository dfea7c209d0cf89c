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
 * Reuse between the match and the value copy: the reader finds 3's element; the writer deletes 3
 * and inserts 2 with value 22 into the same element. The reader must return 3's value or nothing,
 * never 2's.
 */
@JCStressTest
@Outcome(id = {"31", "-1"}, expect = ACCEPTABLE, desc = "key 3 found before its delete, or missing after it")
@Outcome(id = "22", expect = FORBIDDEN, desc = "returned key 2 value for key 3 (foreign value)")
@Outcome(id = "-?[0-9]+", expect = FORBIDDEN, desc = "some other value")
@State
public class ReuseBeforeCopyTest {
    private final HashTable map = StressMaps.create();

    public ReuseBeforeCopyTest() {
        StressMaps.put(map, 3, 1);
    }

    @Actor
    public void reader(J_Result r) {
        r.r1 = map.lookup(3, -1);
    }

    @Actor
    public void writer() {
        map.delete(3);
        StressMaps.put(map, 2, 2);
    }
}
