package io.leakwatch.report;

import java.util.List;
import java.util.Objects;

/**
 * All unreleased resources of one kind and state acquired from the same stack: the unit a leak report is read in,
 * since a leak is usually one line of code run many times.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind     the lower-case kind
 * @param state    open or leaked
 * @param count    how many resources share this site and state
 * @param stack    the shared acquiring stack, application frame first
 * @param examples a few of their descriptions, distinct, oldest first
 * @param bytes    their total size for kinds measured in bytes (CUDA memory), or {@code -1}
 * @param test     the test that was running when they were acquired, or {@code null} when none was: resources of one
 *                 stack acquired under two tests are two sites, so that a CI gate names each test
 */
public record SiteEntry(String kind, ResourceState state, long count, List<String> stack, List<String> examples,
                        long bytes, String test) {
    /** A site of resources acquired while no test ran. */
    public SiteEntry(String kind, ResourceState state, long count, List<String> stack, List<String> examples,
                     long bytes) {
        this(kind, state, count, stack, examples, bytes, null);
    }

    /** A site of a kind without sizes. */
    public SiteEntry(String kind, ResourceState state, long count, List<String> stack, List<String> examples) {
        this(kind, state, count, stack, examples, -1);
    }

    /** The canonical constructor. */
    public SiteEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        stack = List.copyOf(stack);
        examples = List.copyOf(examples);
    }
}
