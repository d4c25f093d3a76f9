/**
 * Reading the audit trail the agent writes with {@code trace=FILE}: every acquisition and release of a resource, one
 * JSON object a line, the {@code leakwatch-trace/1} format, in files that rotate ({@code FILE}, {@code FILE.1},
 * {@code FILE.2}, ...).
 *
 * <p>{@link io.leakwatch.report.trace.TraceReader} streams the files, oldest first, into a
 * {@link io.leakwatch.report.trace.TraceListener}; the listeners here answer one question each and keep only what it
 * needs, since a trace can be far larger than memory: {@link io.leakwatch.report.trace.ResourceLife} the life of one
 * resource, {@link io.leakwatch.report.trace.SiteHistory} every acquisition at one site.
 */
package io.leakwatch.report.trace;
