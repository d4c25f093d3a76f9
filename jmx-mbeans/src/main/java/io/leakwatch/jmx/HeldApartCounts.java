package io.leakwatch.jmx;

/**
 * What is held apart from the application's resources at one moment: not counted in the kinds' counters, not listed
 * as leaks, never held against a limit.
 *
 * <p>Immutable and thread-safe.
 *
 * @param jvm         open resources the JVM holds for itself (class path jars, its caches, its own pools)
 * @param runner      open resources the test runner holds for itself (Surefire's booter, the JUnit Platform launcher)
 * @param agents      open resources of other Java agents (JaCoCo, the Prometheus JMX exporter, ...)
 * @param unusedPools thread pools dropped before they ever started a thread, since start
 */
public record HeldApartCounts(long jvm, long runner, long agents, long unusedPools) {
    /** Nothing held apart. */
    public static final HeldApartCounts NONE = new HeldApartCounts(0, 0, 0, 0);
}
