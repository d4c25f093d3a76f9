package io.leakwatch.report.trace;

/**
 * What a {@link TraceReader#read read} went through: how many files, and the times of its first and last events.
 *
 * <p>Immutable and thread-safe.
 *
 * @param files     the trace files read, 1 or more (all of them, even when the listener stopped the read early)
 * @param firstTime the time of the first event read, as written; {@code null} when no event had one
 * @param lastTime  the time of the last event read, as written; {@code null} when no event had one. The end of the
 *                  trace when the read went to the end (the listener did not stop it)
 */
public record TraceSpan(int files, String firstTime, String lastTime) {
}
