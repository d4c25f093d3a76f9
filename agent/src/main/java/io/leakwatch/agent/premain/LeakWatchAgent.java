package io.leakwatch.agent.premain;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
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
    /** Written by the build (AgentJarPacking): the bootstrap package's classes, supertypes first. */
    private static final String BOOTSTRAP_PACK = "inst/bootstrap.pack";
    private static final String INSTALLER = "io.leakwatch.agent.install.AgentInstaller";
    private static final String INJECTOR = "io.leakwatch.agent.install.BootstrapInjector";

    private LeakWatchAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    /** {@code withJvm}: from {@code premain}, on the thread that will run {@code main}; else attached later. */
    private static void start(String args, Instrumentation inst, boolean withJvm) {
        long started = System.nanoTime();
        if (alreadyStarted()) {
            // a second attach, or an attach to a JVM started with -javaagent: one agent per JVM
            System.err.println("leakwatch: already active in this JVM; not started again");
            return;
        }
        try {
            File jar = new File(LeakWatchAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            ClassLoader loader = new AgentClassLoader(jar, ClassLoader.getPlatformClassLoader(), true);
            // opened to the agent's private loader only, never to the application's unnamed module
            inst.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                                Map.of("jdk.internal.misc", Set.of(loader.getUnnamedModule())), Set.of(), Map.of());
            Class<?> injector = Class.forName(INJECTOR, true, loader);
            if (Runtime.version().feature() >= 18) {
                // method handles: from JDK 18 on, the first reflective call of each shape spins about twenty
                // classes (hello world on JDK 25: 22 ms more CPU with reflection here)
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                lookup.findStatic(injector, "defineInBootLoader", MethodType.methodType(void.class, byte[].class))
                      .invoke(bootstrapPack(jar));
                // the installer refers to the bootstrap package: loaded once that is defined
                lookup.findStatic(Class.forName(INSTALLER, true, loader), "install",
                                  MethodType.methodType(void.class, Object[].class))
                      .invoke(new Object[] {args, inst, withJvm, jar, started});
            } else {
                // reflection: JDK 17 calls natively at first, where a method handle would spin classes (7 ms more)
                injector.getMethod("defineInBootLoader", byte[].class).invoke(null, (Object) bootstrapPack(jar));
                Class.forName(INSTALLER, true, loader).getMethod("install", Object[].class)
                     .invoke(null, (Object) new Object[] {args, inst, withJvm, jar, started});
            }
        } catch (Throwable t) {
            Throwable cause = (t instanceof ExceptionInInitializerError || t instanceof InvocationTargetException)
                              && t.getCause() != null ? t.getCause() : t;
            System.err.println("leakwatch: agent not started, the application runs without it: " + cause);
        }
    }

    /** Whether an agent started before has defined the bootstrap package in the boot loader. */
    private static boolean alreadyStarted() {
        try {
            Class.forName("io.leakwatch.bootstrap.Hooks", false, null);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * The bootstrap package as the build packed it: one entry, in the order its classes can be defined, rather than a
     * walk over the jar's thousands of entries at every start.
     */
    private static byte[] bootstrapPack(File jar) throws IOException {
        try (JarFile jf = new JarFile(jar, false)) {
            JarEntry pack = jf.getJarEntry(BOOTSTRAP_PACK);
            if (pack == null) {
                throw new IOException(BOOTSTRAP_PACK + " is missing from " + jar);
            }
            try (InputStream in = jf.getInputStream(pack)) {
                return in.readAllBytes();
            }
        }
    }
}
