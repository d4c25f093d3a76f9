package io.leakwatch.jmx.process;

import javax.management.ConstructorParameters;

/**
 * One sample of the process's resources, taken at one moment. In JMX it is a {@code CompositeData} whose items are the
 * getters' names ({@code sequence}, {@code timestampMillis}, {@code openDescriptors}, ...), so a client needs no
 * leakwatch class to read it. A value the OS did not give is -1.
 *
 * <p>Immutable and thread-safe.
 */
public final class ProcessSample {
    private final long sequence;
    private final long timestampMillis;
    private final long openDescriptors;
    private final long maxDescriptors;
    private final long trackedDescriptors;
    private final int threads;
    private final long residentBytes;
    private final double cpuLoad;
    private final long systemMemoryTotalBytes;
    private final long systemMemoryAvailableBytes;
    private final long diskTotalBytes;
    private final long diskUsedBytes;

    /**
     * @param sequence                   1 for the first sample, then one more per sample
     * @param timestampMillis            when it was taken (epoch milliseconds)
     * @param openDescriptors            descriptors the process has open, as the OS lists them
     * @param maxDescriptors             the soft limit on open descriptors ({@code ulimit -n}); -1 when unlimited
     * @param trackedDescriptors         files, sockets, pipes and selectors open that leakwatch tracks
     * @param threads                    the process's threads, as the OS counts them (JVM threads included)
     * @param residentBytes              resident set size
     * @param cpuLoad                    the process's share of all CPUs since the previous sample, 0 to 1
     * @param systemMemoryTotalBytes     the machine's memory
     * @param systemMemoryAvailableBytes the machine's memory available to new work ({@code MemAvailable})
     * @param diskTotalBytes             the size of the file store holding the report directory
     * @param diskUsedBytes              the part of it in use (size minus unallocated)
     */
    @ConstructorParameters({"sequence", "timestampMillis", "openDescriptors", "maxDescriptors", "trackedDescriptors",
                            "threads", "residentBytes", "cpuLoad", "systemMemoryTotalBytes",
                            "systemMemoryAvailableBytes", "diskTotalBytes", "diskUsedBytes"})
    public ProcessSample(long sequence, long timestampMillis, long openDescriptors, long maxDescriptors,
                         long trackedDescriptors, int threads, long residentBytes, double cpuLoad,
                         long systemMemoryTotalBytes, long systemMemoryAvailableBytes, long diskTotalBytes,
                         long diskUsedBytes) {
        this.sequence = sequence;
        this.timestampMillis = timestampMillis;
        this.openDescriptors = openDescriptors;
        this.maxDescriptors = maxDescriptors;
        this.trackedDescriptors = trackedDescriptors;
        this.threads = threads;
        this.residentBytes = residentBytes;
        this.cpuLoad = cpuLoad;
        this.systemMemoryTotalBytes = systemMemoryTotalBytes;
        this.systemMemoryAvailableBytes = systemMemoryAvailableBytes;
        this.diskTotalBytes = diskTotalBytes;
        this.diskUsedBytes = diskUsedBytes;
    }

    public long getSequence() {
        return sequence;
    }

    public long getTimestampMillis() {
        return timestampMillis;
    }

    public long getOpenDescriptors() {
        return openDescriptors;
    }

    public long getMaxDescriptors() {
        return maxDescriptors;
    }

    public long getTrackedDescriptors() {
        return trackedDescriptors;
    }

    /**
     * Open descriptors leakwatch does not track: opened by native code, by the JVM for itself (class path jars,
     * the JMX connector's sockets), before the agent started, or the extra descriptors of a selector (its epoll and
     * wake-up descriptors); -1 when the OS count is unknown. Briefly negative if tracked resources closed their
     * descriptors between the two counts.
     */
    public long getUntrackedDescriptors() {
        return openDescriptors < 0 || trackedDescriptors < 0 ? -1 : openDescriptors - trackedDescriptors;
    }

    public int getThreads() {
        return threads;
    }

    public long getResidentBytes() {
        return residentBytes;
    }

    /** 0 to 1; -1 for the first sample, which has no previous one to measure from. */
    public double getCpuLoad() {
        return cpuLoad;
    }

    public long getSystemMemoryTotalBytes() {
        return systemMemoryTotalBytes;
    }

    public long getSystemMemoryAvailableBytes() {
        return systemMemoryAvailableBytes;
    }

    /** Total minus available; -1 when either is unknown. */
    public long getSystemMemoryUsedBytes() {
        return systemMemoryTotalBytes < 0 || systemMemoryAvailableBytes < 0 ? -1
            : systemMemoryTotalBytes - systemMemoryAvailableBytes;
    }

    public long getDiskTotalBytes() {
        return diskTotalBytes;
    }

    public long getDiskUsedBytes() {
        return diskUsedBytes;
    }

    @Override
    public String toString() {
        return "sample " + sequence + " at " + timestampMillis + ": descriptors " + openDescriptors + " of "
               + maxDescriptors + " (" + trackedDescriptors + " tracked), threads " + threads + ", resident "
               + residentBytes + " B, cpu " + cpuLoad + ", system memory " + systemMemoryAvailableBytes + " of "
               + systemMemoryTotalBytes + " B available, disk " + diskUsedBytes + " of " + diskTotalBytes + " B used";
    }
}
