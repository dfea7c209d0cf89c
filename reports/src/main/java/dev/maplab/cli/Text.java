package dev.maplab.cli;

import java.io.PrintWriter;
import java.util.List;

/** Terminal text: aligned tables, durations, shortened strings. */
final class Text {
    private Text() {
    }

    /** Prints {@code rows} (the first is the header) as left-aligned columns with a rule under the header. */
    static void table(PrintWriter out, List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) {
                w[c] = Math.max(w[c], r[c].length());
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                String cell = rows.get(i)[c];
                sb.append(cell);
                if (c < cols - 1) {
                    sb.append(" ".repeat(w[c] - cell.length() + 2));
                }
            }
            out.println(sb.toString().stripTrailing());
            if (i == 0) {
                StringBuilder rule = new StringBuilder();
                for (int c = 0; c < cols; c++) {
                    rule.append("-".repeat(w[c])).append(c < cols - 1 ? "  " : "");
                }
                out.println(rule);
            }
        }
        out.flush();
    }

    static String ellipsis(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /** {@code 75} -> {@code 1m15s}; {@code 9} -> {@code 9s}. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format("%02d", s % 60) + "s";
        }
        return (s / 3600) + "h" + String.format("%02d", (s % 3600) / 60) + "m";
    }
}
