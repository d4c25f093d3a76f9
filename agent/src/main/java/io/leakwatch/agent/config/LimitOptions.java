package io.leakwatch.agent.config;

import java.util.Map;
import java.util.OptionalLong;

/**
 * Limits on what may be open at once, and what happens at a limit.
 *
 * <p>Immutable and thread-safe.
 *
 * @param counts            {@code limit.<kind>=N}: the most resources of a kind (by label) open at once; a kind
 *                          absent here has no limit; 0 forbids the kind
 * @param cudaBytes         {@code limit.cuda.bytes=N[k|m|g]}: the most CUDA memory open at once, in bytes
 * @param fail              {@code onlimit=fail}: the acquiring call fails before anything is acquired;
 *                          {@code onlimit=warn} (the default): one line naming the top holders, a notification, and
 *                          the acquisition goes ahead
 * @param warningPercent    {@code occupancy.warning=}: the share of a limit, in percent, at which the kind's state
 *                          becomes WARNING (default 80)
 * @param criticalPercent   {@code occupancy.critical=}: the share at which it becomes CRITICAL (default 95)
 */
public record LimitOptions(Map<String, Long> counts, OptionalLong cudaBytes, boolean fail, int warningPercent,
                           int criticalPercent) {
    /** No limits; thresholds at 80% and 95%. */
    public static final LimitOptions NONE = new LimitOptions(Map.of(), OptionalLong.empty(), false, 80, 95);

    public LimitOptions {
        counts = Map.copyOf(counts);
    }
}
