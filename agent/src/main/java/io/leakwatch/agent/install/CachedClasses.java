package io.leakwatch.agent.install;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Gives JDK classes the bytes the agent instrumented them into in an earlier JVM ({@link TransformCache}), when the
 * bytes the JVM hands over are exactly those one of the entry's outputs was made from: the classes loaded already,
 * retransformed at start-up, and the others as they load (most JVMs never load most of them: sockets, selectors,
 * pipes, pools). A class handed over in a form no output was made from (run another way, or changed by another agent
 * first) is instrumented by the fallback, Byte Buddy made for the JDK's classes; what it makes at a retransformation
 * is kept ({@link #made}) for the cache. Any other class is left to the rest of the agent. Stays registered, so that
 * a later retransformation (by another agent, say) keeps the advice.
 *
 * <p>Thread-safe: the entries are never changed; the set of classes given and the classes made are concurrent.
 */
final class CachedClasses implements ClassFileTransformer {
    /** Internal name ({@code java/io/FileInputStream}) to its entry. */
    private final Map<String, TransformCache.Entry> byInternalName = new HashMap<>();
    /** The internal names of the classes given their bytes (shared with the {@link NestedLoads} sweep). */
    private final Set<String> given;
    private final InstrumentedClasses made = new InstrumentedClasses();
    /** {@code -Dio.leakwatch.debug.transforms=true}, as for Byte Buddy's transformations. */
    private final boolean verbose = Boolean.getBoolean("io.leakwatch.debug.transforms");

    /** Instruments a class handed over in a form no output was made from; never registered as a transformer itself. */
    private final ClassFileTransformer fallback;

    /**
     * @param entries  binary class name to its entry
     * @param fallback instruments an entry's class handed over in another form
     * @param given    where the internal name of each class given its bytes is added (concurrent)
     */
    CachedClasses(Map<String, TransformCache.Entry> entries, ClassFileTransformer fallback, Set<String> given) {
        this.fallback = fallback;
        this.given = given;
        for (Map.Entry<String, TransformCache.Entry> e : entries.entrySet()) {
            byInternalName.put(e.getKey().replace('.', '/'), e.getValue());
        }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) throws IllegalClassFormatException {
        if (loader != null || name == null) {
            return null;
        }
        TransformCache.Entry entry = byInternalName.get(name);
        if (entry == null) {
            return null;
        }
        byte[] cached = entry.outputFor(bytes);
        if (cached != null) {
            given.add(name);
            if (verbose) {
                System.err.println("leakwatch: instrumented " + name.replace('/', '.') + " (from the cache)");
            }
            return cached;
        }
        if (verbose) {
            System.err.println("leakwatch: not from the cache: " + name.replace('/', '.') + " (" + bytes.length
                               + " bytes handed over" + (redefined != null ? " to retransform" : "")
                               + ", a form no output was made from)");
        }
        byte[] output = fallback.transform(module, loader, name, redefined, domain, bytes);
        if (output != null) {
            given.add(name);
            if (redefined != null) {
                // a form this JVM hands over at start-up: the next JVM run alike finds it cached (forms met as
                // classes load later are not kept: the cache is written once, at start-up)
                made.add(name.replace('/', '.'), bytes, output.clone());
            }
        }
        return output;
    }

    /** Whether every class of {@code classes} was instrumented, from its entry or by the fallback. */
    boolean gave(java.util.Collection<Class<?>> classes) {
        for (Class<?> c : classes) {
            if (!given.contains(c.getName().replace('.', '/'))) {
                return false;
            }
        }
        return true;
    }

    /** The classes the fallback instrumented at a retransformation, with the bytes each was made from. */
    InstrumentedClasses made() {
        return made;
    }
}
