package io.leakwatch.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * An application resource was released. The event spans the hold: begun at the acquisition and committed on the
 * releasing thread, so its duration is how long the resource was held (the JDK I/O events' threshold then keeps the
 * long holds only: {@code leakwatch.ResourceReleased#threshold=1 s}) and its own stack trace is the release's (with
 * leakwatch's few frames on top). {@code releasedAt} and {@code acquiredAt} are the release's and the acquisition's
 * lines (first frames as the reports show them), not whole stacks as in the other events: see
 * {@link ResourceAcquiredEvent}. Its other fields: {@link ResourceEvent}.
 *
 * <p>Disabled by default. Only resources acquired while it was enabled have one: the start of the others is not
 * known to the recorder.
 *
 * <p>Not thread-safe (one instance per resource, begun on the acquiring thread, committed on the releasing one).
 */
@Name("leakwatch.ResourceReleased")
@Label("Resource Released")
@Category("leakwatch")
@Description("An application resource was released; the event spans its hold and its stack trace is the release's")
@Enabled(false)
@Threshold("0 ms")
@StackTrace(true)
public final class ResourceReleasedEvent extends ResourceEvent {
    @Label("Released At")
    @Description("The release's line: the first frame of its stack as the reports show it (empty: ended without a "
                 + "close call, as a thread's end)")
    String releasedAt;
}
