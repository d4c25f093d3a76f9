package io.leakwatch.report.trace;

import java.util.List;
import java.util.Locale;

/**
 * One line of a trace after its header, as written: a site declaration, an acquisition, a release, a leak, a refused
 * acquisition, or a count of dropped events. One record for all of them, as the format has one object for all of them
 * (told apart by {@code "event"}); a field the line's type does not have is {@code null}, or {@link #NONE} for numbers.
 *
 * <p>Times are kept as the agent wrote them (ISO-8601 UTC, such as {@code 2026-12-05T12:00:00.125Z}): they are shown,
 * never computed with, and re-formatting could change their precision.
 *
 * <p>Immutable and thread-safe.
 *
 * @param type        which event
 * @param id          the resource's id (acquire, release, leak), else {@link #NONE}
 * @param kind        the resource's kind, such as {@code file} (acquire, release, leak, refused), else {@code null}
 * @param time        when (every type but site), else {@code null}
 * @param thread      acquire and leak: the acquiring thread; release: the releasing one; refused: the refused one
 *                    ({@code null} if not written); else {@code null}
 * @param site        the acquisition site's id (every type but dropped; 0 is "no stack recorded"), else {@link #NONE}
 * @param description what the resource is, such as {@code /tmp/x.txt (read)} (acquire, release, leak, refused:
 *                    {@code null} if not written), else {@code null}
 * @param heldMillis  release and leak: how long it was held, {@link #NONE} if not written; else {@link #NONE}
 * @param count       dropped: how many events were lost since the previous such line; else {@link #NONE}
 * @param stack       site: the acquiring stack, application frame first (empty for site 0); else empty
 */
public record TraceEvent(Type type, long id, String kind, String time, String thread, long site, String description,
                         long heldMillis, long count, List<String> stack) {

    /** A number the line does not have. */
    public static final long NONE = -1;

    /** The canonical constructor. */
    public TraceEvent {
        stack = List.copyOf(stack);
    }

    /** The event types this reader knows; a line of another type is skipped (the format may add types). */
    public enum Type {
        SITE, ACQUIRE, RELEASE, LEAK, REFUSED, DROPPED;

        private final String label = name().toLowerCase(Locale.ROOT);

        /** The {@code "event"} value that names this type. */
        public String label() {
            return label;
        }

        /** The type {@code label} names, or {@code null} for a type this reader does not know. */
        static Type of(String label) {
            for (Type t : values()) {
                if (t.label.equals(label)) {
                    return t;
                }
            }
            return null;
        }
    }

    /** Whether this event ends a resource's life: a release or a leak. */
    public boolean ends() {
        return type == Type.RELEASE || type == Type.LEAK;
    }
}
