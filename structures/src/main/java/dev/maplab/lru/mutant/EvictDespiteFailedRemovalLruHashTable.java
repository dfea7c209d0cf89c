package dev.maplab.lru.mutant;

import dev.maplab.api.MapSpec;
import dev.maplab.hash.ReplaceProtocol;
import dev.maplab.lru.BpfLru;
import dev.maplab.lru.LruHashTable;

/**
 * Mutant: the shrink (and steal) frees a node even when removing its element from the hash table failed.
 * The removal fails when someone else already unlinked the element, e.g. a delete that will push the same
 * node itself; the node is then freed twice, sits on two lists, and is handed to two updates.
 */
public class EvictDespiteFailedRemovalLruHashTable extends LruHashTable {
    public EvictDespiteFailedRemovalLruHashTable(MapSpec spec) {
        super(spec, ReplaceProtocol.KERNEL);
    }

    @Override
    protected BpfLru createLru(int nodes, int cpus, boolean percpu) {
        return new BpfLru(nodes, cpus, percpu, this) {
            @Override
            protected boolean removeFromHtab(int n) {
                super.removeFromHtab(n);
                return true; // DEFECT: the node is taken whether or not its element was removed
            }
        };
    }
}
