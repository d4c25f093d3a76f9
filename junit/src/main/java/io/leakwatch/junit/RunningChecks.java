package io.leakwatch.junit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks running now, in one JUnit engine execution, and for each the other checked tests that ran at some point
 * while it did: the agent attributes a resource to every test running when it was acquired, so a failure names these
 * as possible owners. Kept in the root extension context's store (one per launcher execution).
 *
 * <p>Thread-safe: tests run in parallel start and end checks concurrently; every method holds this object's lock for
 * a few set operations.
 */
final class RunningChecks {
    private final Set<Window> running = new LinkedHashSet<>();

    /** Starts the check of {@code test} (its name in messages), from {@code mark}, with {@code settings}. */
    synchronized Window start(String test, long mark, CheckSettings settings) {
        Window w = new Window(test, mark, settings);
        for (Window other : running) {
            other.overlapped.add(test);
            w.overlapped.add(other.test);
        }
        running.add(w);
        return w;
    }

    synchronized void end(Window w) {
        running.remove(w);
    }

    /** The tests that ran at the same time as {@code w}, so far, in the order they started. */
    synchronized List<String> overlapping(Window w) {
        return new ArrayList<>(w.overlapped);
    }

    /**
     * One test's check: its mark, its settings, and (guarded by the enclosing {@link RunningChecks}) the tests that
     * overlapped it.
     */
    static final class Window {
        private final String test;
        private final long mark;
        private final CheckSettings settings;
        private final Set<String> overlapped = new LinkedHashSet<>();
        /** When the check started (milliseconds since the epoch): the limits reached since are named in a failure. */
        private final long startedAtMillis = System.currentTimeMillis();

        private Window(String test, long mark, CheckSettings settings) {
            this.test = test;
            this.mark = mark;
            this.settings = settings;
        }

        long startedAtMillis() {
            return startedAtMillis;
        }

        long mark() {
            return mark;
        }

        CheckSettings settings() {
            return settings;
        }
    }
}
