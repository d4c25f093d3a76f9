package io.leakwatch.bootstrap;

/**
 * Which test is running, as the test runner reports it (JUnit Platform, through the listener the agent registers on
 * every launcher it makes): every acquisition is recorded with the test of its thread, so that reports and the CI
 * gate name the test that left a resource behind.
 *
 * <p>A thread that runs a test (or a test class's set-up: static initializers, {@code @BeforeAll}) is told its name;
 * any other thread (a pool a test started, a server it called) gets the test started or finished last on any thread,
 * which is the running one when tests run one at a time, as most builds run them. With tests running in parallel,
 * acquisitions on threads that run no test may be given a test running beside the one that caused them.
 *
 * <p>Thread-safe: the per-thread name lives in each thread's own {@link ThreadState}; the JVM-wide one is volatile.
 */
public final class RunningTests {
    private static volatile String lastTold;

    private RunningTests() {
    }

    /** The test acquisitions on the thread of {@code ts} belong to; {@code null} when no test runs. */
    static String current(ThreadState ts) {
        String own = ts.test;
        return own != null ? own : lastTold;
    }

    /**
     * The current thread now runs {@code test} ({@code com.example.FooTest#readsTheHeader}, or a class's name while
     * its set-up runs), or no test ({@code null}). Called by the agent's test listener.
     */
    public static void running(String test) {
        ThreadState.current().test = test;
        lastTold = test;
    }
}
