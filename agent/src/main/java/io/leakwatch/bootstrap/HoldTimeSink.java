package io.leakwatch.bootstrap;

/**
 * Told how long each released resource was held, for the live view's hold-time percentiles. Installed through
 * {@link LeakWatchControl#installHoldTimes}; called on the releasing thread inside every instrumented {@code close},
 * so an implementation does constant, thread-local work (no shared atomic, no lock, no allocation after a thread's
 * first release) and never throws.
 *
 * <p>Implementations are thread-safe.
 */
public interface HoldTimeSink {
    /**
     * A resource of the kind with ordinal {@code kind} ({@link ResourceKind#ordinal()}) was released after
     * {@code heldMillis} milliseconds (0 or more, at the registry clock's 5 ms resolution).
     */
    void released(int kind, long heldMillis);
}
