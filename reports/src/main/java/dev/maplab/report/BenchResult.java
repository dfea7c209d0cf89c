package dev.maplab.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * One benchmark result of a JMH JSON file ({@code out/bench/<structure>.json}): one benchmark method,
 * one mode, one thread count and one parameter set, of which {@code impl} names the implementation.
 *
 * @param structure the structure the file is named after
 * @param benchmark the fully qualified benchmark method ({@code dev.maplab.jmh.HashBench.lookup})
 * @param mode      JMH mode ({@code thrpt}, {@code avgt}, {@code sample}, {@code ss})
 * @param threads   JMH threads
 * @param impl      the {@code impl} parameter ({@code maplab}, {@code maplab-<variant>}, or an anchor); {@code ?} if absent
 * @param params    the other parameters, sorted by name
 * @param score     the primary metric's score
 * @param error     its error (half-width of the 99.9% interval); {@code NaN} when JMH had too few samples
 * @param unit      the primary metric's unit
 * @param allocPerOp {@code gc.alloc.rate.norm} in B/op when run with {@code -prof gc}; {@code NaN} otherwise
 * @param allocError its error
 * @param source    the file it came from, relative to {@code out}
 */
public record BenchResult(String structure, String benchmark, String mode, int threads, String impl,
                          Map<String, String> params, double score, double error, String unit,
                          double allocPerOp, double allocError, String source) {

    public BenchResult {
        params = java.util.Collections.unmodifiableMap(new TreeMap<>(params));
    }

    /** {@code Class.method} of {@link #benchmark}. */
    public String shortName() {
        String[] parts = benchmark.split("\\.");
        if (parts.length >= 2) {
            return parts[parts.length - 2] + "." + parts[parts.length - 1];
        }
        return benchmark;
    }

    /** True for {@code maplab} and {@code maplab-<variant>}. */
    public boolean isMaplab() {
        return isMaplab(impl);
    }

    public static boolean isMaplab(String impl) {
        return impl.equals("maplab") || impl.startsWith("maplab-");
    }

    /** The error relative to the score; {@code NaN} when unknown. */
    public double relativeError() {
        if (Double.isNaN(error) || score == 0) {
            return Double.NaN;
        }
        return Math.abs(error / score);
    }

    /** True when the error is known and larger than 10% of the score. */
    public boolean noisy() {
        double r = relativeError();
        return !Double.isNaN(r) && r > 0.10;
    }

    /** A parameter as a number, or {@code NaN} when absent or not numeric. */
    public double numericParam(String name) {
        String v = params.get(name);
        if (v == null) {
            return Double.NaN;
        }
        return parseNumber(v);
    }

    /** Parses {@code 1024}, {@code 0.5}, {@code 50%}, {@code 2^20}, {@code 1e6}, {@code 1_000}; {@code NaN} otherwise. */
    public static double parseNumber(String v) {
        String s = v.trim().replace("_", "");
        try {
            if (s.endsWith("%")) {
                return Double.parseDouble(s.substring(0, s.length() - 1)) / 100.0;
            }
            int caret = s.indexOf('^');
            if (caret > 0) {
                return Math.pow(Double.parseDouble(s.substring(0, caret)), Double.parseDouble(s.substring(caret + 1)));
            }
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
