package io.leakwatch.jmx;

import javax.management.ConstructorParameters;

/**
 * One sample of a kind's {@code OpenHistory} attribute: when, and how many were open. The MXBean framework shows it as
 * {@code CompositeData} with the items {@code timeMillis} and {@code openCount}.
 *
 * <p>Immutable and thread-safe.
 */
public final class HistoryRow {
    private final long timeMillis;
    private final long openCount;

    @ConstructorParameters({"timeMillis", "openCount"})
    public HistoryRow(long timeMillis, long openCount) {
        this.timeMillis = timeMillis;
        this.openCount = openCount;
    }

    /** When the sample was taken, milliseconds since the epoch. */
    public long getTimeMillis() {
        return timeMillis;
    }

    /** Resources of the kind open then. */
    public long getOpenCount() {
        return openCount;
    }
}
