package io.leakwatch.bootstrap;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What a {@link LeakWatchListener} is told. Every event has a {@link #type()}, a {@link #kind()}, a
 * {@link #timeMillis()} and a one-line {@link #message()}; the other fields depend on the type (they are {@code -1},
 * {@code null} or empty where they do not apply):
 * <ul>
 *   <li>{@link Type#LEAK_FOUND}: a resource became unreachable while open: {@link #resourceId()},
 *       {@link #description()}, the acquiring {@link #thread()} and {@link #stack()}, {@link #heldMillis()}.</li>
 *   <li>{@link Type#HELD_TOO_LONG}: an open resource crossed {@code holdthreshold=}: the same fields.</li>
 *   <li>{@link Type#LIMIT_REACHED}: an acquisition found the kind at its limit: {@link #open()}, {@link #limit()}
 *       (bytes for a kind in bytes), {@link #refused()}, and the first frame of the site holding the most,
 *       {@link #topSite()}.</li>
 *   <li>{@link Type#STATE_CHANGED}: the kind's occupancy against its limit changed: {@link #state()},
 *       {@link #previousState()} ({@code NORMAL}, {@code WARNING}, {@code CRITICAL}), {@link #open()},
 *       {@link #limit()}, {@link #percent()}.</li>
 * </ul>
 *
 * <p>No secret reaches an event: descriptions are the same as the reports' (passwords and tokens masked).
 *
 * <p>Immutable and thread-safe.
 */
public final class LeakWatchEvent {
    /** What happened. */
    public enum Type { LEAK_FOUND, LIMIT_REACHED, STATE_CHANGED, HELD_TOO_LONG }

    private final Type type;
    private final String kind;
    private final long timeMillis;
    private final String message;
    private final long resourceId;
    private final String description;
    private final String thread;
    private final String[] stack;
    private final long heldMillis;
    private final long open;
    private final long limit;
    private final boolean refused;
    private final String topSite;
    private final String state;
    private final String previousState;
    private final double percent;

    private LeakWatchEvent(Type type, String kind, String message, long resourceId, String description,
                           String thread, String[] stack, long heldMillis, long open, long limit, boolean refused,
                           String topSite, String state, String previousState, double percent) {
        this.type = type;
        this.kind = kind;
        this.timeMillis = System.currentTimeMillis();
        this.message = message;
        this.resourceId = resourceId;
        this.description = description;
        this.thread = thread;
        this.stack = stack;
        this.heldMillis = heldMillis;
        this.open = open;
        this.limit = limit;
        this.refused = refused;
        this.topSite = topSite;
        this.state = state;
        this.previousState = previousState;
        this.percent = percent;
    }

    /** A resource of {@code kind} found leaked. */
    static LeakWatchEvent leakFound(String kind, long id, String description, String thread, String[] stack,
                                    long heldMillis) {
        String where = stack.length == 0 ? "(no stack recorded)" : stack[0];
        String message = kind + " leaked (unreachable while open, held " + heldMillis + " ms): " + description
            + " at " + where + " on thread " + thread;
        return new LeakWatchEvent(Type.LEAK_FOUND, kind, message, id, description, thread, stack, heldMillis, -1, -1,
                                  false, null, null, null, -1);
    }

    /**
     * An open resource held longer than {@code thresholdMillis}: published by the live view's watcher (the agent's
     * own code calls this; applications receive events, they do not make them).
     */
    public static LeakWatchEvent heldTooLong(String kind, long id, String description, String thread,
                                             List<String> stack, long heldMillis, String message) {
        return new LeakWatchEvent(Type.HELD_TOO_LONG, kind, message, id, description, thread,
                                  stack.toArray(new String[0]), heldMillis, -1, -1, false, null, null, null, -1);
    }

    static LeakWatchEvent limitReached(String kind, String message, long open, long limit, boolean refused,
                                       String topSite) {
        return new LeakWatchEvent(Type.LIMIT_REACHED, kind, message, -1, null, null, new String[0], -1, open, limit,
                                  refused, topSite, null, null, -1);
    }

    /** The occupancy of {@code kind} changed: published by the live view's watcher (the agent's own code). */
    public static LeakWatchEvent stateChanged(String kind, String message, String state, String previousState,
                                              long open, long limit, double percent) {
        return new LeakWatchEvent(Type.STATE_CHANGED, kind, message, -1, null, null, new String[0], -1, open, limit,
                                  false, null, state, previousState, percent);
    }

    public Type type() {
        return type;
    }

    /** The kind's label: {@code file}, {@code socket}, ... */
    public String kind() {
        return kind;
    }

    /** When the event was published (milliseconds since the epoch). */
    public long timeMillis() {
        return timeMillis;
    }

    /** One line saying what happened, as leakwatch would print it. */
    public String message() {
        return message;
    }

    /** The resource's id (unique in the run, as in the reports); -1 for events about a kind. */
    public long resourceId() {
        return resourceId;
    }

    /** What the resource is, as the reports describe it; {@code null} for events about a kind. */
    public String description() {
        return description;
    }

    /** The thread that acquired the resource; {@code null} for events about a kind. */
    public String thread() {
        return thread;
    }

    /** The acquiring stack, application frame first; empty when not recorded or for events about a kind. */
    public List<String> stack() {
        return Collections.unmodifiableList(Arrays.asList(stack));
    }

    /** How long the resource was held when the event was published, in milliseconds; -1 for events about a kind. */
    public long heldMillis() {
        return heldMillis;
    }

    /** Resources (bytes for a kind in bytes) open; -1 where it does not apply. */
    public long open() {
        return open;
    }

    /** The kind's limit; {@link Long#MAX_VALUE} when it has none; -1 where it does not apply. */
    public long limit() {
        return limit;
    }

    /** Whether the acquisition at the limit was refused ({@code onlimit=fail}) rather than allowed. */
    public boolean refused() {
        return refused;
    }

    /** The first frame of the site holding the most at a limit; {@code null} where it does not apply. */
    public String topSite() {
        return topSite;
    }

    /** The occupancy now; {@code null} but for {@link Type#STATE_CHANGED}. */
    public String state() {
        return state;
    }

    /** The occupancy before; {@code null} but for {@link Type#STATE_CHANGED}. */
    public String previousState() {
        return previousState;
    }

    /** Open as a percentage of the limit; -1 where there is no limit or it does not apply. */
    public double percent() {
        return percent;
    }

    @Override
    public String toString() {
        return type + " " + message;
    }
}
