package dev.maplab.report;

import java.util.Locale;

/**
 * Which way is better for a JMH unit: throughput-like units ({@code ops/s}, {@code ops/us},
 * {@code MB/sec}: something per unit of time) are higher-is-better; time and size per operation
 * ({@code ns/op}, {@code us/op}, {@code B/op}) are lower-is-better.
 */
public final class Units {
    /** The direction of a unit. */
    public enum Direction {
        HIGHER_IS_BETTER("higher is better", "↑"),
        LOWER_IS_BETTER("lower is better", "↓"),
        UNKNOWN("direction unknown", "?");

        private final String words;
        private final String arrow;

        Direction(String words, String arrow) {
            this.words = words;
            this.arrow = arrow;
        }

        public String words() {
            return words;
        }

        public String arrow() {
            return arrow;
        }
    }

    private Units() {
    }

    /** The direction of {@code unit}, from its denominator: a time is higher-is-better, {@code op} lower-is-better. */
    public static Direction direction(String unit) {
        if (unit == null) {
            return Direction.UNKNOWN;
        }
        String u = unit.trim().toLowerCase(Locale.ROOT);
        int slash = u.lastIndexOf('/');
        if (slash < 0) {
            return Direction.UNKNOWN;
        }
        String denominator = u.substring(slash + 1).trim();
        switch (denominator) {
            case "op":
            case "ops":
            case "call":
            case "record":
            case "event":
                return Direction.LOWER_IS_BETTER;
            case "s":
            case "sec":
            case "second":
            case "ms":
            case "us":
            case "µs":
            case "ns":
            case "min":
            case "h":
                return Direction.HIGHER_IS_BETTER;
            default:
                return Direction.UNKNOWN;
        }
    }

    /**
     * How many times faster (better) {@code a} is than {@code b} in the unit's direction: {@code a/b} for
     * higher-is-better units, {@code b/a} for lower-is-better ones; {@code NaN} when unknown.
     */
    public static double advantage(double a, double b, String unit) {
        switch (direction(unit)) {
            case HIGHER_IS_BETTER:
                return b == 0 ? Double.NaN : a / b;
            case LOWER_IS_BETTER:
                return a == 0 ? Double.NaN : b / a;
            default:
                return Double.NaN;
        }
    }
}
