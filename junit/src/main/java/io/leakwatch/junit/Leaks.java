package io.leakwatch.junit;

import java.util.List;

/**
 * What one test left behind: how many resources, their text report and the acquiring stack of the oldest.
 *
 * <p>Immutable and thread-safe.
 */
final class Leaks {
    private final int open;
    private final int leaked;
    private final String report;
    private final List<String> oldestStack;

    Leaks(int open, int leaked, String report, List<String> oldestStack) {
        this.open = open;
        this.leaked = leaked;
        this.report = report;
        this.oldestStack = List.copyOf(oldestStack);
    }

    /** Still open (the test or someone can still close them). */
    int open() {
        return open;
    }

    /** Dropped while open (unreachable: nobody can close them any more). */
    int leaked() {
        return leaked;
    }

    /** The agent's text report of just these resources. */
    String report() {
        return report;
    }

    /** The acquiring stack of the oldest, application frame first, in {@link StackTraceElement#toString()} form. */
    List<String> oldestStack() {
        return oldestStack;
    }
}
