package dev.maplab.array.mutant;

import dev.maplab.api.MapSpec;
import dev.maplab.array.ArrayMap;

/**
 * Mutant: an ARRAY whose values hold a spin lock, but whose {@code BPF_F_LOCK} update copies the value in
 * without taking the element's lock. {@code F_LOCK} lookups still take it, so they no longer exclude the
 * writer and can return a value torn between two updates.
 */
public class LockNotTakenArrayMap extends ArrayMap {
    public LockNotTakenArrayMap(MapSpec spec) {
        super(spec, true);
    }

    @Override
    protected void storeLocked(int index, byte[] src, long v) {
        writeSlot(offset(index, 0), src, 0, valueSize, v); // DEFECT: the element's lock is not taken
    }
}
