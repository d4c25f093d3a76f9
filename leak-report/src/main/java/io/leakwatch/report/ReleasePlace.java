package io.leakwatch.report;

import java.util.List;
import java.util.Objects;

/**
 * One place where resources of an acquisition site ({@link ReleaseSite}) were released, and how.
 *
 * <p>Immutable and thread-safe.
 *
 * @param stack       the releasing stack, application frame first; empty when the resources were released without a
 *                    close call the agent saw: they ended with their owner (a statement with its connection) or were
 *                    found gone at a read (a process that had exited)
 * @param count       releases at this place, 0 or more
 * @param otherThread how many of them ran on a thread other than the one that acquired the resource, 0 to
 *                    {@code count}: a resource handed over between threads
 * @param threads     the names of up to {@value #MAX_THREADS} distinct threads that released here, first seen first
 * @param holdTimes   how long the resources released here were held; {@link HoldPercentiles#NONE} when not timed
 */
public record ReleasePlace(List<String> stack, long count, long otherThread, List<String> threads,
                           HoldPercentiles holdTimes) {

    /** Thread names kept per place: enough to recognise a pool, few enough for a report line. */
    public static final int MAX_THREADS = 3;

    /** The canonical constructor. */
    public ReleasePlace {
        stack = List.copyOf(stack);
        threads = List.copyOf(threads);
        Objects.requireNonNull(holdTimes, "holdTimes");
    }

    /** A place whose hold times were not recorded. */
    public ReleasePlace(List<String> stack, long count, long otherThread, List<String> threads) {
        this(stack, count, otherThread, threads, HoldPercentiles.NONE);
    }

    /** Whether these resources were released without a close call the agent saw (ended with their owner, or found
     *  gone). */
    public boolean withoutCloseCall() {
        return stack.isEmpty();
    }
}
