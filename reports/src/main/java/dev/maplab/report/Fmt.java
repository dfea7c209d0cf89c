package dev.maplab.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Number formatting shared by the HTML page, the Markdown summary and the verdicts. */
public final class Fmt {
    private Fmt() {
    }

    /** Three significant digits, plain notation ({@code 12300}, {@code 1.25}, {@code 0.0123}); {@code n/a} for NaN. */
    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(3));
        return d.stripTrailingZeros().toPlainString();
    }

    /** {@code 2^k} for powers of two from 64 up, the plain integer otherwise. */
    public static String size(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        long l = (long) v;
        if (l == v && l >= 64 && Long.bitCount(l) == 1) {
            return "2^" + Long.numberOfTrailingZeros(l);
        }
        return l == v ? Long.toString(l) : num(v);
    }

    /** A count: the integer when integral, three significant digits otherwise. */
    public static String count(double v) {
        if (!Double.isNaN(v) && v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return num(v);
    }

    /** A fraction as a whole percentage ({@code 0.5} is {@code 50%}). */
    public static String pct(double fraction) {
        if (Double.isNaN(fraction)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }

    /** A ratio as {@code 0.83×}. */
    public static String ratio(double r) {
        return Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%.2f×", r);
    }
}
