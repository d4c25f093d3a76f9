package io.leakwatch.report;

/**
 * The JVM a report was taken in.
 *
 * <p>Immutable and thread-safe.
 *
 * @param pid         the operating system's process id
 * @param javaVersion the value of {@code java.version}
 */
public record JvmInfo(long pid, String javaVersion) {
}
