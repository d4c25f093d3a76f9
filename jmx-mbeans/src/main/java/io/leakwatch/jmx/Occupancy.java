package io.leakwatch.jmx;

/**
 * How full something is against its limit: a kind of resource against {@code limit.<kind>}, or one of the process's
 * resources against the operating system's limit (see {@code process.Thresholds}). Immutable; thread-safe.
 */
public enum Occupancy {
    /** No limit (or an unknown one), or below the warning share. */
    NORMAL,
    /** At or above the warning share of the limit ({@code occupancy.warning}, {@code process.warning}). */
    WARNING,
    /** At or above the critical share ({@code occupancy.critical}, {@code process.critical}). */
    CRITICAL;

    /** 0, 1 or 2: the state as a number, for tools that only plot numbers (the Prometheus exporter). */
    public int level() {
        return ordinal();
    }

    /** {@code open} against {@code limit} ({@link Long#MAX_VALUE}: none) in percent, or -1 without a limit. */
    static double percent(long open, long limit) {
        if (limit == Long.MAX_VALUE) {
            return -1;
        }
        if (limit == 0) {
            // the kind is forbidden: anything open is over the limit
            return open > 0 ? 100 : 0;
        }
        return open * 100.0 / limit;
    }

    /** The state at {@code percent} (-1: no limit). */
    static Occupancy of(double percent, int warningPercent, int criticalPercent) {
        if (percent >= criticalPercent) {
            return CRITICAL;
        }
        return percent >= warningPercent ? WARNING : NORMAL;
    }
}
