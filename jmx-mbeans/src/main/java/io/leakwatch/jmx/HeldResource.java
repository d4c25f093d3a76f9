package io.leakwatch.jmx;

/**
 * One open resource, described: what a "held too long" notification tells.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id               unique in the run (the report's {@code id})
 * @param kind             the kind's label
 * @param description      the path, addresses, pool, ... as in reports
 * @param thread           the acquiring thread's name
 * @param acquiredAtMillis when it was acquired (milliseconds since the epoch)
 * @param firstFrame       the application's acquiring line, or {@link OpenSite#NO_STACK}
 */
public record HeldResource(long id, String kind, String description, String thread, long acquiredAtMillis,
                           String firstFrame) {
}
