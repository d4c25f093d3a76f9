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
 */
public record SiteEntry(String kind, ResourceState state, long count, List<String> stack, List<String> examples,
                        long bytes) {
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
