package io.leakwatch.agent.install;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Marks the JVM as running leakwatch in its <em>agent properties</em>, which tools read through the attach API
 * ({@code VirtualMachine.getAgentProperties()}) without touching the application's system properties: the
 * {@code attach} command reads the mark to tell a JVM that already runs the agent, and to confirm that it started.
 *
 * <p>Thread-safe (stateless); called once by the installer.
 */
public final class AgentProperties {
    /** The key of the mark; its value is {@link #ACTIVE} once the agent is installed. */
    public static final String KEY = "io.leakwatch.agent";
    public static final String ACTIVE = "active";

    private AgentProperties() {
    }

    /**
     * Sets the mark. The agent properties are held by {@code jdk.internal.vm.VMSupport} (JDK 17 to 25), exported here
     * to this class's module only. A failure leaves the JVM unmarked: the agent runs all the same.
     */
    static void markActive(Instrumentation inst) {
        try {
            Module base = Object.class.getModule();
            inst.redefineModule(base, Set.of(), Map.of("jdk.internal.vm", Set.of(AgentProperties.class.getModule())),
                                Map.of(), Set.of(), Map.of());
            Class<?> support = Class.forName("jdk.internal.vm.VMSupport");
            Properties p = (Properties) support.getMethod("getAgentProperties").invoke(null);
            p.setProperty(KEY, ACTIVE);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("leakwatch: cannot mark this JVM as running the agent (the attach command will not see"
                               + " it): " + e);
        }
    }
}
