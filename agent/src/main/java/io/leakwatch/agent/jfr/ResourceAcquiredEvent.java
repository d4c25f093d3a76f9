package io.leakwatch.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * An application resource was acquired: one event per acquisition, committed on the acquiring thread, so that the
 * event's own stack trace is the acquisition's (with leakwatch's few frames on top); {@code acquiredAt} is its first
 * frame as the reports show it, the application's line. One line rather than the stack: the recorder writes a short
 * string once and refers to it after, a long one into every event. An instant: the acquiring call itself is not
 * timed, which would put a clock read at the start of every acquiring method.
 *
 * <p>Disabled by default, like the JDK's events of every file read: a recording asks for it with {@code
 * leakwatch.ResourceAcquired#enabled=true} (or {@code leakwatch.jfc} edited) and then gets every acquisition.
 *
 * <p>Not thread-safe (one instance per commit).
 */
@Name("leakwatch.ResourceAcquired")
@Label("Resource Acquired")
@Category("leakwatch")
@Description("An application resource was acquired; the event's stack trace is the acquisition's")
@Enabled(false)
@Threshold("0 ms")
@StackTrace(true)
public final class ResourceAcquiredEvent extends jdk.jfr.Event {
    @Label("Kind")
    @Description("file, socket, jdbc, ...")
    String kind;

    @Label("Resource")
    @Description("What it is, as the reports describe it")
    String description;

    @Label("Resource Id")
    @Description("The same as its leakwatch.ResourceReleased's, its report's and its trace's")
    long resourceId;

    @Label("Acquired At")
    @Description("The acquisition's line: the first frame of its stack as the reports show it (empty: not recorded)")
    String acquiredAt;
}
