package dev.maplab.lru.mutant;

import dev.maplab.api.MapSpec;
import dev.maplab.hash.ReplaceProtocol;
import dev.maplab.lru.BpfLru;
import dev.maplab.lru.LruHashTable;

/**
 * Mutant: a steal takes a node from another CPU's local free (or pending) list without that CPU's local
 * lock. Racing with the owner's own pop from the same list, both can take the same node: two updates link
 * two keys into one element (one key vanishes although both updates answered 0), and the lists are
 * corrupted.
 */
public class StealWithoutOwnerLockLruHashTable extends LruHashTable {
    public StealWithoutOwnerLockLruHashTable(MapSpec spec) {
        super(spec, ReplaceProtocol.KERNEL);
    }

    @Override
    protected BpfLru createLru(int nodes, int cpus, boolean percpu) {
        return new BpfLru(nodes, cpus, percpu, this) {
            @Override
            protected int stealFrom(int victim) {
                // DEFECT: the victim CPU's local lock is not taken
                int n = localPopFree(victim);
                return n != NONE ? n : localPopPending(victim);
            }
        };
    }
}
