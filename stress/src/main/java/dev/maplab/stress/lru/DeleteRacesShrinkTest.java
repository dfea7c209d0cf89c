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
 * A delete racing with the shrink that selected the same node. Common LRU, 4 entries, 3 CPUs (target_free
 * 1). Setup: CPU 0 inserts 1..4 (1, 2, 3 on the inactive list, 1 at its tail; the global free list empty).
 * Race: CPU 1 deletes 1 while CPU 0 inserts 5, whose refill shrinks from the inactive tail, i.e. tries to
 * evict 1 first.
 *
 * <p>The element can be removed from the hash table only once: if the delete wins, the shrink's removal
 * fails, it skips the node and evicts 2 (4 - 1 deleted - 1 evicted + 1 = 3 elements); if the shrink wins,
 * the delete answers -ENOENT (4 - 1 evicted + 1 = 4); if the delete also freed the node before the refill,
 * the refill takes it from the global free list and evicts nothing (4). Either way the node is freed once. A shrink that
 * frees the node although its removal failed frees it a second time: it ends on a free list while linked
 * under key 5, or on two lists. Results: r1 the delete's result, r2 the insert's, r3 the element count,
 * r4 1 when the map's invariants hold ({@link LruHashTable#checkInvariants}).
 */
@JCStressTest
@Outcome(id = "0, 0, 3, 1", expect = ACCEPTABLE, desc = "delete first: the shrink skipped key 1's node and evicted 2")
@Outcome(id = "0, 0, 4, 1", expect = ACCEPTABLE, desc = "delete and free before the refill: the refill took the freed node, nothing evicted")
@Outcome(id = "-2, 0, 4, 1", expect = ACCEPTABLE, desc = "shrink first: key 1 evicted, the delete found nothing")
@Outcome(id = ".*, .*, .*, 0", expect = FORBIDDEN, desc = "invariants broken: a node freed twice (free while linked, or on two lists)")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "anything else")
@State
public class DeleteRacesShrinkTest {
    private final LruHashTable map = LruStressMaps.create(4, 3, false);

    public DeleteRacesShrinkTest() {
        for (long k = 1; k <= 4; k++) {
            LruStressMaps.insert(map, 0, k);
        }
    }

    @Actor
    public void delete(IIII_Result r) {
        LogicalCpu.set(1);
        r.r1 = map.delete(1);
    }

    @Actor
    public void insert(IIII_Result r) {
        LogicalCpu.set(0);
        r.r2 = map.update(5, 5, 0);
    }

    @Arbiter
    public void after(IIII_Result r) {
        r.r3 = (int) map.elementCount();
        r.r4 = map.checkInvariants() == null ? 1 : 0;
    }
}
