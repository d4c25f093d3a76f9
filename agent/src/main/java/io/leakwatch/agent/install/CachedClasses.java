package io.leakwatch.agent.install;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives JDK classes the bytes the agent instrumented them into in an earlier JVM ({@link TransformCache}), when the
 * bytes the JVM hands over are exactly those the entry was made from; any other class, or other bytes, are left to
 * the rest of the agent. Stays registered, so that a later retransformation (by another agent, say) keeps the
 * advice.
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

    /** @param entries binary class name to {@code {input in canonical form, output}} */
    CachedClasses(Map<String, byte[][]> entries) {
        for (Map.Entry<String, byte[][]> e : entries.entrySet()) {
            byInternalName.put(e.getKey().replace('.', '/'), e.getValue());
        }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) {
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
            return null;
        }
        given.add(name);
        if (verbose) {
            System.err.println("leakwatch: instrumented " + name.replace('/', '.') + " (from the cache)");
        }
        return entry[1];
    }

    /** Whether every entry has been given to its class (none was refused for different input bytes). */
    boolean allGiven() {
        return given.size() == byInternalName.size();
    }
}
