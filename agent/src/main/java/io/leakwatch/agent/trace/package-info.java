/**
 * The audit trail ({@code trace=FILE}): the writer that drains the registry's per-thread trace buffers into JSON lines
 * on a background thread, with size-capped rotation. The format is documented in {@code docs/reports.md}; the command
 * line's {@code trace} command reads it.
 */
package io.leakwatch.agent.trace;
