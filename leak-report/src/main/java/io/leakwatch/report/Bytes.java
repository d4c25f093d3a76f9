package io.leakwatch.report;

import java.util.Locale;

/**
 * Formats byte counts for people: {@code 512 MiB}, {@code 1.5 GiB}, {@code 300 B}.
 *
 * <p>Stateless and thread-safe.
 */
public final class Bytes {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Bytes() {
    }

    /** {@code bytes} in the largest binary unit it reaches, with at most one decimal, e.g. {@code 64 MiB}. */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        int unit = 0;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        String n = v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
        return n + " " + UNITS[unit];
    }
}
