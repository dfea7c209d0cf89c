package dev.maplab.stress.lru;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.maplab.cpu.LogicalCpu;
import dev.maplab.lru.LruHashTable;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * A steal racing with the owner's own pop from the same local free list. Common LRU, 2 entries, 3 CPUs
 * (target_free 1). Setup: CPU 0 inserts 1 and deletes it (its node goes back to CPU 0's local free list),
 * CPU 1 inserts 2 (the last global node): nothing is left on the global lists. Race: CPU 0 inserts 3 (pops
 * its free node under its local lock) while CPU 2 inserts 4 (finds nothing locally or globally and steals,
 * starting with CPU 0's local lists).
 *
 * <p>With the victim's lock, exactly one of them gets CPU 0's node; the other steals key 2's node from CPU 1
 * (evicting 2) or the winner's pending node. Both inserts succeed, 2 elements remain counted, and every node
 * is on exactly one list. A steal without the owner's lock can hand the same node to both: 3 elements
 * counted in a 2-entry map, or a node on two lists. Results: r1, r2 the inserts' results, r3 the element
 * count, r4 1 when the LRU lists are consistent. (Only the lists and the counter are inspected: a node
 * linked twice would make a chain walk loop.)
 */
@JCStressTest
@Outcome(id = "0, 0, 2, 1", expect = ACCEPTABLE, desc = "one node each; 2 elements; lists consistent")
@Outcome(id = ".*, .*, 3, .*", expect = FORBIDDEN, desc = "3 elements counted in a 2-entry map: one node handed out twice")
@Outcome(id = ".*, .*, .*, 0", expect = FORBIDDEN, desc = "LRU lists inconsistent (a node on two lists or on none)")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "anything else")
@State
public class StealRacesOwnerPopTest {
    static final int DELAY_LOOKUPS = Integer.getInteger("maplab.delay", 3);
    private final LruHashTable map = LruStressMaps.create(2, 3, false);

    public StealRacesOwnerPopTest() {
        LruStressMaps.insert(map, 0, 1);
        LruStressMaps.delete(map, 0, 1);
        LruStressMaps.insert(map, 1, 2);
    }

    @Actor
    public void owner(IIII_Result r) {
        LogicalCpu.set(0);
        // The thief reaches CPU 0's free list only after its own refill under the global lock; a few lookups
        // (of an absent key) first let the owner's pop meet the steal more often. They change nothing.
        for (int i = 0; i < DELAY_LOOKUPS; i++) {
            map.lookupWithoutRef(99, -1);
        }
        r.r1 = map.update(3, 3, 0);
    }

    @Actor
    public void thief(IIII_Result r) {
        LogicalCpu.set(2);
        r.r2 = map.update(4, 4, 0);
    }

    @Arbiter
    public void after(IIII_Result r) {
        r.r3 = (int) map.elementCount();
        r.r4 = map.lru().checkStructure() == null ? 1 : 0;
    }
}
