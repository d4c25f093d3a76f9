package io.leakwatch.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * An acquisition found its kind at {@code limit.<kind>=}: refused ({@code onlimit=fail}) or allowed with a warning.
 * Once per crossing.
 *
 * <p>Not thread-safe (one instance per commit).
 */
@Name("leakwatch.LimitReached")
@Label("Limit Reached")
@Category("leakwatch")
@Description("An acquisition found its kind at its limit (limit.<kind>=)")
@StackTrace(false)
public final class LimitReachedEvent extends jdk.jfr.Event {
    @Label("Kind")
    String kind;

    @Label("Limit")
    @Description("Resources (bytes, for a kind in bytes) allowed open")
    long limit;

    @Label("Open")
    long open;

    @Label("Refused")
    @Description("Whether the acquisition was refused (onlimit=fail) rather than allowed")
    boolean refused;

    @Label("Top Holder")
    @Description("The first frame of the site holding the most")
    String topHolder;

    @Label("Message")
    String message;
}
