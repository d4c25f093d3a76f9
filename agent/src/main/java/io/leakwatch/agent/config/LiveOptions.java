package io.leakwatch.agent.config;

import java.util.OptionalLong;

/**
 * The live view of a running JVM: MBeans, suspected leaks, and what the operating system sees of the process.
 *
 * <p>Immutable and thread-safe.
 *
 * @param jmx                    {@code jmx=true} (the default): register the MBeans in the platform MBeanServer once
 *                               the application has started
 * @param holdThresholdMillis    {@code holdthreshold=30s}: a resource held longer is reported as a suspected leak
 *                               (a notification); empty: never
 * @param processIntervalMillis  {@code process.interval=10s}: how often the process's resources are sampled; 0
 *                               ({@code off}) means no sampling, and no sampling thread
 * @param processWarningPercent  {@code process.warning=}: the share of a process limit (descriptors, memory, disk) at
 *                               which its state becomes WARNING (default 80)
 * @param processCriticalPercent {@code process.critical=}: the share at which it becomes CRITICAL (default 95)
 */
public record LiveOptions(boolean jmx, OptionalLong holdThresholdMillis, long processIntervalMillis,
                          int processWarningPercent, int processCriticalPercent) {
    /** MBeans on, no hold threshold, the process sampled every 10 s, thresholds at 80% and 95%. */
    public static final LiveOptions DEFAULTS = new LiveOptions(true, OptionalLong.empty(), 10_000, 80, 95);
}
