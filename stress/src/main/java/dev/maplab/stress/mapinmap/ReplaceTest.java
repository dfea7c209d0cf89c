package dev.maplab.stress.mapinmap;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.maplab.api.BpfMap;
import dev.maplab.hash.HashTable;
import dev.maplab.mapinmap.ArrayOfMaps;
import dev.maplab.mapinmap.HashOfMaps;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIIII_Result;

/**
 * Replacing and deleting inner maps under programs that hold them, for both outer types. Slot 0 of an
 * ARRAY_OF_MAPS and key 7 of a HASH_OF_MAPS hold M1 (keys 1 and 2 -> 11). The writer tries to install a map
 * with 16-byte values in each (must be -EINVAL: it does not match the template), then installs M2 (-> 21)
 * in both, then deletes key 7 of the hash. The reader looks up the array slot twice and reads each map it
 * gets, and looks up the hash key once and reads the map it holds twice (-1 no map, -2 a map of another
 * shape, -3 its two keys disagree). Results: r1, r2 = the mismatched updates (array, hash); r3, r4 = the
 * array reads; r5, r6 = the two reads of the held hash inner map. A reader only ever sees M1, then M1 or
 * M2, whole; no map after the delete; the mismatched map never. The subject ({@code -Dmaplab.subject})
 * chooses the array's implementation; the hash is always production.
 */
@JCStressTest
@Outcome(id = "-22, -22, (11, 11|11, 21|21, 21), (11, 11|21, 21|-1, -1)", expect = ACCEPTABLE,
        desc = "the mismatched maps were refused; the readers saw M1, M2 or nothing, each whole")
@Outcome(id = "0, .*", expect = FORBIDDEN, desc = "ARRAY_OF_MAPS accepted an inner map of another value size")
@Outcome(id = "(0|-22), 0, .*", expect = FORBIDDEN, desc = "HASH_OF_MAPS accepted an inner map of another value size")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "a held map changed, a map of another shape, or the slot went back")
@State
public class ReplaceTest {
    private final HashTable m1 = MapInMapStressMaps.inner(11);
    private final HashTable m2 = MapInMapStressMaps.inner(21);
    private final HashTable wrong = MapInMapStressMaps.mismatched();
    private final ArrayOfMaps array = MapInMapStressMaps.arrayOfMaps(m1);
    private final HashOfMaps hash = MapInMapStressMaps.hashOfMaps(m1);

    public ReplaceTest() {
        if (array.updateMap(0, m1, 0) != 0 || hash.updateMap(7, m1, 0) != 0) {
            throw new IllegalStateException("setup update failed");
        }
    }

    @Actor
    public void writer(IIIIII_Result r) {
        r.r1 = array.updateMap(0, wrong, 0);
        r.r2 = hash.updateMap(7, wrong, 0);
        array.updateMap(0, m2, 0);
        hash.updateMap(7, m2, 0);
        hash.deleteMap(7);
    }

    @Actor
    public void reader(IIIIII_Result r) {
        r.r3 = MapInMapStressMaps.read(array.lookupMap(0));
        BpfMap held = hash.lookupMap(7);
        r.r4 = MapInMapStressMaps.read(array.lookupMap(0));
        r.r5 = MapInMapStressMaps.read(held);
        r.r6 = MapInMapStressMaps.read(held);
    }
}
