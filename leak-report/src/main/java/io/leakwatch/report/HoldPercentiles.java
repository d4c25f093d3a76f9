package io.leakwatch.report;

/**
 * How long the resources released at one place were held, from acquisition to release, in milliseconds: the
 * percentiles of the hold times the agent recorded there.
 *
 * <p>A count of 0 means no hold time was recorded (see {@link #NONE}); the other values are then 0, whatever was
 * given, so that every "none" is equal to every other and a report reads back equal to the one written.
 *
 * <p>Immutable and thread-safe.
 *
 * @param count hold times recorded, 0 or more (fewer than the releases when some were not timed)
 * @param p50   the median hold time, ms
 * @param p90   the 90th percentile, ms
 * @param p99   the 99th percentile, ms
 * @param max   the longest hold time, ms
 */
public record HoldPercentiles(long count, long p50, long p90, long p99, long max) {

    /** No hold times recorded. */
    public static final HoldPercentiles NONE = new HoldPercentiles(0, 0, 0, 0, 0);

    /** The canonical constructor. */
    public HoldPercentiles {
        if (count == 0) {
            p50 = 0;
            p90 = 0;
            p99 = 0;
            max = 0;
        }
    }

    /** Whether no hold time was recorded. */
    public boolean isEmpty() {
        return count == 0;
    }

    /**
     * This and {@code other} together, approximately: percentiles cannot be merged without the samples, so the counts
     * are summed, the max is the larger max, and p50, p90 and p99 are those of the part with more samples (this one on
     * a tie). Exact when one part is empty.
     */
    HoldPercentiles plus(HoldPercentiles other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        HoldPercentiles larger = other.count > count ? other : this;
        return new HoldPercentiles(count + other.count, larger.p50, larger.p90, larger.p99, Math.max(max, other.max));
    }
}
