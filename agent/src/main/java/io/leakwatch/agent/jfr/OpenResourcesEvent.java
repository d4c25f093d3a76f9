package io.leakwatch.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * One kind's counts, every period of a recording (10 s by default, like the JDK's periodic statistics): a leak is a
 * line of {@code open} that climbs in JDK Mission Control's chart.
 *
 * <p>Not thread-safe (one instance per commit).
 */
@Name("leakwatch.OpenResources")
@Label("Open Resources")
@Category("leakwatch")
@Description("Open, leaked and peak resources of one kind, and those acquired and released since start")
@Period("10 s")
@StackTrace(false)
public final class OpenResourcesEvent extends jdk.jfr.Event {
    @Label("Kind")
    String kind;

    @Label("Open")
    long open;

    @Label("Leaked")
    long leaked;

    @Label("Peak")
    long peak;

    @Label("Acquired")
    long acquired;

    @Label("Released")
    long released;

    @Label("Open Bytes")
    @Description("Bytes held open, for kinds measured in bytes (cuda, tempfile); -1 for the others")
    @DataAmount
    long bytes;
}
