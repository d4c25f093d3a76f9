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
    private static final int WIDTH = 640;
    private static final int HEIGHT = 170;
    private static final int LEFT = 56;
    private static final int RIGHT = 16;
    private static final int TOP = 12;
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
        String kind = HtmlReportFormat.escape(h.kind());
        sb.append("<figure class=\"chart\" data-kind=\"").append(kind).append("\" data-points=\"")
          .append(millis.size()).append("\">").append('\n')
          .append("<figcaption>").append(HtmlReportFormat.escape(caption)).append("</figcaption>").append('\n')
          .append("<svg class=\"history\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH)
          .append(' ').append(HEIGHT).append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
          .append("\" role=\"img\" aria-label=\"").append(HtmlReportFormat.escape(caption)).append("\">").append('\n');
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        sb.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP + plotH).append("\" x2=\"")
          .append(LEFT + plotW).append("\" y2=\"").append(TOP + plotH).append("\" stroke=\"#999\"/>")
          .append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"").append(LEFT)
          .append("\" y2=\"").append(TOP + plotH).append("\" stroke=\"#999\"/>").append('\n');
        StringBuilder points = new StringBuilder();
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < millis.size(); i++) {
            double x = LEFT + plotW * (double) i / (millis.size() - 1);
            double y = TOP + plotH - (max == 0 ? 0 : plotH * (double) millis.get(i) / max);
            if (i > 0) {
                points.append(' ');
            }
            points.append(String.format(java.util.Locale.ROOT, "%.1f,%.1f", x, y));
            labels.append("<text class=\"percentile\" x=\"").append(String.format(java.util.Locale.ROOT, "%.1f", x))
                  .append("\" y=\"").append(HEIGHT - 18).append("\" text-anchor=\"middle\">")
                  .append(label(percentiles.get(i))).append("</text>");
        }
        sb.append("<polyline class=\"line\" fill=\"none\" stroke-width=\"2\" stroke=\"#2f6fb0\" points=\"")
          .append(points).append("\"/>").append('\n')
          .append(labels).append('\n')
          .append("<text class=\"y-max\" x=\"").append(LEFT - 6).append("\" y=\"").append(TOP + 8)
          .append("\" text-anchor=\"end\">").append(max).append(" ms</text>")
          .append("<text class=\"y-min\" x=\"").append(LEFT - 6).append("\" y=\"").append(TOP + plotH)
          .append("\" text-anchor=\"end\">0</text>")
          .append("<text x=\"").append(LEFT + plotW / 2).append("\" y=\"").append(HEIGHT - 4)
          .append("\" text-anchor=\"middle\">percentile of releases</text>").append('\n')
          .append("</svg>").append('\n')
          .append("</figure>").append('\n');
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
