package io.leakwatch.agent.attach;

import io.leakwatch.agent.install.AgentProperties;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Properties;

/**
 * A running JVM reached through the attach API, and, when asked, through its local JMX connector, which the attach
 * API starts ({@code startLocalManagementAgent}: local connections only, no port, no password) and which reaches the
 * agent's MBeans without any JMX set-up by the user. The attach API ({@code jdk.attach}) is reached by reflection:
 * the agent's loader does not see that module.
 *
 * <p>Not thread-safe; one command's connection.
 */
final class LiveJvm implements AutoCloseable {
    private static final String VM = "com.sun.tools.attach.VirtualMachine";

    private final Class<?> vmClass;
    private final Object vm;
    private JMXConnector connector;

    private LiveJvm(Class<?> vmClass, Object vm) {
        this.vmClass = vmClass;
        this.vm = vm;
    }

    /**
     * Attaches to {@code pid}.
     *
     * @throws IllegalStateException with one line saying why it cannot (no attach API, not attachable)
     */
    static LiveJvm attach(String pid) {
        Class<?> vmClass;
        try {
            vmClass = Class.forName(VM, true, attachLoader());
        } catch (ClassNotFoundException | RuntimeException e) {
            throw new IllegalStateException("this Java runtime has no attach API (module jdk.attach); run the command"
                                            + " with the java of a JDK, not a JRE");
        }
        try {
            return new LiveJvm(vmClass, vmClass.getMethod("attach", String.class).invoke(null, pid));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot attach to process " + pid + ": " + e.getCause().getMessage()
                                            + " (it must be a HotSpot JVM of the same user, started without"
                                            + " -XX:+DisableAttachMechanism)");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the attach API failed: " + e);
        }
    }

    /** A machine attached already ({@code vm}, of the attach API's {@code vmClass}), whose caller detaches it. */
    static LiveJvm of(Class<?> vmClass, Object vm) {
        return new LiveJvm(vmClass, vm);
    }

    /** Whether the agent runs in that JVM. */
    boolean agentActive() throws ReflectiveOperationException {
        Properties p = (Properties) vmClass.getMethod("getAgentProperties").invoke(vm);
        return AgentProperties.ACTIVE.equals(p.getProperty(AgentProperties.KEY));
    }

    /** That JVM's MBeans, through its local JMX connector (started now if it was not). */
    MBeanServerConnection jmx() throws IOException, ReflectiveOperationException {
        if (connector == null) {
            String url = (String) vmClass.getMethod("startLocalManagementAgent").invoke(vm);
            connector = JMXConnectorFactory.connect(new JMXServiceURL(url));
        }
        return connector.getMBeanServerConnection();
    }

    /** Closes the JMX connection, if one was made; the machine stays attached. */
    void closeJmx() {
        if (connector != null) {
            try {
                connector.close();
            } catch (IOException | RuntimeException ignored) {
                // the command ends anyway
            }
            connector = null;
        }
    }

    @Override
    public void close() {
        closeJmx();
        try {
            vmClass.getMethod("detach").invoke(vm);
        } catch (ReflectiveOperationException | RuntimeException ignored) {
            // the connection is closed by the exit of this command anyway
        }
    }

    /** The loader of module {@code jdk.attach} (the application loader on JDK 17 to 25), or the system loader. */
    static ClassLoader attachLoader() {
        return ModuleLayer.boot().findModule("jdk.attach").map(Module::getClassLoader)
            .orElse(ClassLoader.getSystemClassLoader());
    }
}
