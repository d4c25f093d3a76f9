package io.leakwatch.agent.install;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives JDK classes the bytes the agent instrumented them into in an earlier JVM ({@link TransformCache}), when the
 * bytes the JVM hands over are exactly those the entry was made from: the classes loaded already, retransformed at
 * start-up, and the others as they load (most JVMs never load most of them: sockets, selectors, pipes, pools). A class
 * loading with other bytes (another agent changed them first) is instrumented by the fallback, Byte Buddy made for
 * the JDK's classes; at a retransformation, other bytes are left to the caller ({@link #gave}). Any other class is
 * left to the rest of the agent. Stays registered, so that a later retransformation (by another agent, say) keeps
 * the advice.
 *
 * <p>Thread-safe: the entries are never changed; the set of classes given is concurrent.
 */
final class CachedClasses implements ClassFileTransformer {
    /**
     * Internal name ({@code java/io/FileInputStream}) to {@code {input in canonical form, output}} (see
     * {@link MemberOrder}).
     */
    private final Map<String, byte[][]> byInternalName = new HashMap<>();
    private final Set<String> given = ConcurrentHashMap.newKeySet();
    /** {@code -Dio.leakwatch.debug.transforms=true}, as for Byte Buddy's transformations. */
    private final boolean verbose = Boolean.getBoolean("io.leakwatch.debug.transforms");

    /** Instruments a class loading with bytes no entry was made from; never registered as a transformer itself. */
    private final ClassFileTransformer fallback;

    /**
     * @param entries  binary class name to {@code {input in canonical form, output, class file}}
     * @param fallback instruments an entry's class that loads with other bytes
     */
    CachedClasses(Map<String, byte[][]> entries, ClassFileTransformer fallback) {
        this.fallback = fallback;
        for (Map.Entry<String, byte[][]> e : entries.entrySet()) {
            byInternalName.put(e.getKey().replace('.', '/'), e.getValue());
        }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) throws IllegalClassFormatException {
        if (loader != null || name == null) {
            return null;
        }
        byte[][] entry = byInternalName.get(name);
        if (entry == null) {
            return null;
        }
        if (!TransformCache.madeFrom(entry, bytes)) {
            if (verbose) {
                System.err.println("leakwatch: not from the cache: " + name.replace('/', '.') + " (" + bytes.length
                                   + " bytes handed over, the entry was made from " + entry[0].length + ")");
            }
            // loading now: its only chance to be instrumented
            return redefined == null ? fallback.transform(module, loader, name, null, domain, bytes) : null;
        }
        given.add(name);
        if (verbose) {
            System.err.println("leakwatch: instrumented " + name.replace('/', '.') + " (from the cache)");
        }
        return entry[1];
    }

    /** Whether every class of {@code classes} was given its entry (none was refused for different input bytes). */
    boolean gave(java.util.Collection<Class<?>> classes) {
        for (Class<?> c : classes) {
            if (!given.contains(c.getName().replace('.', '/'))) {
                return false;
            }
        }
        return true;
    }
}
