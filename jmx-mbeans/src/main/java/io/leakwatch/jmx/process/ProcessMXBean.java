package io.leakwatch.jmx.process;

import java.util.List;

/**
 * {@code io.leakwatch:type=Process}: the process's resources as the operating system sees them, next to what
 * leakwatch tracks. Every value comes from the latest sample (taken every {@code process.interval}); -1 means the OS
 * did not give it. States are {@code NORMAL}, {@code WARNING} or {@code CRITICAL} by the thresholds
 * {@code process.warning=} and {@code process.critical=}, and every change of one is sent as a
 * {@code jmx.attribute.change} notification of its {@code ...State} attribute. Peaks are the highest values sampled
 * since the monitor started.
 *
 * <p>Implementations are thread-safe.
 */
public interface ProcessMXBean {
    /** Descriptors the process has open, as the OS lists them ({@code /proc/self/fd}). */
    long getOpenDescriptors();

    /** The soft limit on open descriptors ({@code ulimit -n}); -1 when unlimited. */
    long getMaxDescriptors();

    /** Files, sockets, pipes and selectors that leakwatch tracks as open. */
    long getTrackedDescriptors();

    /**
     * Open minus tracked: descriptors opened by native code, by the JVM for itself, before the agent started, and the
     * extra descriptors of selectors.
     */
    long getUntrackedDescriptors();

    /** Open descriptors as a percentage of the soft limit; -1 when unlimited. */
    double getDescriptorsPercent();

    String getDescriptorsState();

    long getPeakOpenDescriptors();

    /** The process's threads, as the OS counts them (the JVM's own included). */
    int getThreads();

    int getPeakThreads();

    /** Resident set size. */
    long getResidentBytes();

    /** Resident set size as a percentage of the machine's memory. */
    double getResidentPercent();

    String getResidentState();

    long getPeakResidentBytes();

    /** The process's share of all CPUs between the last two samples, 0 to 1; -1 before the second sample. */
    double getCpuLoad();

    double getPeakCpuLoad();

    long getSystemMemoryTotalBytes();

    /** Memory available to new work without swapping ({@code MemAvailable}). */
    long getSystemMemoryAvailableBytes();

    /** Total minus available. */
    long getSystemMemoryUsedBytes();

    double getSystemMemoryUsedPercent();

    String getSystemMemoryState();

    long getPeakSystemMemoryUsedBytes();

    /** The directory whose file store is measured: the report's directory, or the working directory. */
    String getDiskPath();

    long getDiskTotalBytes();

    /** Size minus unallocated space. */
    long getDiskUsedBytes();

    double getDiskUsedPercent();

    String getDiskState();

    long getPeakDiskUsedBytes();

    /** The four states as numbers (0 normal, 1 warning, 2 critical). */
    StateLevels getStateLevels();

    /** The latest sample as one value, so that a client reads all of it consistently. */
    ProcessSample getCurrent();

    /** The latest samples, oldest first, at most {@link #getHistorySize()}. */
    List<ProcessSample> getHistory();

    int getHistorySize();

    /** When the latest sample was taken (epoch milliseconds). */
    long getSampledAtMillis();

    /** Samples taken since the monitor started. */
    long getSampleCount();

    /** Samples that failed (each one skipped; the next is taken on time). */
    long getSampleFailures();

    /** Why the latest failed sample failed, or {@code ""}. */
    String getLastFailure();

    long getIntervalMillis();

    int getWarningPercent();

    int getCriticalPercent();
}
