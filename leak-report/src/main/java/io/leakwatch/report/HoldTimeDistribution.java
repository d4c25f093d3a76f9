package io.leakwatch.report;

import java.util.List;
import java.util.Objects;

/**
 * How long the released resources of one kind were held, over the whole run: the hold time at each of
 * {@link #PERCENTILES}, from the agent's HdrHistogram of every release (two significant digits).
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind   the lower-case kind
 * @param count  releases counted
 * @param millis the hold time at each of {@link #PERCENTILES}, in milliseconds, as many as there are percentiles
 */
public record HoldTimeDistribution(String kind, long count, List<Long> millis) {
    /** The percentiles a distribution is given at: the median and the tail, then the longest. */
    public static final List<Double> PERCENTILES = List.of(0.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0, 99.9, 100.0);

    public HoldTimeDistribution {
        Objects.requireNonNull(kind, "kind");
        millis = List.copyOf(millis);
        if (millis.size() != PERCENTILES.size()) {
            throw new IllegalArgumentException(kind + ": " + millis.size() + " values for " + PERCENTILES.size()
                                               + " percentiles");
        }
    }
}
