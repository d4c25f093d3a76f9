package io.leakwatch.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The HTML report's charts of each kind's open count over the run: one inline SVG line a kind (no script, no file
 * from anywhere else, readable printed). A leak is a line that climbs: a kind that ends higher than it started, at
 * its highest, is drawn red and captioned "climbing".
 *
 * <p>Tools can rely on {@code #history figure.chart[data-kind][data-points][data-trend]}, each with one
 * {@code polyline.line} of {@code data-points} points and the labels {@code text.y-max}, {@code text.y-min},
 * {@code text.x-start}, {@code text.x-end}.
 *
 * <p>Thread-safe: stateless.
 */
final class HistoryCharts {
    static final int WIDTH = 640;
    static final int HEIGHT = 160;
    private static final int LEFT = 48;
    private static final int RIGHT = 12;
    private static final int TOP = 12;
    private static final int BOTTOM = 24;

    private HistoryCharts() {
    }

    /**
     * Appends the section of {@code report}'s history; nothing for a report without samples, and no chart for a kind
     * the application never acquired (a clean run's kinds are charted: their line stays low).
     */
    static void append(StringBuilder sb, LeakReport report) {
        OpenHistory history = report.history();
        if (history.isEmpty()) {
            return;
        }
        StringBuilder charts = new StringBuilder();
        for (Map.Entry<String, List<Long>> e : history.open().entrySet()) {
            KindCounts counts = report.counts().get(e.getKey());
            if (counts != null && counts.acquired() > 0 || e.getValue().stream().anyMatch(v -> v > 0)) {
                chart(charts, e.getKey(), history.timesMillis(), e.getValue());
            }
        }
        if (charts.length() == 0) {
            return;
        }
        sb.append("<section id=\"history\">").append('\n')
          .append("<h2>Open resources over the run</h2>").append('\n')
          .append(charts)
          .append("</section>").append('\n');
    }

    /** Whether {@code values} climb: end above the start, at the highest. */
    static String trend(List<Long> values) {
        long first = values.get(0);
        long last = values.get(values.size() - 1);
        long max = 0;
        for (long v : values) {
            max = Math.max(max, v);
        }
        if (last > first && last == max) {
            return "climbing";
        }
        return last < first ? "falling" : "level";
    }

    private static void chart(StringBuilder sb, String kind, List<Long> times, List<Long> values) {
        long max = 0;
        for (long v : values) {
            max = Math.max(max, v);
        }
        long t0 = times.get(0);
        long span = Math.max(1, times.get(times.size() - 1) - t0);
        String trend = trend(values);
        long first = values.get(0);
        long last = values.get(values.size() - 1);
        String caption = kind + ": " + first + " open at the start, " + last + " at the end, at most " + max
                         + (trend.equals("climbing") ? " (climbing: " + (last - first) + " more at the end)" : "");
        sb.append("<figure class=\"chart\" data-kind=\"").append(HtmlReportFormat.escape(kind))
          .append("\" data-points=\"").append(values.size()).append("\" data-trend=\"").append(trend).append("\">")
          .append('\n')
          .append("<figcaption>").append(HtmlReportFormat.escape(caption)).append("</figcaption>").append('\n')
          .append("<svg class=\"history\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH)
          .append(' ').append(HEIGHT).append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
          .append("\" role=\"img\" aria-label=\"").append(HtmlReportFormat.escape(caption)).append("\">").append('\n');
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        // axes: the baseline at 0 and the left edge
        sb.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP + plotH).append("\" x2=\"")
          .append(LEFT + plotW).append("\" y2=\"").append(TOP + plotH).append("\" stroke=\"#999\"/>")
          .append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"").append(LEFT)
          .append("\" y2=\"").append(TOP + plotH).append("\" stroke=\"#999\"/>").append('\n');
        sb.append("<polyline class=\"line\" fill=\"none\" stroke-width=\"2\" stroke=\"")
          .append(trend.equals("climbing") ? "#b00020" : "#2f6fb0").append("\" points=\"");
        for (int i = 0; i < values.size(); i++) {
            double x = LEFT + plotW * (double) (times.get(i) - t0) / span;
            double y = TOP + plotH - (max == 0 ? 0 : plotH * (double) values.get(i) / max);
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(String.format(java.util.Locale.ROOT, "%.1f,%.1f", x, y));
        }
        sb.append("\"/>").append('\n');
        sb.append("<text class=\"y-max\" x=\"").append(LEFT - 6).append("\" y=\"").append(TOP + 8)
          .append("\" text-anchor=\"end\">").append(max).append("</text>")
          .append("<text class=\"y-min\" x=\"").append(LEFT - 6).append("\" y=\"").append(TOP + plotH)
          .append("\" text-anchor=\"end\">0</text>")
          .append("<text class=\"x-start\" x=\"").append(LEFT).append("\" y=\"").append(HEIGHT - 6).append("\">")
          .append(time(t0)).append("</text>")
          .append("<text class=\"x-end\" x=\"").append(LEFT + plotW).append("\" y=\"").append(HEIGHT - 6)
          .append("\" text-anchor=\"end\">").append(time(times.get(times.size() - 1))).append("</text>").append('\n')
          .append("</svg>").append('\n')
          .append("</figure>").append('\n');
    }

    /** {@code HH:mm:ss} UTC: a chart's ends. */
    private static String time(long millis) {
        return Instant.ofEpochMilli(millis).toString().substring(11, 19) + " UTC";
    }
}
