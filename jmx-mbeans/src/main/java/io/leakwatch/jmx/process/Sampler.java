package io.leakwatch.jmx.process;

import java.util.function.LongSupplier;

/**
 * Turns the probe's readings into numbered samples: adds what leakwatch tracks and the CPU load since the previous
 * reading.
 *
 * <p>Not thread-safe: one sampling thread at a time.
 */
final class Sampler {
    private final ProcessProbe probe;
    private final LongSupplier trackedDescriptors;
    private final int processors;
    private final LongSupplier nanoTime;
    private final LongSupplier currentTimeMillis;
    private long sequence;
    private long previousCpuNanos = -1;
    private long previousNanoTime;

    /**
     * @param processors the CPUs the JVM may use ({@link Runtime#availableProcessors()}), 1 or more: the load is a
     *                   share of all of them, as {@code OperatingSystemMXBean.getProcessCpuLoad} is
     */
    Sampler(ProcessProbe probe, LongSupplier trackedDescriptors, int processors, LongSupplier nanoTime,
            LongSupplier currentTimeMillis) {
        this.probe = probe;
        this.trackedDescriptors = trackedDescriptors;
        this.processors = Math.max(1, processors);
        this.nanoTime = nanoTime;
        this.currentTimeMillis = currentTimeMillis;
    }

    ProcessSample sample() {
        long tracked = trackedDescriptors.getAsLong();
        Reading r = probe.read();
        long now = nanoTime.getAsLong();
        double cpu = cpuLoad(previousCpuNanos, previousNanoTime, r.cpuTimeNanos(), now, processors);
        previousCpuNanos = r.cpuTimeNanos();
        previousNanoTime = now;
        return new ProcessSample(++sequence, currentTimeMillis.getAsLong(), r.openDescriptors(), r.maxDescriptors(),
                                 tracked, r.threads(), r.residentBytes(), cpu, r.systemMemoryTotalBytes(),
                                 r.systemMemoryAvailableBytes(), r.diskTotalBytes(), r.diskUsedBytes());
    }

    /**
     * CPU time used between two readings as a share of the time all {@code processors} had, 0 to 1; -1 when either
     * CPU time is unknown or no time passed.
     */
    static double cpuLoad(long cpuBefore, long nanoBefore, long cpuNow, long nanoNow, int processors) {
        long elapsed = nanoNow - nanoBefore;
        if (cpuBefore < 0 || cpuNow < 0 || elapsed <= 0) {
            return -1;
        }
        double load = (double) (cpuNow - cpuBefore) / ((double) elapsed * processors);
        // the kernel counts CPU time in clock ticks (10 ms), so a short interval can read a little over 1
        return Math.max(0, Math.min(1, load));
    }
}
