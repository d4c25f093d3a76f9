/**
 * The {@code io.leakwatch:type=Process} MXBean: what the operating system says this process holds (descriptors against
 * their limit, threads, resident memory, CPU), the machine's memory and the report directory's disk, next to what
 * leakwatch tracks, each with a {@code NORMAL}/{@code WARNING}/{@code CRITICAL} state, a notification when a state
 * changes, peaks and a bounded history.
 *
 * <p>{@link io.leakwatch.jmx.process.ProcessMonitor} is the entry point: it samples on one daemon thread and registers
 * {@link io.leakwatch.jmx.process.ProcessResources} in a given {@code MBeanServer}. Everything the MBean shows is an
 * open type (numbers, strings, {@code CompositeData}), so JConsole, VisualVM and the Prometheus JMX exporter read it
 * without any leakwatch class. The OS is read through OSHI's pure-Java Linux {@code /proc} readers (no JNA, so no
 * native library is loaded into the application's JVM).
 */
package io.leakwatch.jmx.process;
