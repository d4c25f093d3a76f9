package io.leakwatch.agent.config;

import io.leakwatch.bootstrap.ResourceKind;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Limits on what may be open at once, and what happens at a limit.
 *
 * <p>Immutable and thread-safe.
 *
 * @param limits            per kind, the most open at once, in the kind's unit: {@code limit.<kind>=N} resources,
 *                          or for a kind {@linkplain ResourceKind#inBytes() measured in bytes}
 *                          {@code limit.<kind>.bytes=N[k|m|g]} bytes; a kind absent here has no limit; 0 forbids it
 * @param fail              {@code onlimit=fail}: the acquiring call fails before anything is acquired;
 *                          {@code onlimit=warn} (the default): one line naming the top holders, a notification, and
 *                          the acquisition goes ahead
 * @param warningPercent    {@code occupancy.warning=}: the share of a limit, in percent, at which the kind's state
 *                          becomes WARNING (default 80)
 * @param criticalPercent   {@code occupancy.critical=}: the share at which it becomes CRITICAL (default 95)
 */
public record LimitOptions(Map<ResourceKind, Long> limits, boolean fail, int warningPercent, int criticalPercent) {
    /** No limits; thresholds at 80% and 95%. */
    public static final LimitOptions NONE = new LimitOptions(Map.of(), false, 80, 95);

    public LimitOptions {
        EnumMap<ResourceKind, Long> copy = new EnumMap<>(ResourceKind.class);
        copy.putAll(limits);
        limits = Collections.unmodifiableMap(copy);
    }

    /** The option that sets {@code kind}'s limit: {@code limit.file}, {@code limit.cuda.bytes}. */
    public static String optionOf(ResourceKind kind) {
        return "limit." + kind.label() + (kind.inBytes() ? ".bytes" : "");
    }
}
