package io.leakwatch.bootstrap;

/**
 * The open count of every kind over the whole run, for the reports' charts: sampled every second on the registry's
 * clock thread, at most {@value #CAPACITY} samples; when full, every other sample goes and the interval doubles, so
 * the whole run stays covered in bounded memory (about 30 KB) however long it runs.
 *
 * <p>Thread-safe: sampling and reading serialize on this object (once a second, and once per report).
 */
final class CountHistory {
    static final int CAPACITY = 240;

    private final long[] times = new long[CAPACITY];
    /** By kind ordinal, then sample. */
    private final long[][] open = new long[ResourceKind.values().length][CAPACITY];
    private int size;
    /** Seconds between kept samples: doubles at each compaction. */
    private int stride = 1;
    private int sinceKept;

    /** A sample at {@code timeMillis}: {@code openByKind} by kind ordinal. Kept when due by the current interval. */
    synchronized void sample(long timeMillis, long[] openByKind) {
        if (size > 0 && ++sinceKept < stride) {
            return;
        }
        sinceKept = 0;
        if (size == CAPACITY) {
            // every other sample goes: the first stays, so the chart still starts where the run did
            int kept = 0;
            for (int i = 0; i < size; i += 2) {
                times[kept] = times[i];
                for (long[] k : open) {
                    k[kept] = k[i];
                }
                kept++;
            }
            size = kept;
            stride *= 2;
        }
        times[size] = timeMillis;
        for (int k = 0; k < open.length; k++) {
            open[k][size] = openByKind[k];
        }
        size++;
    }

    /** The samples so far, of the kinds in {@code kinds} (enabled ones), as a view. */
    synchronized HistoryView view(boolean[] enabled) {
        java.util.List<String> labels = new java.util.ArrayList<>();
        java.util.List<long[]> values = new java.util.ArrayList<>();
        for (ResourceKind k : ResourceKind.values()) {
            if (enabled[k.ordinal()]) {
                labels.add(k.label());
                values.add(java.util.Arrays.copyOf(open[k.ordinal()], size));
            }
        }
        return new HistoryView(java.util.Arrays.copyOf(times, size), labels, values);
    }
}
