package io.leakwatch.bootstrap;

/**
 * Who acquired a resource: the thread's name and the test it ran ({@link RunningTests}). One object is shared by all
 * the records a thread makes while neither changes ({@link ThreadState#acquirer()}), so that a record holds one
 * reference for both: the test costs an open file no byte.
 *
 * <p>Immutable and thread-safe.
 */
final class Acquirer {
    /** The acquiring thread's name. */
    final String thread;
    /** The test it ran, or {@code null}. */
    final String test;

    Acquirer(String thread, String test) {
        this.thread = thread;
        this.test = test;
    }
}
