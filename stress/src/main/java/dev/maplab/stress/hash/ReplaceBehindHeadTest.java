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
 * The kernel's replace window. Chain 3 -> 1; the writer replaces 1 (new element linked at the head,
 * then the old one unlinked). A reader already past the head when the new element is linked, and not
 * yet at the old one when it is unlinked, reaches the end of the chain and misses 1, which was present
 * throughout. The kernel-order variant is expected to show it; the linearizable variant never does.
 */
@JCStressTest
@Outcome(id = {"11", "12"}, expect = ACCEPTABLE, desc = "found key 1 with its old or new value")
@Outcome(id = "-1", expect = FORBIDDEN, desc = "missed key 1, present throughout (the kernel order window)")
@Outcome(id = "-?[0-9]+", expect = FORBIDDEN, desc = "a value key 1 never had")
@State
public class ReplaceBehindHeadTest {
    private final HashTable map = StressMaps.create();

    public ReplaceBehindHeadTest() {
        StressMaps.put(map, 1, 1);
        StressMaps.put(map, 3, 1);
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
