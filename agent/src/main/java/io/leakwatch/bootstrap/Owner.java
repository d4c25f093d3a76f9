package io.leakwatch.bootstrap;

/**
 * Whose a resource is. Only the application's are reported as open or leaked, counted in the kinds' counters, held
 * against limits and seen by the CI gate; the others are held apart: counted by owner, and listed only on request
 * ({@code report.include=}), so that nothing is hidden.
 *
 * <p>Immutable and thread-safe.
 */
public enum Owner {
    /** The application: its own code, its libraries, and its tests with the code under test. */
    APPLICATION("application"),
    /** The JVM, for itself or on the application's behalf: class path jars, the random-seed device, its caches. */
    JVM("jvm"),
    /** The test runner: Surefire's and Failsafe's booter, Gradle's test worker, the JUnit Platform launcher, IDEs. */
    RUNNER("runner"),
    /** Other Java agents: JaCoCo, the Prometheus JMX exporter, APM agents, profilers. */
    AGENT("agents");

    /** {@link #values()} without the copy each call makes. */
    static final Owner[] ALL = values();

    private final String label;

    Owner(String label) {
        this.label = label;
    }

    /** The lower-case name used in options ({@code report.include=}) and reports. */
    public String label() {
        return label;
    }

    /** The owner with the given label, or {@code null}. */
    public static Owner fromLabel(String label) {
        for (Owner o : ALL) {
            if (o.label.equals(label)) {
                return o;
            }
        }
        return null;
    }
}
