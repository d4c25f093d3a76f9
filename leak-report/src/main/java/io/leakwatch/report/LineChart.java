package io.leakwatch.report;

/**
 * One line chart of the HTML report, as inline SVG (no script, nothing fetched): a {@code figure.chart} with its
 * caption, the axes, one {@code polyline.line} scaled from 0 to the highest value, the {@code text.y-max} and
 * {@code text.y-min} labels, and whatever labels the chart adds under its x axis ({@link #x}, {@link #bottom}).
 * Shared by {@link HistoryCharts} and {@link HoldTimeCharts}.
 *
 * <p>Not thread-safe: one per chart being written.
 */
final class LineChart {
    private static final int WIDTH = 640;
    private static final int TOP = 12;
    private static final int RIGHT = 16;

    private final StringBuilder sb;
    private final int height;
    private final int left;
    private final int plotW;
    private final int plotH;

    /**
     * Opens the chart of {@code kind} with {@code points} points in {@code sb}; {@code data} adds attributes to the
     * figure ({@code data-trend="climbing"}, already escaped), {@code left} and {@code bottom} are the room for the
     * labels.
     */
    LineChart(StringBuilder sb, String kind, int points, String data, String caption, int height, int left,
              int bottom) {
        this.sb = sb;
        this.height = height;
        this.left = left;
        this.plotW = WIDTH - left - RIGHT;
        this.plotH = height - TOP - bottom;
        sb.append("<figure class=\"chart\" data-kind=\"").append(HtmlReportFormat.escape(kind))
          .append("\" data-points=\"").append(points).append('"').append(data).append(">").append('\n')
          .append("<figcaption>").append(HtmlReportFormat.escape(caption)).append("</figcaption>").append('\n')
          .append("<svg class=\"history\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH)
          .append(' ').append(height).append("\" width=\"").append(WIDTH).append("\" height=\"").append(height)
          .append("\" role=\"img\" aria-label=\"").append(HtmlReportFormat.escape(caption)).append("\">").append('\n')
          // axes: the baseline at 0 and the left edge
          .append("<line x1=\"").append(left).append("\" y1=\"").append(TOP + plotH).append("\" x2=\"")
          .append(left + plotW).append("\" y2=\"").append(TOP + plotH).append("\" stroke=\"#999\"/>")
          .append("<line x1=\"").append(left).append("\" y1=\"").append(TOP).append("\" x2=\"").append(left)
          .append("\" y2=\"").append(TOP + plotH).append("\" stroke=\"#999\"/>").append('\n');
    }

    /** The x of {@code fraction} (0 to 1) of the x axis. */
    double x(double fraction) {
        return left + plotW * fraction;
    }

    /** The y of a label {@code above} pixels over the chart's bottom edge. */
    int bottom(int above) {
        return height - above;
    }

    /**
     * The line through {@code values} at {@code fractions} of the x axis, scaled to {@code max}, in {@code stroke},
     * and the y axis's labels: {@code maxText} at the top, 0 at the bottom.
     */
    void line(double[] fractions, long[] values, long max, String stroke, String maxText) {
        sb.append("<polyline class=\"line\" fill=\"none\" stroke-width=\"2\" stroke=\"").append(stroke)
          .append("\" points=\"");
        for (int i = 0; i < values.length; i++) {
            double y = TOP + plotH - (max == 0 ? 0 : plotH * (double) values[i] / max);
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(String.format(java.util.Locale.ROOT, "%.1f,%.1f", x(fractions[i]), y));
        }
        sb.append("\"/>").append('\n')
          .append("<text class=\"y-max\" x=\"").append(left - 6).append("\" y=\"").append(TOP + 8)
          .append("\" text-anchor=\"end\">").append(HtmlReportFormat.escape(maxText)).append("</text>")
          .append("<text class=\"y-min\" x=\"").append(left - 6).append("\" y=\"").append(TOP + plotH)
          .append("\" text-anchor=\"end\">0</text>").append('\n');
    }

    /** A label {@code text} of class {@code cssClass} ({@code null}: none) at {@code x}, {@code y}, anchored so. */
    void label(String cssClass, double x, int y, String anchor, String text) {
        sb.append("<text");
        if (cssClass != null) {
            sb.append(" class=\"").append(cssClass).append('"');
        }
        sb.append(" x=\"").append(String.format(java.util.Locale.ROOT, "%.1f", x)).append("\" y=\"").append(y)
          .append("\" text-anchor=\"").append(anchor).append("\">").append(HtmlReportFormat.escape(text))
          .append("</text>");
    }

    /** Closes the chart. */
    void close() {
        sb.append('\n').append("</svg>").append('\n').append("</figure>").append('\n');
    }
}
