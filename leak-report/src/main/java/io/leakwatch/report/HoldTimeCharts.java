package io.leakwatch.report;

import java.util.List;

/**
 * The HTML report's hold-time distributions: one inline SVG a kind with releases, the hold time (milliseconds,
 * upwards) at each percentile of {@link HoldTimeDistribution#PERCENTILES} (left to right), so the median and the tail
 * read at a glance.
 *
 * <p>Tools can rely on {@code #hold-times figure.chart[data-kind][data-points]}, each with one
 * {@code polyline.line} of {@code data-points} points, a {@code text.percentile} under each and the labels
 * {@code text.y-max} and {@code text.y-min}.
 *
 * <p>Thread-safe: stateless.
 */
final class HoldTimeCharts {
    private static final int HEIGHT = 170;
    private static final int LEFT = 56;
    private static final int BOTTOM = 34;

    private HoldTimeCharts() {
    }

    /** Appends the section; nothing for a report without hold times. */
    static void append(StringBuilder sb, List<HoldTimeDistribution> holdTimes) {
        if (holdTimes.isEmpty()) {
            return;
        }
        sb.append("<section id=\"hold-times\">").append('\n')
          .append("<h2>How long released resources were held</h2>").append('\n');
        for (HoldTimeDistribution h : holdTimes) {
            chart(sb, h);
        }
        sb.append("</section>").append('\n');
    }

    private static void chart(StringBuilder sb, HoldTimeDistribution h) {
        List<Double> percentiles = HoldTimeDistribution.PERCENTILES;
        List<Long> millis = h.millis();
        long max = millis.get(millis.size() - 1);
        String caption = h.kind() + ": " + h.count() + " released, held p50 " + at(h, 50.0) + " ms, p99 "
                         + at(h, 99.0) + " ms, max " + max + " ms";
        LineChart chart = new LineChart(sb, h.kind(), millis.size(), "", caption, HEIGHT, LEFT, BOTTOM);
        double[] fractions = new double[millis.size()];
        long[] v = new long[millis.size()];
        for (int i = 0; i < v.length; i++) {
            fractions[i] = (double) i / (v.length - 1);
            v[i] = millis.get(i);
        }
        chart.line(fractions, v, max, "#2f6fb0", max + " ms");
        for (int i = 0; i < v.length; i++) {
            chart.label("percentile", chart.x(fractions[i]), chart.bottom(18), "middle", label(percentiles.get(i)));
        }
        chart.label(null, chart.x(0.5), chart.bottom(4), "middle", "percentile of releases");
        chart.close();
    }

    private static long at(HoldTimeDistribution h, double percentile) {
        return h.millis().get(HoldTimeDistribution.PERCENTILES.indexOf(percentile));
    }

    /** {@code p50}, {@code p99.9}, {@code max}. */
    private static String label(double percentile) {
        if (percentile == 100.0) {
            return "max";
        }
        if (percentile == 0.0) {
            return "min";
        }
        return percentile == Math.rint(percentile) ? "p" + (long) percentile : "p" + percentile;
    }
}
