package io.leakwatch.report.cli;

import io.leakwatch.report.trace.SiteHistory;

import java.io.PrintStream;
import java.util.List;

/**
 * The table of a site's acquisitions that {@code trace --site} prints, columns aligned to their widest cell:
 * <pre>
 *      id  acquired                  thread  ended     held
 *      17  2026-12-05T12:00:00.125Z  main    released  15 ms
 * </pre>
 *
 * <p>Thread-safe: stateless.
 */
final class SiteTable {
    private static final String[] HEADER = {"id", "acquired", "thread", "ended", "held"};
    private static final String GAP = "  ";
    /** The id column's least width: wider than its header, so that small ids sit right of the stack printed above. */
    private static final int ID_WIDTH = 3;

    private SiteTable() {
    }

    /** Prints the header and one row per acquisition, each line starting with {@code indent}. */
    static void print(PrintStream out, String indent, List<SiteHistory.Acquisition> rows) {
        String[][] cells = new String[rows.size()][];
        int[] width = new int[HEADER.length];
        for (int c = 0; c < HEADER.length; c++) {
            width[c] = HEADER[c].length();
        }
        width[0] = ID_WIDTH;
        for (int r = 0; r < cells.length; r++) {
            cells[r] = cells(rows.get(r));
            for (int c = 0; c < HEADER.length; c++) {
                width[c] = Math.max(width[c], cells[r][c].length());
            }
        }
        out.println(line(indent, HEADER, width));
        for (String[] row : cells) {
            out.println(line(indent, row, width));
        }
    }

    private static String[] cells(SiteHistory.Acquisition a) {
        return new String[] {
            Long.toString(a.id()),
            a.acquiredAt().map(Inputs::safe).orElse("before the oldest file"),
            a.thread().map(Inputs::safe).orElse("-"),
            a.ending().label(),
            a.heldMillis() < 0 ? "-" : a.heldMillis() + " ms"};
    }

    /** The id right-aligned (numbers), the rest left-aligned; no padding after the last column. */
    private static String line(String indent, String[] row, int[] width) {
        StringBuilder b = new StringBuilder(indent);
        b.append(" ".repeat(width[0] - row[0].length())).append(row[0]);
        for (int c = 1; c < row.length; c++) {
            b.append(GAP).append(row[c]);
            if (c < row.length - 1) {
                b.append(" ".repeat(width[c] - row[c].length()));
            }
        }
        return b.toString();
    }
}
