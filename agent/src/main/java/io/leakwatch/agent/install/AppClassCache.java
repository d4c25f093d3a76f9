package io.leakwatch.agent.install;

import io.leakwatch.bootstrap.Hooks;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The application's classes (JDBC drivers and pools, JCuda) as Byte Buddy instrumented them in an earlier JVM, so
 * that the next JVM of a build applies them without building Byte Buddy's engine: for a program that opens a HikariCP
 * pool over H2, that engine was about half a second of CPU in every JVM.
 *
 * <p>Keyed exactly, by everything Byte Buddy's output depends on: the class's name and its bytes as the JVM hands them
 * over (compared in full), which plans apply to it (decided from class file headers, the class's own and its
 * supertypes', which is what Byte Buddy's matcher looks at: see {@link Candidates#plansFor}), and, as the file's key
 * ({@link TransformCache#forApplication}), the agent jar, the JDK and the kinds tracked. A class that a plan selects
 * but that Byte Buddy left unchanged (an interface extending a JDBC interface, say) is kept too, as an empty output,
 * so that it does not build the engine either. A class met in a form or with plans no output was made for goes to
 * Byte Buddy, and what it makes is added to the file at exit.
 *
 * <p>The file is read when the first class to decide loads (a JVM that loads no driver never reads it), and written
 * at exit, when this JVM made outputs the file lacked, by a shutdown hook registered then.
 *
 * <p>Thread-safe: classes load on any thread; the entries are read once (racing first reads read the same file) and
 * never changed; the outputs made are collected under {@link InstrumentedClasses}' lock.
 */
final class AppClassCache {
    private static final byte[] UNCHANGED = new byte[0];

    private final TransformCache file;
    private final Instrumentation inst;
    private final boolean verbose = Boolean.getBoolean("io.leakwatch.debug.transforms");
    private volatile Map<String, TransformCache.Entry> entries;
    private final InstrumentedClasses made = new InstrumentedClasses();
    private final AtomicBoolean writeAtExit = new AtomicBoolean();

    /**
     * @param file the application classes' file
     * @param inst lets a named module whose class gets advice from the file read the bootstrap package, as Byte
     *             Buddy's transformation does
     */
    AppClassCache(TransformCache file, Instrumentation inst) {
        this.file = file;
        this.inst = inst;
    }

    /**
     * What to give the class {@code internalName} of {@code module}, loading with the bytes {@code input}, to which
     * the plans {@code plans} apply: its output from the file, an empty array when Byte Buddy left it unchanged, or
     * {@code null} when the file has nothing made from exactly these bytes for these plans.
     */
    byte[] outputFor(Module module, String internalName, String plans, byte[] input) {
        TransformCache.Entry entry = entries().get(key(internalName, plans));
        byte[] output = entry == null ? null : entry.outputFor(input);
        if (output == null) {
            return null;
        }
        if (output.length > 0) {
            if (!readsBootstrap(module)) {
                // advice that could not call the bootstrap package would fail in the application's code
                return null;
            }
            if (verbose) {
                System.err.println("leakwatch: instrumented " + internalName.replace('/', '.') + " (from the cache)");
            }
        }
        return output;
    }

    /**
     * Records that Byte Buddy made {@code output} ({@code null}: left it unchanged) from {@code input} for the class
     * {@code internalName} with the plans {@code plans}; it goes into the file at exit unless the file had it.
     */
    void add(String internalName, String plans, byte[] input, byte[] output) {
        String key = key(internalName, plans);
        TransformCache.Entry entry = entries().get(key);
        if (entry != null && entry.outputFor(input) != null) {
            return;
        }
        made.add(key, input.clone(), output == null ? UNCHANGED : output.clone());
        if (writeAtExit.compareAndSet(false, true)) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(this::write, "leakwatch-cache"));
            } catch (IllegalStateException | SecurityException exiting) {
                // loaded while the JVM exits: the next JVM makes it again
            }
        }
    }

    private Map<String, TransformCache.Entry> entries() {
        Map<String, TransformCache.Entry> read = entries;
        if (read == null) {
            Hooks.enterAgent();
            try {
                read = file.read();
            } finally {
                Hooks.exitAgent();
            }
            entries = read;
        }
        return read;
    }

    /** Adds the outputs made in this JVM to the file (at exit; tests call it themselves). */
    void write() {
        // the agent's own file, not the application's
        Hooks.enterAgent();
        try {
            file.write(made.byClass());
        } finally {
            Hooks.exitAgent();
        }
    }

    /**
     * Whether {@code module} reads the bootstrap package its class's advice calls, after making a named module that
     * reads only what it declares read it.
     */
    private boolean readsBootstrap(Module module) {
        Module bootstrap = Hooks.class.getModule();
        if (module == null || !module.isNamed() || module.canRead(bootstrap)) {
            return true;
        }
        try {
            inst.redefineModule(module, Set.of(bootstrap), Map.of(), Map.of(), Set.of(), Map.of());
            return module.canRead(bootstrap);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String key(String internalName, String plans) {
        return internalName.replace('/', '.') + "#" + plans;
    }
}
