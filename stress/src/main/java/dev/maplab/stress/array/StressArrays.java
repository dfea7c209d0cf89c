package dev.maplab.stress.array;

import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import dev.maplab.array.ArrayMap;
import dev.maplab.array.mutant.LockNotTakenArrayMap;
import dev.maplab.array.mutant.ProgramUpdateWritesAllCpusArrayMap;
import dev.maplab.stress.StressSubject;

/**
 * The arrays a jcstress test runs against, chosen by the forked JVM's {@code -Dmaplab.subject}:
 * <ul>
 *   <li>{@code production}: an ARRAY whose values hold a spin lock, used with {@code BPF_F_LOCK}; a
 *       PERCPU_ARRAY as it is;</li>
 *   <li>{@code variant:no-lock}: an ARRAY without the lock option, used with flags 0 (what the kernel does
 *       without {@code BPF_F_LOCK}: torn values are expected, a finding, not a defect);</li>
 *   <li>{@code mutant:lock-not-taken}, {@code mutant:program-update-writes-all-cpus}: the mutants.</li>
 * </ul>
 */
public final class StressArrays {
    public static final String SUBJECT = StressSubject.of("array");

    private StressArrays() {
    }

    /** An ARRAY of one element with {@code valueSize}-byte values, for the subject. */
    public static ArrayMap wide(int valueSize) {
        MapSpec spec = MapSpec.builder(MapType.ARRAY).keySize(4).valueSize(valueSize).maxEntries(1).cpus(1).build();
        switch (SUBJECT) {
            case "production": return ArrayMap.withSpinLock(spec);
            case "variant:no-lock": return new ArrayMap(spec);
            case "mutant:lock-not-taken": return new LockNotTakenArrayMap(spec);
            default: throw new IllegalArgumentException("maplab.subject = " + SUBJECT + ": no wide ARRAY for it");
        }
    }

    /** The flags the subject's lookups and updates pass: {@code F_LOCK} where the values hold a lock. */
    public static long flags(ArrayMap map) {
        return map.hasSpinLock() ? UpdateFlags.F_LOCK : 0;
    }

    /** A PERCPU_ARRAY of one 8-byte element on {@code cpus} logical CPUs, for the subject. */
    public static ArrayMap percpu(int cpus) {
        MapSpec spec = MapSpec.builder(MapType.PERCPU_ARRAY).keySize(4).valueSize(8).maxEntries(1).cpus(cpus).build();
        switch (SUBJECT) {
            case "production": return new ArrayMap(spec);
            case "mutant:program-update-writes-all-cpus": return new ProgramUpdateWritesAllCpusArrayMap(spec);
            default: throw new IllegalArgumentException("maplab.subject = " + SUBJECT + ": no PERCPU_ARRAY for it");
        }
    }
}
