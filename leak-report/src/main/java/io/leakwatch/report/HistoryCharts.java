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
    private static final int HEIGHT = 160;
    private static final int LEFT = 48;
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
        LineChart chart = new LineChart(sb, kind, values.size(), " data-trend=\"" + trend + "\"", caption, HEIGHT,
                                        LEFT, BOTTOM);
        double[] fractions = new double[values.size()];
        long[] v = new long[values.size()];
        for (int i = 0; i < v.length; i++) {
            fractions[i] = (double) (times.get(i) - t0) / span;
            v[i] = values.get(i);
        }
        chart.line(fractions, v, max, trend.equals("climbing") ? "#b00020" : "#2f6fb0", Long.toString(max));
        chart.label("x-start", chart.x(0), chart.bottom(6), "start", time(t0));
        chart.label("x-end", chart.x(1), chart.bottom(6), "end", time(times.get(times.size() - 1)));
        chart.close();
    }

    /** {@code HH:mm:ss} UTC: a chart's ends. */
    private static String time(long millis) {
        return Instant.ofEpochMilli(millis).toString().substring(11, 19) + " UTC";
    }
}
