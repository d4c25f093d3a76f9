package io.leakwatch.report;

import java.util.List;

/**
 * The resource kinds the agent reports, by the lower-case label reports use. Tools check user input against it (a
 * suppression rule for {@code flie} would otherwise never match and silently suppress nothing).
 *
 * <p>Mirrors the agent's {@code ResourceKind} labels; the agent's tests fail when the two lists differ. A report may
 * still carry a kind this list lacks (one written by a newer agent): readers accept any label.
 *
 * <p>Immutable and thread-safe.
 */
public final class Kinds {

    /** Every kind label, in the order the documentation (docs/what-it-tracks.md) lists them. */
    public static final List<String> KNOWN = List.of("file", "socket", "pipe", "selector", "threadpool", "jdbc",
                                                     "jdbcpool", "cuda", "statement");

    private Kinds() {
    }

    /** The known labels, comma separated, for messages that list the valid choices. */
    public static String choices() {
        return String.join(", ", KNOWN);
    }
}
