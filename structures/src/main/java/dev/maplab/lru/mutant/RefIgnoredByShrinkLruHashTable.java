package dev.maplab.lru.mutant;

import dev.maplab.api.MapSpec;
import dev.maplab.hash.ReplaceProtocol;
import dev.maplab.lru.BpfLru;
import dev.maplab.lru.LruHashTable;

/**
 * Mutant: the shrink ignores the reference bit. It evicts the oldest inactive nodes whether or not a program
 * looked them up since the last rotation, so a key kept warm by lookups is evicted like a cold one (the
 * rotation still moves referenced nodes it reaches; only nodes it did not reach are affected).
 */
public class RefIgnoredByShrinkLruHashTable extends LruHashTable {
    public RefIgnoredByShrinkLruHashTable(MapSpec spec) {
        super(spec, ReplaceProtocol.KERNEL);
    }

    @Override
    protected BpfLru createLru(int nodes, int cpus, boolean percpu) {
        return new BpfLru(nodes, cpus, percpu, this) {
            @Override
            protected boolean referencedForShrink(int n) {
                return false; // DEFECT: the ref bit is never consulted by the shrink
            }
        };
    }
}
