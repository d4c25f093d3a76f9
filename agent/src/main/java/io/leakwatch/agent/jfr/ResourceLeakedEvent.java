package io.leakwatch.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A resource became unreachable while open: nobody can close it any more. Committed on leakwatch's listeners' thread
 * when the leak is found, so the event's own stack trace would be that thread's: the acquiring stack is a field.
 *
 * <p>Not thread-safe (as every JFR event: one instance per commit).
 */
@Name("leakwatch.ResourceLeaked")
@Label("Resource Leaked")
@Category("leakwatch")
@Description("A resource became unreachable while open: nobody can close it any more")
@StackTrace(false)
public final class ResourceLeakedEvent extends jdk.jfr.Event {
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
    @Description("The acquiring stack, application frame first, one frame a line")
    String acquiredAt;
}
