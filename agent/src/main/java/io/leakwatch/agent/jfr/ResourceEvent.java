package io.leakwatch.agent.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The fields of an event about one resource ({@link ResourceLeakedEvent}, {@link ResourceHeldTooLongEvent},
 * {@link ResourceReleasedEvent}): what it is, who acquired it where, how long it was held. Committed long after the
 * acquisition and on another thread (leakwatch's listeners', the releasing one): the event's own stack trace is not
 * the acquisition's, so the acquiring stack is a field.
 *
 * <p>Not thread-safe (as every JFR event: one instance per commit).
 */
@StackTrace(false)
public abstract class ResourceEvent extends jdk.jfr.Event {
    @Label("Kind")
    @Description("file, socket, jdbc, ...")
    String kind;

    @Label("Resource")
    @Description("What it was, as the reports describe it")
    String description;

    @Label("Resource Id")
    long resourceId;

    @Label("Acquiring Thread")
    String acquiringThread;

    @Label("Held")
    @Timespan(Timespan.MILLISECONDS)
    long held;

    @Label("Acquired At")
    @Description("The acquiring stack, application frame first, one frame a line (in leakwatch.ResourceReleased: the "
                 + "first frame only)")
    String acquiredAt;

    /** Fills the fields from {@code e} and commits. */
    void commitFrom(io.leakwatch.bootstrap.LeakWatchEvent e) {
        fill(e.kind(), e.description(), e.resourceId(), e.thread(), e.heldMillis(), String.join("\n", e.stack()));
        commit();
    }

    /** Fills the fields this class declares. */
    final void fill(String kind, String description, long resourceId, String acquiringThread, long heldMillis,
                    String acquiredAt) {
        this.kind = kind;
        this.description = description;
        this.resourceId = resourceId;
        this.acquiringThread = acquiringThread;
        this.held = heldMillis;
        this.acquiredAt = acquiredAt;
    }
}
