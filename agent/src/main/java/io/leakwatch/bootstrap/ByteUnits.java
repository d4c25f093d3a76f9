package io.leakwatch.bootstrap;

/**
 * Sizes in binary units as descriptions show them ({@code 64 MiB}, {@code 2000 B}): the largest unit that divides the
 * size exactly, as the report module formats them (code in the boot loader cannot use it).
 *
 * <p>Thread-safe: stateless.
 */
public final class ByteUnits {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private ByteUnits() {
    }

    /** {@code bytes} in the largest binary unit that divides it exactly. */
    public static String format(long bytes) {
        long v = bytes;
        int unit = 0;
        while (v >= 1024 && v % 1024 == 0 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return v + " " + UNITS[unit];
    }
}
