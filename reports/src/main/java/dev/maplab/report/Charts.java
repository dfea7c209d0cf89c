package dev.maplab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * Line charts as SVG files (JFreeChart drawn onto JFreeSVG's {@link SVGGraphics2D}), referenced from
 * both the HTML page and the Markdown summary.
 */
public final class Charts {
    /** The deciding chart of C1: elements visited by a successful lookup against max_entries. */
    public static final String CHAINS_VISITED_VS_SIZE = "charts/chains-visited-vs-size.svg";
    public static final String CHAINS_MEAN_VS_SIZE = "charts/chains-mean-vs-size.svg";
    public static final String CHAINS_MAX_VS_SIZE = "charts/chains-max-vs-size.svg";
    public static final String CHAINS_MEAN_VS_FILL = "charts/chains-mean-vs-fill.svg";
    public static final String CHAINS_MAX_VS_FILL = "charts/chains-max-vs-fill.svg";
    public static final String PUBLISHED_LOOKUP_VS_FILL = "charts/hash-lookup-vs-fill-published.svg";

    static final int WIDTH = 720;
    static final int HEIGHT = 400;

    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
        new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0x7f7f7f)
    };

    private Charts() {
    }

    /** How the x axis reads its values. */
    public enum XAxis {
        /** Values are sizes; plotted at log2 and labelled {@code 2^k}. */
        LOG2,
        /** Values are fractions; labelled as percentages. */
        PERCENT,
        /** Plain numbers. */
        LINEAR
    }

    /** One line of a chart; a dashed line is an expectation (Poisson, a published figure). */
    public record Series(String name, List<double[]> points, boolean dashed) {
        public Series {
            points = List.copyOf(points);
        }
    }

    /** A chart to draw. */
    public record Spec(String file, String title, String xLabel, String yLabel, XAxis xAxis, boolean yLog,
                       List<Series> series, String caption) {
        public Spec {
            series = List.copyOf(series);
        }

        /** True when there is something to draw. */
        public boolean drawable() {
            return series.stream().anyMatch(s -> !s.points().isEmpty());
        }
    }

    /** A chart as the templates see it. */
    public record ChartRef(String file, String title, String caption, String anchor) {
    }

    /** Whether a log y axis suits these values: all positive and spanning more than 50x. */
    public static boolean wantsLogY(List<Series> series) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (Series s : series) {
            for (double[] p : s.points()) {
                if (p[1] <= 0) {
                    return false;
                }
                min = Math.min(min, p[1]);
                max = Math.max(max, p[1]);
            }
        }
        return max > 0 && max / min > 50;
    }

    /** Draws {@code spec} and writes it under {@code out}; returns the reference for the templates. */
    public static ChartRef write(Spec spec, Path out) throws IOException {
        Path file = out.resolve(spec.file());
        Files.createDirectories(file.getParent());
        Files.writeString(file, svg(spec), StandardCharsets.UTF_8);
        String anchor = spec.file().replaceAll("^charts/", "chart-").replaceAll("\\.svg$", "");
        return new ChartRef(spec.file(), spec.title(), spec.caption(), anchor);
    }

    /** The SVG document of {@code spec}. */
    public static String svg(Spec spec) {
        XYSeriesCollection data = new XYSeriesCollection();
        List<Series> drawn = new ArrayList<>();
        for (Series s : spec.series()) {
            if (s.points().isEmpty()) {
                continue;
            }
            String key = s.name();
            while (data.indexOf(key) >= 0) {
                key = key + "'";
            }
            XYSeries xy = new XYSeries(key, true, true);
            for (double[] p : s.points()) {
                if (Double.isNaN(p[0]) || Double.isNaN(p[1]) || (spec.yLog() && p[1] <= 0)) {
                    continue;
                }
                double x = spec.xAxis() == XAxis.LOG2 ? Math.log(p[0]) / Math.log(2) : spec.xAxis() == XAxis.PERCENT ? p[0] * 100 : p[0];
                xy.add(x, p[1]);
            }
            data.addSeries(xy);
            drawn.add(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(null, spec.xLabel(), spec.yLabel(), data,
                PlotOrientation.VERTICAL, true, false, false);
        Font base = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        chart.setTitle(new TextTitle(spec.title(), base.deriveFont(Font.BOLD, 14f)));
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < drawn.size(); i++) {
            Color c = PALETTE[i % PALETTE.length];
            renderer.setSeriesPaint(i, c);
            if (drawn.get(i).dashed()) {
                renderer.setSeriesStroke(i, new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
                        new float[] {6f, 4f}, 0f));
                renderer.setSeriesShapesVisible(i, false);
            } else {
                renderer.setSeriesStroke(i, new BasicStroke(2f));
            }
        }
        plot.setRenderer(renderer);
        NumberAxis x = new NumberAxis(spec.xLabel());
        x.setAutoRangeIncludesZero(false);
        if (spec.xAxis() == XAxis.LOG2) {
            TickUnits units = new TickUnits();
            for (int step : new int[] {1, 2, 4, 8}) {
                units.add(new NumberTickUnit(step, new Pow2Format()));
            }
            x.setStandardTickUnits(units);
        } else if (spec.xAxis() == XAxis.PERCENT) {
            x.setNumberFormatOverride(new PercentFormat());
        }
        x.setLabelFont(base);
        plot.setDomainAxis(x);
        if (spec.yLog()) {
            LogAxis y = new LogAxis(spec.yLabel());
            y.setBase(10);
            y.setSmallestValue(1e-3);
            y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            y.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.###", java.text.DecimalFormatSymbols.getInstance(Locale.ROOT)));
            y.setLabelFont(base);
            plot.setRangeAxis(y);
        } else {
            NumberAxis y = (NumberAxis) plot.getRangeAxis();
            y.setAutoRangeIncludesZero(true);
            y.setLabelFont(base);
        }
        SVGGraphics2D g2 = new SVGGraphics2D(WIDTH, HEIGHT);
        // Ids from the file name (not the clock) and two decimals: the same results give the same bytes.
        g2.setDefsKeyPrefix(spec.file().replaceAll("[^A-Za-z0-9]", "_") + "_");
        g2.setGeomDoubleConverter(Charts::twoDecimals);
        g2.setTransformDoubleConverter(Charts::twoDecimals);
        chart.draw(g2, new Rectangle(0, 0, WIDTH, HEIGHT));
        return g2.getSVGDocument();
    }

    private static String twoDecimals(double d) {
        String t = String.format(Locale.ROOT, "%.2f", d);
        if (t.indexOf('.') >= 0) {
            t = t.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return t.equals("-0") ? "0" : t;
    }

    /** Labels a log2 value {@code k} as {@code 2^k}. */
    static final class Pow2Format extends NumberFormat {
        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
            long k = Math.round(number);
            return toAppendTo.append(Math.abs(number - k) < 1e-9 ? "2^" + k : String.format(Locale.ROOT, "%.1f", number));
        }

        @Override
        public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append("2^").append(number);
        }

        @Override
        public Number parse(String source, ParsePosition parsePosition) {
            return null;
        }
    }

    /** Labels a percentage value. */
    static final class PercentFormat extends NumberFormat {
        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(String.format(Locale.ROOT, "%.0f%%", number));
        }

        @Override
        public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(number).append('%');
        }

        @Override
        public Number parse(String source, ParsePosition parsePosition) {
            return null;
        }
    }
}
