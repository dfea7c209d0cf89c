package dev.maplab.hash.mutant;

import dev.maplab.api.MapSpec;
import dev.maplab.hash.ElementArena;
import dev.maplab.hash.HashTable;
import dev.maplab.hash.PercpuFreelist;
import dev.maplab.hash.ReplaceProtocol;

/**
 * Mutant (d): the freelist threads free elements through {@code next} (the chain link) instead of the
 * {@code pprev} overlay. A reader parked on an element that is freed then follows the freelist, not
 * the chain: it reaches free elements with stale keys (a deleted key reported present) or skips the
 * rest of its chain.
 */
public class FreelistOverwritesNextHashTable extends HashTable {
    public FreelistOverwritesNextHashTable(MapSpec spec) {
        super(spec, ReplaceProtocol.LINEARIZABLE);
    }

    @Override
    protected PercpuFreelist createFreelist(int cpus, ElementArena arena) {
        return new PercpuFreelist(cpus, arena) {
            @Override
            protected int link(int e) {
                return arena.lpNext(e);
            }

            @Override
            protected void setLink(int e, int next) {
                arena.spLink(e, next, arena.lpHash(e)); // DEFECT: overwrites the chain link
            }
        };
    }
}
