package io.leakwatch.agent.install;

import io.leakwatch.bootstrap.Hooks;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.function.Supplier;

/**
 * Instruments the application's classes (JDBC drivers and pools, JCuda) with Byte Buddy, which it loads only when the
 * first class that may need it is loaded: a JVM whose JDK classes came from the {@link TransformCache} and that never
 * loads a driver or JCuda never loads Byte Buddy's engine (only the interface of its matchers, which the JDBC prefilter
 * implements).
 *
 * <p>Thread-safe: the transformer is made once, under this object's lock, which is never held while transforming
 * (making it loads only the agent's and the JDK's classes, so a thread loading an application class that waits here
 * cannot hold a lock the maker needs); it is read through a volatile field afterwards.
 */
final class LazyByteBuddy implements ClassFileTransformer {
    private final Candidates candidates;
    private final Supplier<ClassFileTransformer> maker;
    /** Finds the JDK classes loaded while the engine was made, inside a transformation (see {@link NestedLoads}). */
    private final NestedLoads nested;
    /** The application classes instrumented in earlier JVMs; {@code null}: none kept (the JDK classes' fallback). */
    private final AppClassCache appClasses;
    private volatile ClassFileTransformer made;
    private volatile boolean failed;

    /**
     * @param candidates the classes that may need instrumenting (the others never load Byte Buddy)
     * @param maker      makes Byte Buddy's transformer (called at most once)
     * @param nested     swept once the transformer is made
     * @param appClasses the application classes instrumented in earlier JVMs, given from there and added to;
     *                   {@code null} for none
     */
    LazyByteBuddy(Candidates candidates, Supplier<ClassFileTransformer> maker, NestedLoads nested,
                  AppClassCache appClasses) {
        this.candidates = candidates;
        this.maker = maker;
        this.nested = nested;
        this.appClasses = appClasses;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) throws IllegalClassFormatException {
        if (candidates.skip(loader, name, redefined, domain, bytes)) {
            return null;
        }
        // which plans apply, when the headers tell (classes retransformed later are left to Byte Buddy's matchers)
        String plans = appClasses == null || redefined != null ? null : candidates.plansFor(loader, name, bytes);
        if (plans != null) {
            if (plans.isEmpty()) {
                // selected by none: Byte Buddy would leave it as it is (an interface extending a JDBC one, say)
                return null;
            }
            byte[] cached = appClasses.outputFor(module, name, plans, bytes);
            if (cached != null) {
                return cached.length == 0 ? null : cached;
            }
        }
        if (failed) {
            return null;
        }
        Hooks.enterAgent();
        try {
            if (made == null && Boolean.getBoolean("io.leakwatch.debug.transforms")) {
                System.err.println("leakwatch: Byte Buddy is made for " + (name == null ? "?" : name.replace('/', '.'))
                                   + (redefined != null ? " (retransformed)" : "") + " of loader " + loader);
            }
            ClassFileTransformer t = transformer();
            byte[] output = t == null ? null : t.transform(module, loader, name, redefined, domain, bytes);
            if (plans != null && t != null) {
                appClasses.add(name, plans, bytes, output);
            }
            return output;
        } finally {
            Hooks.exitAgent();
        }
    }

    private ClassFileTransformer transformer() {
        ClassFileTransformer t = made;
        if (t == null && !failed) {
            synchronized (this) {
                t = made;
                if (t == null && !failed) {
                    try {
                        t = maker.get();
                        made = t;
                        // making it loaded JDK classes inside this transformation, which no transformer saw
                        nested.sweepLater();
                    } catch (RuntimeException | LinkageError e) {
                        failed = true;
                        System.err.println("leakwatch: cannot instrument the application's classes (JDBC, JCuda), "
                                           + "their resources are not tracked: " + e);
                    }
                }
            }
        }
        return t;
    }
}
