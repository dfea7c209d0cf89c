package dev.maplab.stress.lru;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.maplab.lru.LruHashTable;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * A program-style lookup sets a reference bit, without any lock, while an insert rotates the inactive list
 * and shrinks it. Per-CPU LRU, 1 CPU, 6 entries, keys 1..6 inserted (all inactive, 1 the oldest), then key 3
 * looked up: its ref bit is set before the race, on a node the next rotation (4 nodes from the saved
 * cursor) does not reach. The race: a lookup of key 1 (the shrink's first candidate) against the insert of
 * key 100, whose shrink frees 4 nodes from the inactive tail.
 *
 * <p>The kernel accepts either order for key 1 (the ref bit is "accuracy not needed"): seen in time, key 1
 * moves to the active list and survives; too late, it is evicted, even when the lookup found it. Key 3 was
 * referenced before the race began, so the shrink must move it to the active list: evicting key 3 is
 * forbidden (the mutant whose shrink ignores the ref bit always evicts it). Results: r1 the lookup found
 * key 1, r2 the insert's result, r3 key 3 present, r4 key 1 present.
 */
@JCStressTest
@Outcome(id = "1, 0, 1, 1", expect = ACCEPTABLE, desc = "ref bit of key 1 seen by the shrink: key 1 moved to active and survives")
@Outcome(id = "1, 0, 1, 0", expect = ACCEPTABLE_INTERESTING, desc = "lookup found key 1 but its ref bit came too late: evicted anyway")
@Outcome(id = "0, 0, 1, 0", expect = ACCEPTABLE, desc = "key 1 evicted before the lookup")
@Outcome(id = "[01], 0, 0, [01]", expect = FORBIDDEN, desc = "key 3, referenced before the race, evicted: the shrink ignored its ref bit")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "anything else")
@State
public class RefBitRacesRotationTest {
    private final LruHashTable map = LruStressMaps.create(6, 1, true);

    public RefBitRacesRotationTest() {
        for (long k = 1; k <= 6; k++) {
            LruStressMaps.insert(map, 0, k);
        }
        if (map.lookup(3, -1) != 3) {
            throw new IllegalStateException("setup lookup(3)");
        }
    }

    @Actor
    public void lookup(IIII_Result r) {
        r.r1 = map.lookup(1, -1) == 1 ? 1 : 0;
    }

    @Actor
    public void insert(IIII_Result r) {
        r.r2 = map.update(100, 100, 0);
    }

    @Arbiter
    public void after(IIII_Result r) {
        r.r3 = map.containsKey(3) ? 1 : 0;
        r.r4 = map.containsKey(1) ? 1 : 0;
    }
}
