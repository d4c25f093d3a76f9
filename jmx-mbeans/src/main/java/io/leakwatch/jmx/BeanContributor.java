package io.leakwatch.jmx;

import javax.management.JMException;
import javax.management.MBeanServer;

/**
 * Registers further MBeans (the process bean, ...) in the platform MBeanServer at the moment the live view registers
 * its own: after the application's {@code main} started, on the live view's thread, as the agent. Added with
 * {@link LiveView#addContributor} before {@link LiveView#start}.
 *
 * <p>Implementations need not be thread-safe: each is called once, on one thread.
 */
public interface BeanContributor {
    /** Registers this contributor's beans in {@code server}; a failure is reported in one line and skipped. */
    void register(MBeanServer server) throws JMException;
}
