package io.leakwatch.jmx.process;

/**
 * What a {@link ProcessProbe} read from the OS at one moment; -1 for what it could not read.
 *
 * <p>Immutable and thread-safe.
 *
 * @param cpuTimeNanos CPU time the process has used since it started (user and system)
 */
record Reading(long cpuTimeNanos, long openDescriptors, long maxDescriptors, int threads, long residentBytes,
               long systemMemoryTotalBytes, long systemMemoryAvailableBytes, long diskTotalBytes,
               long diskUsedBytes) {
}
