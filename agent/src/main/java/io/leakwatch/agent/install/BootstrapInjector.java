package io.leakwatch.agent.install;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Defines the bootstrap package's classes directly in the boot class loader.
 *
 * <p>It runs in the agent's private class loader, and the launcher opens {@code jdk.internal.misc} to that loader's
 * unnamed module only: opening it to the launcher's own module would open it to every class on the application's
 * class path as well (they share the application loader's unnamed module), changing what the application can do.
 *
 * <p>Not thread-safe; called once by the launcher.
 */
public final class BootstrapInjector {
    private BootstrapInjector() {
    }

    /**
     * Defines every class of {@code pack} (the build's {@link AgentJarPacking#BOOTSTRAP_PACK}, supertypes first) in
     * the boot loader.
     */
    public static void defineInBootLoader(byte[] pack) throws Exception {
        defineInBootLoader(AgentJarPacking.readBootstrap(new java.io.ByteArrayInputStream(pack)));
    }

    /** Defines every class in {@code classes} (binary name to class file) in the boot loader, supertypes first. */
    static void defineInBootLoader(Map<String, byte[]> classes) throws Exception {
        Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
        Method define = unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                                              ClassLoader.class, ProtectionDomain.class);
        Map<String, byte[]> pending = new LinkedHashMap<>(classes);
        while (!pending.isEmpty()) {
            List<String> defined = new ArrayList<>();
            Throwable last = null;
            for (Map.Entry<String, byte[]> c : pending.entrySet()) {
                try {
                    // the jar's bootstrap classes carry the marks already (the build adds them): no ASM is loaded
                    byte[] bytes = OutOfLineMarks.needed(c.getValue()) ? OutOfLineMarks.apply(c.getValue())
                        : c.getValue();
                    define.invoke(unsafe, c.getKey(), bytes, 0, bytes.length, null, null);
                    defined.add(c.getKey());
                } catch (InvocationTargetException e) {
                    // most likely its superclass is not defined yet: retried in the next round
                    last = e.getCause();
                }
            }
            if (defined.isEmpty()) {
                throw new IllegalStateException("cannot define the bootstrap classes " + pending.keySet(), last);
            }
            defined.forEach(pending::remove);
        }
    }
}
