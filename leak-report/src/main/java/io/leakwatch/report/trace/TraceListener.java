package io.leakwatch.report.trace;

/**
 * What {@link TraceReader} hands each event to, in the trace's order (oldest file first). Site declarations come
 * again in every file (each file is self-contained); a site keeps its id for the whole run.
 *
 * <p>Implementations need not be thread-safe: one read calls them from one thread.
 */
public interface TraceListener {

    /** One event of a type this reader knows. */
    void event(TraceEvent event);

    /**
     * Whether the listener has what it needs, so that the reader can stop before the end of the trace (a trace can be
     * hundreds of MB); asked after every event.
     */
    default boolean done() {
        return false;
    }
}
