package dev.maplab.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random replay traces for one map shape, reproducible from a seed.
 *
 * <p>Keys come mostly from a small universe (0 .. a little more than max_entries) so that traces fill the
 * map, collide in buckets (with the zero seed, small maps have few buckets), and meet every outcome: a
 * full map ({@code -E2BIG}), an existing key ({@code -EEXIST}), a missing one ({@code -ENOENT}), bad flags
 * ({@code -EINVAL}); a few keys are large 64-bit numbers. Values are random 64-bit numbers. Every third
 * trace or so runs a burst of inserts first, so that large maps fill too.
 *
 * <p>Only operations whose result the kernel fixes are generated: {@code next_key} only when iteration
 * order is comparable (zero seed), {@code cpu} switches only for configurations on more than one CPU.
 */
public final class TraceGenerator {
    /** What a map type takes: keyed hash-like maps, index-keyed arrays, or key-less queues and stacks. */
    public enum Shape {
        HASH, ARRAY, QUEUE
    }

    private static final String[] BAD_FLAGS = {"3", "4", "5", "6", "7", "8", "9223372036854775808", "18446744073709551615"};

    private final Shape shape;
    private final long maxEntries;
    private final int cpus;
    private final boolean nextKey;
    private final boolean progLookup;
    private final boolean pressure;
    private final SplittableRandom rnd;
    private final long universe;
    private final long[] bigKeys;

    /**
     * @param shape      the map's shape
     * @param maxEntries max_entries of the map
     * @param cpus       CPUs the trace may switch between (1: it stays on CPU 0)
     * @param nextKey    whether next_key may appear (iteration order comparable)
     * @param progLookup whether prog_lookup may appear
     * @param seed       the trace's seed
     */
    public TraceGenerator(Shape shape, long maxEntries, int cpus, boolean nextKey, boolean progLookup, long seed) {
        this(shape, maxEntries, cpus, nextKey, progLookup, false, seed);
    }

    /**
     * As above; {@code pressure} (LRU maps) doubles the key universe and weights updates and program lookups
     * more, so that traces evict often and reference bits matter.
     */
    public TraceGenerator(Shape shape, long maxEntries, int cpus, boolean nextKey, boolean progLookup, boolean pressure,
                          long seed) {
        this.shape = shape;
        this.pressure = pressure;
        this.maxEntries = maxEntries;
        this.cpus = cpus;
        this.nextKey = nextKey;
        this.progLookup = progLookup;
        this.rnd = new SplittableRandom(seed);
        this.universe = (pressure ? 2 * maxEntries : maxEntries) + 1 + rnd.nextLong(Math.max(2, maxEntries / 3 + 2));
        this.bigKeys = new long[3];
        for (int i = 0; i < bigKeys.length; i++) {
            bigKeys[i] = shape == Shape.ARRAY ? rnd.nextLong(1L << 32) : rnd.nextLong();
        }
    }

    /** {@code ops} operations (no observation lines). */
    public List<String> generate(int ops) {
        List<String> out = new ArrayList<>(ops);
        boolean burst = rnd.nextInt(3) == 0;
        for (int i = 0; i < ops; i++) {
            if (burst && i < Math.min(ops * 2 / 3, maxEntries + 4) && shape != Shape.ARRAY) {
                out.add(shape == Shape.QUEUE ? "push " + value() : "update " + key() + " " + value()
                        + (rnd.nextInt(4) == 0 ? " NOEXIST" : ""));
                continue;
            }
            if (cpus > 1 && rnd.nextInt(8) == 0) {
                out.add("cpu " + rnd.nextInt(cpus));
                continue;
            }
            out.add(switch (shape) {
                case HASH -> hashOp();
                case ARRAY -> arrayOp();
                case QUEUE -> queueOp();
            });
        }
        return out;
    }

    private String hashOp() {
        int p = rnd.nextInt(100);
        if (pressure) {
            // 55% updates, 15% program lookups (reference bits), then the usual mix
            if (p < 55) {
                return "update " + key() + " " + value() + updateFlags();
            }
            if (p < 70) {
                return progLookup ? "prog_lookup " + key() : "lookup " + key();
            }
            p = 40 + (p - 70) * 60 / 30;
        }
        if (p < 40) {
            return "update " + key() + " " + value() + updateFlags();
        }
        if (p < 52) {
            return "lookup " + key();
        }
        if (p < 60) {
            return progLookup ? "prog_lookup " + key() : "lookup " + key();
        }
        if (p < 74) {
            return "delete " + key();
        }
        if (p < 84) {
            return "lookup_and_delete " + key();
        }
        if (nextKey) {
            return rnd.nextInt(5) == 0 ? "next_key" : "next_key " + key();
        }
        return "lookup " + key();
    }

    private String arrayOp() {
        int p = rnd.nextInt(100);
        if (p < 45) {
            return "update " + key() + " " + value() + updateFlags();
        }
        if (p < 60) {
            return "lookup " + key();
        }
        if (p < 70) {
            return progLookup ? "prog_lookup " + key() : "lookup " + key();
        }
        if (p < 76) {
            return "delete " + key();
        }
        if (p < 80) {
            return "lookup_and_delete " + key();
        }
        return rnd.nextInt(5) == 0 ? "next_key" : "next_key " + key();
    }

    private String queueOp() {
        int p = rnd.nextInt(100);
        if (p < 45) {
            int f = rnd.nextInt(10);
            String flags = f < 5 ? "" : f < 8 ? " EXIST" : f < 9 ? " NOEXIST" : " " + BAD_FLAGS[rnd.nextInt(BAD_FLAGS.length)];
            return "push " + value() + flags;
        }
        if (p < 75) {
            return "pop";
        }
        if (p < 93) {
            return "peek";
        }
        return switch (rnd.nextInt(4)) {
            case 0 -> "lookup 0";
            case 1 -> "delete 0";
            case 2 -> "lookup_and_delete 0";
            default -> "next_key";
        };
    }

    private String updateFlags() {
        int f = rnd.nextInt(20);
        if (f < 7) {
            return "";
        }
        if (f < 10) {
            return " ANY";
        }
        if (f < 14) {
            return " NOEXIST";
        }
        if (f < 18) {
            return " EXIST";
        }
        return " " + BAD_FLAGS[rnd.nextInt(BAD_FLAGS.length)];
    }

    private String key() {
        if (rnd.nextInt(30) == 0) {
            return Long.toUnsignedString(bigKeys[rnd.nextInt(bigKeys.length)]);
        }
        return Long.toString(rnd.nextLong(universe));
    }

    private String value() {
        return rnd.nextInt(4) == 0 ? Long.toString(rnd.nextInt(1000)) : Long.toUnsignedString(rnd.nextLong());
    }
}
