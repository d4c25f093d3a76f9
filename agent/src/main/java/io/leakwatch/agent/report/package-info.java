/**
 * Turns registry snapshots into {@link io.leakwatch.report.LeakReport}s and writes the report when the JVM exits.
 */
package io.leakwatch.agent.report;
