package io.leakwatch.jmx;

import java.util.List;

/**
 * The open resources of one kind acquired from one stack.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind                   the kind's label
 * @param stack                  the acquiring stack, application frame first; empty when it was not recorded
 * @param count                  open resources from this stack
 * @param bytes                  their bytes (CUDA memory), else -1
 * @param oldestAcquiredAtMillis when the oldest of them was acquired (milliseconds since the epoch)
 * @param test                   the test that was running when they were acquired ({@code com.example.FooTest#reads}),
 *                               or {@code null}
 */
public record OpenSite(String kind, List<String> stack, long count, long bytes, long oldestAcquiredAtMillis,
                       String test) {
    /** What a site is called in the live view when its stack was not recorded ({@code stacks=adaptive}). */
    public static final String NO_STACK = "(no stack recorded)";

    public OpenSite {
        stack = List.copyOf(stack);
    }

    /** The application's acquiring line, or {@link #NO_STACK}. */
    public String firstFrame() {
        return stack.isEmpty() ? NO_STACK : stack.get(0);
    }
}
