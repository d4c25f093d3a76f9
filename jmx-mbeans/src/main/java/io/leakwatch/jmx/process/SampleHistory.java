package io.leakwatch.jmx.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The latest samples, at most a fixed number: adding one beyond drops the oldest.
 *
 * <p>Thread-safe (every method holds the instance's lock; a list handed out is a copy).
 */
final class SampleHistory {
    private final int capacity;
    private final ArrayDeque<ProcessSample> samples;

    /** @param capacity 1 or more */
    SampleHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a history holds 1 sample or more, not " + capacity);
        }
        this.capacity = capacity;
        this.samples = new ArrayDeque<>(capacity);
    }

    synchronized void add(ProcessSample s) {
        if (samples.size() == capacity) {
            samples.removeFirst();
        }
        samples.addLast(s);
    }

    /** Oldest first. */
    synchronized List<ProcessSample> list() {
        return new ArrayList<>(samples);
    }

    int capacity() {
        return capacity;
    }
}
