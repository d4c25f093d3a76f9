package io.leakwatch.jmx.process;

/**
 * How close a process resource is to its limit, as decided by {@link Thresholds}.
 *
 * <p>Immutable and thread-safe.
 */
public enum ResourceState {
    /** Below the warning threshold, or the limit is unknown or unlimited. */
    NORMAL,
    /** At or above the warning threshold, below the critical one. */
    WARNING,
    /** At or above the critical threshold. */
    CRITICAL;

    /** 0, 1 or 2: the state as a number, for tools that only plot numbers (the Prometheus exporter). */
    public int level() {
        return ordinal();
    }
}
