/**
 * Wires the live view (module {@code jmx-mbeans}) to the agent: the {@link io.leakwatch.jmx.LiveSource} over the
 * registry, the hold-time and event sinks the registry calls, and the live view's thread, which runs as the agent.
 */
package io.leakwatch.agent.live;
