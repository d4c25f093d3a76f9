package io.leakwatch.bootstrap;

/**
 * Where the trace's events go ({@code trace=FILE}): the agent's writer, in its own class loader, which formats them as
 * JSON lines and writes them. Called by the registry's drain, on the writer's thread, one event at a time, in the
 * order each thread recorded them.
 *
 * <p>Implementations are called by one thread at a time and must not throw.
 */
public interface TraceSink {
    /**
     * One event: {@code event} is {@code acquire}, {@code release}, {@code leak} or {@code refused}; {@code id} -1
     * for a refusal; {@code site} the acquisition site's id, stable for the run (0: no stack recorded), with its
     * {@code frames}; {@code heldMillis} -1 for an acquisition or a refusal.
     */
    void event(String event, long id, String kind, long timeMillis, String thread, int site, String[] frames,
               String description, long heldMillis);

    /** {@code count} events were lost (a thread's buffer was full, or a description failed). */
    void dropped(long count, long timeMillis);
}
