package io.leakwatch.jmx;

/**
 * How the live view behaves: from the agent's options.
 *
 * <p>Immutable and thread-safe.
 *
 * @param pollMillis          how often the monitor thread checks occupancy and hold times (and harvests the
 *                            hold-time histograms), at least 10
 * @param holdThresholdMillis a resource held longer is notified as a suspected leak, once; -1: never
 * @param warningPercent      the share of a limit at which a kind's occupancy becomes WARNING
 * @param criticalPercent     the share at which it becomes CRITICAL (above {@code warningPercent})
 */
public record LiveSettings(long pollMillis, long holdThresholdMillis, int warningPercent, int criticalPercent) {
    public LiveSettings {
        if (pollMillis < 10) {
            throw new IllegalArgumentException("pollMillis is 10 or more: " + pollMillis);
        }
        if (warningPercent < 1 || criticalPercent <= warningPercent) {
            throw new IllegalArgumentException("need 1 <= warningPercent < criticalPercent: " + warningPercent + ", "
                                               + criticalPercent);
        }
    }
}
