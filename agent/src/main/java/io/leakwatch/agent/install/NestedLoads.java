package io.leakwatch.agent.install;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds the JDK classes the cache has entries for that loaded without being given them, and retransforms them. The
 * JVM hands a class first loaded while a class file transformer runs on the same thread to no transformer at all,
 * and making Byte Buddy's engine inside a transformation (when the first JDBC class loads, or a JDK class comes in a
 * form the cache has no output for) loads JDK classes (the file channel's hierarchy, for one): without this sweep they
 * would stay uninstrumented for the life of the JVM.
 *
 * <p>Thread-safe: each sweep lists the loaded classes on its own; a class retransformed twice gets the same bytes.
 */
final class NestedLoads implements Runnable {
    private final Instrumentation inst;
    private final Set<String> jdkNamed;
    /** Internal names of the classes given their bytes (concurrent, filled by {@link CachedClasses}). */
    private final Set<String> given;

    /**
     * @param jdkNamed binary names of the JDK classes the cache has entries for
     * @param given    internal names of those given their bytes so far (concurrent)
     */
    NestedLoads(Instrumentation inst, Set<String> jdkNamed, Set<String> given) {
        this.inst = inst;
        this.jdkNamed = Set.copyOf(jdkNamed);
        this.given = given;
    }

    /** Retransforms the targets loaded but never given their bytes; returns how many there were. */
    int sweep() throws java.lang.instrument.UnmodifiableClassException {
        List<Class<?>> missed = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getClassLoader() == null && jdkNamed.contains(c.getName())
                && !given.contains(c.getName().replace('.', '/'))) {
                missed.add(c);
            }
        }
        if (!missed.isEmpty()) {
            inst.retransformClasses(missed.toArray(new Class<?>[0]));
        }
        return missed.size();
    }

    /**
     * Sweeps once the transformation running now is over: on a thread of its own (retransforming from inside a
     * transformation is not allowed), started now.
     */
    void sweepLater() {
        Thread t = new Thread(this, "leakwatch-sweep");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        try {
            sweep();
        } catch (Throwable t) {
            // a class left uninstrumented: missed records, never the application's failure
            if (Boolean.getBoolean("io.leakwatch.debug.transforms")) {
                System.err.println("leakwatch: classes loaded while instrumenting were not instrumented: " + t);
            }
        }
    }
}
