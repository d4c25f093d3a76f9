package io.leakwatch.agent.install;

import java.util.ArrayList;
import java.util.List;

/**
 * How long each phase of the agent's start took on the thread that runs {@code premain}, printed on stderr when the
 * JVM runs with {@code -Dio.leakwatch.debug.startup=true} (the account behind the start-up table in the docs). With
 * the property unset it records nothing and costs two reads of a system property.
 *
 * <p>Not thread-safe; used by the installer on one thread.
 */
final class StartupPhases {
    static final String PROPERTY = "io.leakwatch.debug.startup";

    private final boolean on;
    private final long started;
    private final List<String> names = new ArrayList<>();
    private final List<Long> ends = new ArrayList<>();

    /** {@code startedNanos}: {@link System#nanoTime()} when the launcher's {@code premain} began. */
    StartupPhases(long startedNanos) {
        this.on = Boolean.getBoolean(PROPERTY);
        this.started = startedNanos;
    }

    /** The phase {@code name} ended now (it began when the one before it ended). */
    void ended(String name) {
        if (on) {
            names.add(name);
            ends.add(System.nanoTime());
        }
    }

    /** Prints one line: each phase's milliseconds, and the total from {@code premain}. */
    void print() {
        if (!on || names.isEmpty()) {
            return;
        }
        StringBuilder line = new StringBuilder("leakwatch: start-up (ms):");
        long from = started;
        for (int i = 0; i < names.size(); i++) {
            line.append(' ').append(names.get(i)).append(' ').append(millis(ends.get(i) - from)).append(';');
            from = ends.get(i);
        }
        line.append(" total ").append(millis(from - started));
        System.err.println(line);
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
