package io.leakwatch.agent.premain;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The agent's entry point ({@code -javaagent:leakwatch-agent.jar[=options]}).
 *
 * <p>It defines the dependency-free {@code io.leakwatch.bootstrap} package in the bootstrap class loader (advice
 * inlined into JDK classes calls it), loads everything else from the jar's private {@code inst/} directory through an
 * {@link AgentClassLoader}, and hands over to the installer.
 *
 * <p>The bootstrap classes are defined directly rather than by appending the jar to the boot class path: appending
 * makes HotSpot switch class-data sharing off for application classes and print a warning on every start, a visible
 * change to the application. Nothing here can fail the JVM: a problem prints one line
 * and the application runs untracked.
 *
 * <p>Thread-safe (stateless).
 */
public final class LeakWatchAgent {
    private static final String BOOTSTRAP_DIR = "io/leakwatch/bootstrap/";
    private static final String INSTALLER = "io.leakwatch.agent.install.AgentInstaller";

    private LeakWatchAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst);
    }

    private static void start(String args, Instrumentation inst) {
        try {
            File jar = new File(LeakWatchAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            defineBootstrapClasses(jar, inst);
            ClassLoader loader = new AgentClassLoader(jar, ClassLoader.getPlatformClassLoader());
            Class<?> installer = Class.forName(INSTALLER, true, loader);
            installer.getMethod("install", String.class, Instrumentation.class).invoke(null, args, inst);
        } catch (Throwable t) {
            Throwable cause = t.getCause() != null ? t.getCause() : t;
            System.err.println("leakwatch: agent not started, the application runs without it: " + cause);
        }
    }

    /** Defines every class of io/leakwatch/bootstrap in the boot loader, superclasses before their subclasses. */
    private static void defineBootstrapClasses(File jar, Instrumentation inst) throws Exception {
        Map<String, byte[]> pending = new LinkedHashMap<>();
        try (JarFile jf = new JarFile(jar, false)) {
            for (Enumeration<JarEntry> e = jf.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.startsWith(BOOTSTRAP_DIR) && name.endsWith(".class") && !name.endsWith("package-info.class")) {
                    try (InputStream in = jf.getInputStream(jf.getJarEntry(name))) {
                        pending.put(name.substring(0, name.length() - 6).replace('/', '.'), in.readAllBytes());
                    }
                }
            }
        }
        Module base = Object.class.getModule();
        inst.redefineModule(base, Set.of(), Map.of(),
                            Map.of("jdk.internal.misc", Set.of(LeakWatchAgent.class.getModule())), Set.of(), Map.of());
        Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
        Method define = unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                                              ClassLoader.class, ProtectionDomain.class);
        while (!pending.isEmpty()) {
            List<String> defined = new ArrayList<>();
            Throwable last = null;
            for (Map.Entry<String, byte[]> c : pending.entrySet()) {
                try {
                    define.invoke(unsafe, c.getKey(), c.getValue(), 0, c.getValue().length, null, null);
                    defined.add(c.getKey());
                } catch (java.lang.reflect.InvocationTargetException e) {
                    // most likely its superclass is not defined yet: retry in the next round
                    last = e.getCause();
                }
            }
            if (defined.isEmpty()) {
                throw new IOException("cannot define the bootstrap classes " + pending.keySet() + ": " + last);
            }
            defined.forEach(pending::remove);
        }
    }
}
