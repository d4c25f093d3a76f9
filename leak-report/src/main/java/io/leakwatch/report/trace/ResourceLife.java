package io.leakwatch.report.trace;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The life of one resource in a trace: its acquisition, and its release or leak. Either may be missing: the
 * acquisition when it was in a file rotated away, the end when the resource was still open when the trace ends.
 *
 * <p>Keeps the stacks of the sites declared so far only until the resource turns up (its site is declared before it
 * in the same file); after that, nothing but the two events. It is {@link #done()} once the resource has ended, so
 * the rest of the trace is not read.
 *
 * <p>Not thread-safe: fill it with one {@link TraceReader#read read}, then read it.
 *
 * <pre>{@code
 * ResourceLife life = new ResourceLife(17);
 * TraceSpan span = TraceReader.read(Path.of("app.trace"), life);
 * if (life.found()) { ... life.acquired(), life.ended(), life.stack() ... }
 * }</pre>
 */
public final class ResourceLife implements TraceListener {
    private final long id;
    /** The stacks of the sites declared so far; {@code null} once the resource was found. */
    private Map<Long, List<String>> stacks = new HashMap<>();
    private TraceEvent acquired;
    private TraceEvent ended;
    private List<String> stack;

    /** @param id the resource's id, as the agent numbered it */
    public ResourceLife(long id) {
        this.id = id;
    }

    @Override
    public void event(TraceEvent e) {
        switch (e.type()) {
            case SITE:
                if (stacks != null) {
                    stacks.put(e.site(), e.stack());
                }
                break;
            case ACQUIRE:
                // an acquisition after the end would be another resource given the same id: not this life
                if (e.id() == id && acquired == null && ended == null) {
                    acquired = e;
                    found(e);
                }
                break;
            case RELEASE:
            case LEAK:
                if (e.id() == id && ended == null) {
                    ended = e;
                    if (acquired == null) {
                        found(e);
                    }
                }
                break;
            default:
                break;
        }
    }

    private void found(TraceEvent e) {
        stack = stacks.get(e.site());
        stacks = null;
    }

    @Override
    public boolean done() {
        return ended != null;
    }

    /** Whether the trace has the resource at all. */
    public boolean found() {
        return acquired != null || ended != null;
    }

    /** Its acquisition; empty when it was before the oldest file (or the resource is not in the trace). */
    public Optional<TraceEvent> acquired() {
        return Optional.ofNullable(acquired);
    }

    /** Its release or leak; empty when it was still open at the end of the trace (or is not in it). */
    public Optional<TraceEvent> ended() {
        return Optional.ofNullable(ended);
    }

    /** The acquiring stack, application frame first (empty for site 0); empty when the trace does not declare it. */
    public Optional<List<String>> stack() {
        return Optional.ofNullable(stack);
    }
}
