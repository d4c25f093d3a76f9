package io.leakwatch.jmx.process;

import io.leakwatch.jmx.Description;
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
@Description("io.leakwatch:type=Process: the process's resources as the operating system sees them, next to what leakwatch tracks. Every value comes from the latest sample (taken every process.interval); -1 means the OS did not give it. States are NORMAL, WARNING or CRITICAL by the thresholds process.warning= and process.critical=, and every change of one is sent as a jmx.attribute.change notification of its ...State attribute. Peaks are the highest values sampled since the monitor started.")
public interface ProcessMXBean {
    /** Descriptors the process has open, as the OS lists them ({@code /proc/self/fd}). */
    @Description("Descriptors the process has open, as the OS lists them (/proc/self/fd).")
    long getOpenDescriptors();

    /** The soft limit on open descriptors ({@code ulimit -n}); -1 when unlimited. */
    @Description("The soft limit on open descriptors (ulimit -n); -1 when unlimited.")
    long getMaxDescriptors();

    /** Files, sockets, pipes and selectors that leakwatch tracks as open. */
    @Description("Files, sockets, pipes and selectors that leakwatch tracks as open.")
    long getTrackedDescriptors();

    /**
     * Open minus tracked: descriptors opened by native code, by the JVM for itself, before the agent started, and the
     * extra descriptors of selectors.
     */
    @Description("Open minus tracked: descriptors opened by native code, by the JVM for itself, before the agent started, and the extra descriptors of selectors.")
    long getUntrackedDescriptors();

    /** Open descriptors as a percentage of the soft limit; -1 when unlimited. */
    @Description("Open descriptors as a percentage of the soft limit; -1 when unlimited.")
    double getDescriptorsPercent();

    @Description("NORMAL, WARNING or CRITICAL: open descriptors against the process limit.")
    String getDescriptorsState();

    @Description("The most descriptors open at once at a sample.")
    long getPeakOpenDescriptors();

    /** The process's threads, as the OS counts them (the JVM's own included). */
    @Description("The process's threads, as the OS counts them (the JVM's own included).")
    int getThreads();

    @Description("The most threads alive at once at a sample.")
    int getPeakThreads();

    /** Resident set size. */
    @Description("The resident set size of the process, in bytes.")
    long getResidentBytes();

    /** Resident set size as a percentage of the machine's memory. */
    @Description("Resident set size as a percentage of the machine's memory.")
    double getResidentPercent();

    @Description("NORMAL, WARNING or CRITICAL: resident memory against the memory limit.")
    String getResidentState();

    @Description("The most resident memory at a sample, in bytes.")
    long getPeakResidentBytes();

    /** The process's share of all CPUs between the last two samples, 0 to 1; -1 before the second sample. */
    @Description("The process's share of all CPUs between the last two samples, 0 to 1; -1 before the second sample.")
    double getCpuLoad();

    @Description("The highest CPU load of the process at a sample (0 to 1).")
    double getPeakCpuLoad();

    @Description("The machine's (or container's) memory, in bytes.")
    long getSystemMemoryTotalBytes();

    /** Memory available to new work without swapping ({@code MemAvailable}). */
    @Description("Memory available to new work without swapping (MemAvailable).")
    long getSystemMemoryAvailableBytes();

    /** Total minus available. */
    @Description("The machine's memory in use (total minus available), in bytes.")
    long getSystemMemoryUsedBytes();

    @Description("The machine's memory in use, as a percentage of its total.")
    double getSystemMemoryUsedPercent();

    @Description("NORMAL, WARNING or CRITICAL: the machine's memory in use.")
    String getSystemMemoryState();

    @Description("The most of the machine's memory in use at a sample, in bytes.")
    long getPeakSystemMemoryUsedBytes();

    /** The directory whose file store is measured: the report's directory, or the working directory. */
    @Description("The directory whose file store is measured: the report's directory, or the working directory.")
    String getDiskPath();

    @Description("The size of the file system holding DiskPath, in bytes.")
    long getDiskTotalBytes();

    /** Size minus unallocated space. */
    @Description("The file system's space in use (size minus unallocated), in bytes.")
    long getDiskUsedBytes();

    @Description("The file system holding DiskPath in use, as a percentage of its size.")
    double getDiskUsedPercent();

    @Description("NORMAL, WARNING or CRITICAL: the file system holding DiskPath.")
    String getDiskState();

    @Description("The most of that file system in use at a sample, in bytes.")
    long getPeakDiskUsedBytes();

    /** The four states as numbers (0 normal, 1 warning, 2 critical). */
    @Description("The four states as numbers (0 normal, 1 warning, 2 critical).")
    StateLevels getStateLevels();

    /** The latest sample as one value, so that a client reads all of it consistently. */
    @Description("The latest sample as one value, so that a client reads all of it consistently.")
    ProcessSample getCurrent();

    /** The latest samples, oldest first, at most {@link #getHistorySize()}. */
    @Description("The latest samples, oldest first, at most HistorySize.")
    List<ProcessSample> getHistory();

    @Description("How many samples History keeps.")
    int getHistorySize();

    /** When the latest sample was taken (epoch milliseconds). */
    @Description("When the latest sample was taken (epoch milliseconds).")
    long getSampledAtMillis();

    /** Samples taken since the monitor started. */
    @Description("Samples taken since the monitor started.")
    long getSampleCount();

    /** Samples that failed (each one skipped; the next is taken on time). */
    @Description("Samples that failed (each one skipped; the next is taken on time).")
    long getSampleFailures();

    /** Why the latest failed sample failed, or {@code ""}. */
    @Description("Why the latest failed sample failed, or \"\".")
    String getLastFailure();

    @Description("How often the process is sampled, in milliseconds (process.interval).")
    long getIntervalMillis();

    @Description("The share of a limit at which a state becomes WARNING (process.warning).")
    int getWarningPercent();

    @Description("The share of a limit at which a state becomes CRITICAL (process.critical).")
    int getCriticalPercent();
}
