package io.leakwatch.jmx;

/**
 * Percentiles of how long released resources of one kind were held, in milliseconds (HdrHistogram, two significant
 * digits: exact below 256 ms, within 1% above). All 0 when nothing was released yet.
 *
 * <p>Immutable and thread-safe.
 *
 * @param count releases recorded
 */
public record HoldTimes(long count, long p50, long p90, long p99, long max) {
    /** Nothing released yet. */
    public static final HoldTimes NONE = new HoldTimes(0, 0, 0, 0, 0);
}
