package dev.maplab.array.mutant;

import dev.maplab.api.MapSpec;
import dev.maplab.array.ArrayMap;

/**
 * Mutant: a PERCPU_ARRAY whose program-side update writes the value as a syscall update would: the value
 * into this CPU's slot and 0 into every other CPU's slot, instead of this CPU's slot only. Two CPUs
 * updating the same element then wipe each other's values: the cross-CPU interference that per-CPU
 * values exist to rule out.
 */
public class ProgramUpdateWritesAllCpusArrayMap extends ArrayMap {
    public ProgramUpdateWritesAllCpusArrayMap(MapSpec spec) {
        super(spec, false);
    }

    @Override
    protected void storeProgram(int index, int cpu, byte[] src, long v) {
        super.storeProgram(index, cpu, src, v);
        if (!percpu) {
            return;
        }
        for (int c = 0; c < cpus; c++) {
            if (c != cpu) {
                writeSlot(offset(index, c), null, 0, 0, 0); // DEFECT: other CPUs' slots are zeroed
            }
        }
    }
}
