package io.leakwatch.agent.report;

import io.leakwatch.bootstrap.HoldTimeRecorder;
import org.HdrHistogram.Histogram;

/**
 * The hold times of one (acquisition site, release place) pair, as an HdrHistogram: two significant digits (exact to
 * 255 ms, within 1% above), auto-resizing, so a pair whose resources are held a few milliseconds costs a few hundred
 * bytes.
 *
 * <p>Thread-safe: recording and reading serialize on this object. Recording is rare by design (only releases whose
 * acquisition stack was recorded, under the adaptive budget), so one lock per pair does not contend.
 */
public final class PlaceHoldTimes implements HoldTimeRecorder {
    /** Makes one per pair, for the registry (a class, not a lambda: made at every start of the agent). */
    public static final java.util.function.Supplier<HoldTimeRecorder> FACTORY =
        new java.util.function.Supplier<>() {
            @Override
            public HoldTimeRecorder get() {
                return new PlaceHoldTimes();
            }
        };

    private final Histogram histogram = new Histogram(2);

    @Override
    public synchronized void record(long millis) {
        histogram.recordValue(Math.max(0, millis));
    }

    @Override
    public synchronized long[] percentiles() {
        if (histogram.getTotalCount() == 0) {
            return new long[5];
        }
        return new long[] {histogram.getTotalCount(), histogram.getValueAtPercentile(50),
                           histogram.getValueAtPercentile(90), histogram.getValueAtPercentile(99),
                           histogram.getMaxValue()};
    }
}
