package io.leakwatch.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * An open resource crossed {@code holdthreshold=}: a suspected leak, once per resource. The acquiring stack is a
 * field (see {@link ResourceLeakedEvent}).
 *
 * <p>Not thread-safe (one instance per commit).
 */
@Name("leakwatch.ResourceHeldTooLong")
@Label("Resource Held Too Long")
@Category("leakwatch")
@Description("An open resource is held longer than holdthreshold=: a suspected leak")
@StackTrace(false)
public final class ResourceHeldTooLongEvent extends jdk.jfr.Event {
    @Label("Kind")
    String kind;

    @Label("Resource")
    String description;

    @Label("Resource Id")
    long resourceId;

    @Label("Acquiring Thread")
    String acquiringThread;

    @Label("Held")
    @Timespan(Timespan.MILLISECONDS)
    long held;

    @Label("Acquired At")
    @Description("The acquiring stack, application frame first, one frame a line")
    String acquiredAt;
}
