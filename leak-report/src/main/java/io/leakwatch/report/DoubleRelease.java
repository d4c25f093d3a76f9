package io.leakwatch.report;

import java.util.List;

/**
 * Resources of one acquisition site that were released at {@code first} and then closed again at {@code second}.
 * Whether that is a bug depends on the kind ({@link ReleaseSite#doubleReleaseIsFinding()}): a stream's second close
 * does nothing, a pooled JDBC connection's may hand back another borrower's connection.
 *
 * <p>Immutable and thread-safe.
 *
 * @param first  the stack that released the resource, application frame first; empty when it was released without a
 *               close call the agent saw
 * @param second the stack of the second close, application frame first
 * @param count  how many resources were released at {@code first} and closed again at {@code second}, 1 or more
 */
public record DoubleRelease(List<String> first, List<String> second, long count) {

    /** The canonical constructor. */
    public DoubleRelease {
        first = List.copyOf(first);
        second = List.copyOf(second);
    }
}
