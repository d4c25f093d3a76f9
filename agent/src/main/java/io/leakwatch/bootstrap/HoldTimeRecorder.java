package io.leakwatch.bootstrap;

/**
 * Records how long the resources of one (acquisition site, release place) pair were held, for the reports' hold-time
 * percentiles per pair. The registry makes one per pair, through the factory the agent installs
 * ({@link LeakWatchControl#installReleaseHoldTimes}); the agent's implementation is an HdrHistogram, which this package
 * cannot name (it lives in the agent's own class loader).
 *
 * <p>Called on the releasing thread, only for releases whose stack is recorded (the same adaptive budget as the
 * acquisitions'): never on every close. Implementations are thread-safe, return quickly and never throw (a failure is
 * suppressed by the caller and counted as an agent failure).
 */
public interface HoldTimeRecorder {
    /** One resource was held {@code millis} (0 or more) milliseconds. */
    void record(long millis);

    /**
     * What was recorded so far: {@code {count, p50, p90, p99, max}}, in milliseconds; {@code count} 0 when nothing
     * was.
     */
    long[] percentiles();
}
