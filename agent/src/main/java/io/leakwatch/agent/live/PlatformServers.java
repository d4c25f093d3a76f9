package io.leakwatch.agent.live;

import javax.management.MBeanServer;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Whether the platform MBeanServer exists already, found out without creating it: an agent started before
 * leakwatch's (the Prometheus JMX exporter, say), or the JDK's own {@code jmxremote} connector, may have created it
 * before leakwatch could see the call. {@code ManagementFactory} holds it in a private static field, read only when
 * the class has been initialized (reading it otherwise would initialize the class, loading the JDK's management
 * library in every JVM). The installer opens {@code java.lang.management} and the launcher {@code jdk.internal.misc}
 * to the agent's own loader, never to the application's.
 *
 * <p>Thread-safe (stateless).
 */
final class PlatformServers {
    static final String FACTORY = "java.lang.management.ManagementFactory";

    private PlatformServers() {
    }

    /** The platform MBeanServer if it exists now, else {@code null}; {@code null} too when this cannot be told. */
    static MBeanServer existing() {
        try {
            Class<?> factory = Class.forName(FACTORY, false, null);
            if (!initialized(factory)) {
                return null;
            }
            Field f = factory.getDeclaredField("platformMBeanServer");
            f.setAccessible(true);
            return (MBeanServer) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // a JDK without the field: the live view waits for the next call to getPlatformMBeanServer
            return null;
        }
    }

    private static boolean initialized(Class<?> c) throws ReflectiveOperationException {
        Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
        Method shouldBeInitialized = unsafeClass.getMethod("shouldBeInitialized", Class.class);
        return !(Boolean) shouldBeInitialized.invoke(unsafe, c);
    }
}
