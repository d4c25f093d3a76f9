/**
 * The leak report: an immutable snapshot of what a JVM holds open ({@link io.leakwatch.report.LeakReport}) and the
 * formats it is written in ({@link io.leakwatch.report.ReportFormat}, chosen by {@link io.leakwatch.report.ReportFormatType}).
 *
 * <p>This module knows nothing of the agent: the agent builds a {@code LeakReport} from its registry, and tools (the
 * command line, the JUnit extension, the MBeans) only ever see this model. The JSON form is a versioned contract,
 * {@code leakwatch-report/2} (its tools also read {@code leakwatch-report/1}), documented in docs/reports.md.
 */
package io.leakwatch.report;
