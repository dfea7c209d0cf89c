package dev.maplab.lru.mutant;

import dev.maplab.api.MapSpec;
import dev.maplab.hash.ReplaceProtocol;
import dev.maplab.lru.BpfLru;
import dev.maplab.lru.LruHashTable;

/**
 * Mutant: freeing a node that is still on its owner CPU's pending list pushes it to the global free list
 * (under the global lock) instead of the owner's local free list (under the owner's lock). The node leaves
 * the owner's pending list without the owner's lock, so a concurrent push onto or pop from that list by the
 * owner corrupts it; and sequentially the freed node is handed to whichever CPU refills next instead of
 * staying with its owner (LA-8).
 */
public class PendingToGlobalFreeLruHashTable extends LruHashTable {
    public PendingToGlobalFreeLruHashTable(MapSpec spec) {
        super(spec, ReplaceProtocol.KERNEL);
    }

    @Override
    protected BpfLru createLru(int nodes, int cpus, boolean percpu) {
        return new BpfLru(nodes, cpus, percpu, this) {
            @Override
            protected void pushFreeCommon(int n) {
                pushFreeGlobal(n); // DEFECT: a pending node does not go back to its owner CPU's local list
            }
        };
    }
}
