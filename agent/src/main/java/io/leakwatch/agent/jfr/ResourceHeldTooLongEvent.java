package io.leakwatch.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * An open resource crossed {@code holdthreshold=}: a suspected leak, once per resource. Its fields:
 * {@link ResourceEvent}.
 *
 * <p>Not thread-safe (one instance per commit).
 */
@Name("leakwatch.ResourceHeldTooLong")
@Label("Resource Held Too Long")
@Category("leakwatch")
@Description("An open resource is held longer than holdthreshold=: a suspected leak")
public final class ResourceHeldTooLongEvent extends ResourceEvent {
}
