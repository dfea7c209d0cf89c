package dev.maplab.queue;

import dev.maplab.api.Errno;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * The operations Lincheck drives on a queue or stack map: push (flags ANY, NOEXIST, EXIST: the last makes
 * room by dropping the oldest element), pop and peek of 8-byte values.
 *
 * <p>max_entries 2, so that full, overwrite and empty all happen within a few operations. Values 1..4.
 * Each subject (production queue, production stack, the mutant) is a subclass whose no-argument
 * constructor builds its map.
 */
@Param(name = "v", gen = IntGen.class, conf = "1:4")
@Param(name = "flags", gen = IntGen.class, conf = "0:2")
public abstract class QueueOperations {
    public static final int MAX_ENTRIES = 2;

    protected final QueueStackMap map;

    protected QueueOperations(QueueStackMap map) {
        this.map = map;
    }

    public static MapSpec spec(MapType type) {
        return MapSpec.builder(type).keySize(0).valueSize(8).maxEntries(MAX_ENTRIES).cpus(1).build();
    }

    /** 0, -E2BIG (full, flags ANY) or -EINVAL (NOEXIST). */
    @Operation
    public int push(@Param(name = "v") int v, @Param(name = "flags") int flags) {
        return map.push(v, flags);
    }

    /** The value, or -ENOENT. */
    @Operation
    public long pop() {
        return map.pop(-Errno.ENOENT);
    }

    /** The value, or -ENOENT. */
    @Operation
    public long peek() {
        return map.peek(-Errno.ENOENT);
    }
}
