package io.leakwatch.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * A resource became unreachable while open: nobody can close it any more. Its fields: {@link ResourceEvent}.
 *
 * <p>Not thread-safe (one instance per commit).
 */
@Name("leakwatch.ResourceLeaked")
@Label("Resource Leaked")
@Category("leakwatch")
@Description("A resource became unreachable while open: nobody can close it any more")
public final class ResourceLeakedEvent extends ResourceEvent {
}
