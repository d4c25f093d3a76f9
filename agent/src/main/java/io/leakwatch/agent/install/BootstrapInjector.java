package io.leakwatch.agent.install;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
    public static void defineInBootLoader(byte[] pack) throws Throwable {
        defineInBootLoader(AgentJarPacking.readBootstrap(new java.io.ByteArrayInputStream(pack)));
    }

    /** Defines every class in {@code classes} (binary name to class file) in the boot loader, supertypes first. */
    static void defineInBootLoader(Map<String, byte[]> classes) throws Throwable {
        Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
        Definer define = Runtime.version().feature() >= 18 ? new ByHandle(unsafeClass) : new ByReflection(unsafeClass);
        Map<String, byte[]> pending = new LinkedHashMap<>(classes);
        while (!pending.isEmpty()) {
            List<String> defined = new ArrayList<>();
            Throwable last = null;
            for (Map.Entry<String, byte[]> c : pending.entrySet()) {
                try {
                    // the pack's classes carry the JIT's marks already: the build adds them and checks it did
                    // (looking here scanned its 200 KB byte by byte at every start)
                    define.inBootLoader(c.getKey(), c.getValue());
                    defined.add(c.getKey());
                } catch (InvocationTargetException e) {
                    // most likely its superclass is not defined yet: retried in the next round
                    last = e.getCause();
                } catch (LinkageError | RuntimeException e) {
                    last = e;
                }
            }
            if (defined.isEmpty()) {
                throw new IllegalStateException("cannot define the bootstrap classes " + pending.keySet(), last);
            }
            for (String name : defined) {
                pending.remove(name);
            }
        }
    }

    /** Calls {@code jdk.internal.misc.Unsafe.defineClass} with no loader and no protection domain. */
    private interface Definer {
        void inBootLoader(String name, byte[] bytes) throws Throwable;
    }

    /**
     * Through a method handle, from JDK 18 on: there a reflective call is a method handle adapted to take an
     * {@code Object[]}, and the first call of its shape spins about twenty classes (34 ms of CPU against 10 ms for
     * the handle alone, measured on JDK 25).
     */
    private static final class ByHandle implements Definer {
        private final Object unsafe;
        private final MethodHandle define;

        ByHandle(Class<?> unsafeClass) throws Throwable {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            unsafe = lookup.findStatic(unsafeClass, "getUnsafe", MethodType.methodType(unsafeClass)).invoke();
            define = lookup.findVirtual(unsafeClass, "defineClass", MethodType.methodType(
                Class.class, String.class, byte[].class, int.class, int.class, ClassLoader.class,
                ProtectionDomain.class));
        }

        @Override
        public void inBootLoader(String name, byte[] bytes) throws Throwable {
            Object ignored = define.invoke(unsafe, name, bytes, 0, bytes.length, (ClassLoader) null,
                                           (ProtectionDomain) null);
        }
    }

    /** Through reflection, on JDK 17: its first calls are native, where a method handle spins classes. */
    private static final class ByReflection implements Definer {
        private final Object unsafe;
        private final Method define;

        ByReflection(Class<?> unsafeClass) throws ReflectiveOperationException {
            unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
            define = unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                                           ClassLoader.class, ProtectionDomain.class);
        }

        @Override
        public void inBootLoader(String name, byte[] bytes) throws ReflectiveOperationException {
            define.invoke(unsafe, name, bytes, 0, bytes.length, null, null);
        }
    }
}
