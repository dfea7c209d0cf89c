package dev.maplab.array;

import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import dev.maplab.cpu.LogicalCpu;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * A PERCPU_ARRAY element on 2 logical CPUs: {@code update(cpu, v)} is a program's update on that CPU (its slot
 * only); {@code lookupAll()} is the syscall lookup (every CPU's slot), returned as {@code 10 x slot0 + slot1}.
 * Sequential meaning: {@link PercpuSlotSpec}, two independent slots, initially 0.
 *
 * <p>Updates on different CPUs must never disturb each other's slot. The syscall lookup itself copies the
 * slots one CPU after another, so while updates run it is not a snapshot (the same property as {@code
 * percpu_counter_sum}); the checks that must pass read it only after the parallel part.
 */
@Param(name = "cpu", gen = IntGen.class, conf = "0:1")
@Param(name = "v", gen = IntGen.class, conf = "1:3")
public abstract class PercpuSlotOperations {
    public static final int CPUS = 2;

    protected final ArrayMap map;

    protected PercpuSlotOperations(ArrayMap map) {
        this.map = map;
    }

    public static MapSpec spec() {
        return MapSpec.builder(MapType.PERCPU_ARRAY).keySize(4).valueSize(8).maxEntries(1).cpus(CPUS).build();
    }

    @Operation
    public int update(@Param(name = "cpu") int cpu, @Param(name = "v") int v) {
        LogicalCpu.set(cpu);
        return map.update(0, v, UpdateFlags.ANY);
    }

    @Operation
    public long lookupAll() {
        long[] out = new long[CPUS];
        int r = map.lookupAllCpus(0, out);
        return r != 0 ? r : 10 * out[0] + out[1];
    }

    /** Two slots, each written only by its CPU's updates. */
    public static class PercpuSlotSpec {
        private final long[] slots = new long[CPUS];

        public int update(int cpu, int v) {
            slots[cpu] = v;
            return 0;
        }

        public long lookupAll() {
            return 10 * slots[0] + slots[1];
        }
    }
}
