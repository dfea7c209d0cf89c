package dev.maplab.report;

import java.util.List;

/**
 * Published kernel figures the report sets beside maplab's (research brief, kernel-internals.md §8.3).
 * They are citations, not measurements of this machine: the report plots them normalised.
 */
public final class PublishedFigures {
    private PublishedFigures() {
    }

    /** One published point. */
    public record Point(double x, double value) {
    }

    public static final String HASH_LOOKUP_VS_FILL_SOURCE = "Anton Protopopov, selftests/bpf bench bpf-hashmap-lookup"
            + " (merged f371f2dc53d1, Feb 2023; lore 20230127181457.21389-7-aspsk@isovalent.com): AMD Ryzen 9 3950X,"
            + " 4-byte keys, max_entries 65536, BPF_F_ZERO_SEED, one CPU, M lookups/s by fill";

    /** Kernel hash-map lookups, M lookups/s, by fill (fraction of max_entries = 65536). */
    public static final List<Point> HASH_LOOKUP_VS_FILL = List.of(
            new Point(0.06, 50.739), new Point(0.12, 47.751), new Point(0.18, 45.153), new Point(0.25, 43.826),
            new Point(0.31, 41.971), new Point(0.37, 41.034), new Point(0.43, 39.946), new Point(0.50, 38.256),
            new Point(0.56, 36.580), new Point(0.62, 36.252), new Point(0.68, 35.200), new Point(0.75, 34.061),
            new Point(0.81, 34.374), new Point(0.87, 33.244), new Point(0.93, 32.182), new Point(1.00, 31.497));

    /** The published map size of {@link #HASH_LOOKUP_VS_FILL}. */
    public static final double HASH_LOOKUP_MAX_ENTRIES = 65536;
}
