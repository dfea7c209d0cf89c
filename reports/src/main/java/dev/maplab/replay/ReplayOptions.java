package dev.maplab.replay;

import dev.maplab.api.Errors;
import dev.maplab.api.MapSpec;

/**
 * The map a trace is replayed against: the options of {@code maplab replay}.
 *
 * @param map         the map type as the trace names it ({@code hash}, {@code percpu_hash}, ...; see
 *                    {@link ReplayMaps})
 * @param maxEntries  {@code max_entries} ({@code --max-entries}, default {@value #DEFAULT_MAX_ENTRIES})
 * @param cpus        logical CPUs ({@code --cpus}, default {@value #DEFAULT_CPUS}); the trace starts on CPU 0
 * @param noCommonLru {@code BPF_F_NO_COMMON_LRU} ({@code --no-common-lru}, LRU maps only)
 * @param zeroSeed    {@code BPF_F_ZERO_SEED} ({@code --zero-seed}): hash seed 0, so iteration order is the kernel's
 */
public record ReplayOptions(String map, long maxEntries, int cpus, boolean noCommonLru, boolean zeroSeed) {
    /** Default {@code max_entries}: large enough that a hand-written trace never fills the map by accident. */
    public static final long DEFAULT_MAX_ENTRIES = 1024;
    /** Default CPU count, as in DESIGN.md. */
    public static final int DEFAULT_CPUS = 2;

    public ReplayOptions {
        if (map == null || map.isEmpty()) {
            throw Errors.badArgument("--map", map, "a map type is required; one of " + String.join(", ", ReplayMaps.TYPES));
        }
        if (maxEntries < 1) {
            throw Errors.badArgument("--max-entries", maxEntries, "must be at least 1");
        }
        if (cpus < 1 || cpus > MapSpec.MAX_CPUS) {
            throw Errors.badArgument("--cpus", cpus, "must be between 1 and " + MapSpec.MAX_CPUS);
        }
    }

    /** The defaults for {@code map}. */
    public static ReplayOptions of(String map) {
        return new ReplayOptions(map, DEFAULT_MAX_ENTRIES, DEFAULT_CPUS, false, false);
    }

    public ReplayOptions withMaxEntries(long n) {
        return new ReplayOptions(map, n, cpus, noCommonLru, zeroSeed);
    }

    public ReplayOptions withCpus(int n) {
        return new ReplayOptions(map, maxEntries, n, noCommonLru, zeroSeed);
    }

    public ReplayOptions withZeroSeed(boolean z) {
        return new ReplayOptions(map, maxEntries, cpus, noCommonLru, z);
    }

    public ReplayOptions withNoCommonLru(boolean b) {
        return new ReplayOptions(map, maxEntries, cpus, b, zeroSeed);
    }
}
