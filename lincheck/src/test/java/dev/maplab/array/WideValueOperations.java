package dev.maplab.array;

import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * An ARRAY element with a two-word value (16 bytes) under concurrent lookup and update: does a lookup ever
 * return a value no update wrote (a torn value, some words of one update and some of another)?
 *
 * <p>{@code update(v)} writes v into every byte of element 0's value; {@code lookup()} returns v when all 16
 * bytes agree, else -1 (torn). Both pass {@code BPF_F_LOCK} when the subject uses the lock option (a map
 * created {@link ArrayMap#withSpinLock with a spin lock}), and 0 otherwise. Sequential meaning:
 * {@link WideValueSpec}, a single value, initially 0.
 */
@Param(name = "v", gen = IntGen.class, conf = "1:3")
public abstract class WideValueOperations {
    public static final int VALUE = 16;

    protected final ArrayMap map;
    private final long flags;

    protected WideValueOperations(ArrayMap map, boolean locked) {
        this.map = map;
        this.flags = locked ? UpdateFlags.F_LOCK : 0;
    }

    public static MapSpec spec() {
        return MapSpec.builder(MapType.ARRAY).keySize(4).valueSize(VALUE).maxEntries(1).cpus(1).build();
    }

    @Operation
    public int update(@Param(name = "v") int v) {
        byte[] value = new byte[VALUE];
        java.util.Arrays.fill(value, (byte) v);
        return map.update(ArrayMap.key(0), value, flags);
    }

    /** The value, or -1 when its words disagree (torn). */
    @Operation
    public int lookup() {
        byte[] out = new byte[VALUE];
        int r = map.lookup(ArrayMap.key(0), out, flags);
        if (r != 0) {
            return r;
        }
        for (byte b : out) {
            if (b != out[0]) {
                return -1;
            }
        }
        return out[0];
    }

    /** One value, replaced whole by every update. */
    public static class WideValueSpec {
        private int value;

        public int update(int v) {
            value = v;
            return 0;
        }

        public int lookup() {
            return value;
        }
    }
}
