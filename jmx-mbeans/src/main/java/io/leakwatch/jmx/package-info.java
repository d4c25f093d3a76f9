/**
 * The live view for JConsole, VisualVM and any JMX client: an MXBean per tracked resource kind
 * ({@code io.leakwatch:type=Resources,kind=<kind>}: counts, limit, occupancy, hold-time percentiles, top sites,
 * reports, notifications) and one for the agent ({@code io.leakwatch:type=LeakWatch}: totals, reports, checkpoints).
 * Open types only. Fed by a {@link io.leakwatch.jmx.LiveSource} the agent implements; this module never depends on
 * the agent. {@link io.leakwatch.jmx.LiveView} registers everything after the application's {@code main} started
 * and runs the one monitor thread.
 */
package io.leakwatch.jmx;
