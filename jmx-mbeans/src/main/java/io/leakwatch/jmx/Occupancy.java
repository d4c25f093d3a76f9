package io.leakwatch.jmx;

/**
 * How full a kind is against its limit. Immutable; thread-safe.
 */
public enum Occupancy {
    /** No limit, or below the warning share. */
    NORMAL,
    /** At or above {@code occupancy.warning} percent of the limit. */
    WARNING,
    /** At or above {@code occupancy.critical} percent of the limit. */
    CRITICAL;

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
