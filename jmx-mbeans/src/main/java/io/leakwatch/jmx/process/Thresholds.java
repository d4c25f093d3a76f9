package io.leakwatch.jmx.process;

import io.leakwatch.jmx.Occupancy;

/**
 * The shares of a limit at which a resource's state becomes {@link Occupancy#WARNING} and
 * {@link Occupancy#CRITICAL}; the same pair applies to descriptors (open of the soft limit), resident memory (of
 * the machine's memory), system memory (used of total) and disk (used of the file store's size).
 *
 * <p>Immutable and thread-safe.
 *
 * @param warningPercent  1 to 99, below {@code criticalPercent}
 * @param criticalPercent 2 to 100
 */
public record Thresholds(int warningPercent, int criticalPercent) {
    /** 80% and 95%, the defaults of {@code process.warning=} and {@code process.critical=}. */
    public static final Thresholds DEFAULTS = new Thresholds(80, 95);

    /** @throws IllegalArgumentException when a percentage is outside 1 to 100 or warning is not below critical */
    public Thresholds {
        if (warningPercent < 1 || criticalPercent > 100 || warningPercent >= criticalPercent) {
            throw new IllegalArgumentException("thresholds must satisfy 1 <= warning < critical <= 100, got warning "
                                               + warningPercent + "%, critical " + criticalPercent + "%");
        }
    }

    /**
     * The state of a resource that uses {@code used} of {@code limit}. An unknown value (negative) or an unknown or
     * unlimited limit (0 or less) is {@link Occupancy#NORMAL}: there is nothing to be close to.
     */
    public Occupancy stateOf(long used, long limit) {
        if (used < 0 || limit <= 0) {
            return Occupancy.NORMAL;
        }
        // compared in integers, so that exactly 80 of 100 is WARNING whatever floating point would round it to;
        // used * 100 cannot overflow for any real count or byte size (up to 92 PB)
        if (used * 100 >= (long) criticalPercent * limit) {
            return Occupancy.CRITICAL;
        }
        if (used * 100 >= (long) warningPercent * limit) {
            return Occupancy.WARNING;
        }
        return Occupancy.NORMAL;
    }

    /** {@code used} as a percentage of {@code limit}, or -1 when either is unknown (or the limit is unlimited). */
    public static double percent(long used, long limit) {
        if (used < 0 || limit <= 0) {
            return -1;
        }
        return used * 100.0 / limit;
    }
}
