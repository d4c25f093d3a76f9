package io.leakwatch.bootstrap;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * Whose the jars are that a class loader opens, and whose a jar is that a {@code jar:} URL connection opens.
 *
 * <ul>
 *   <li>A {@code URLClassLoader} (or subclass) owns the jars of its class path: they stay open until its
 *       {@code close()}, and a loader dropped unclosed leaks them. The class path's, the module path's and the JDK's
 *       jars (opened by the built-in loaders) stay the JVM's. A loader is remembered with whose it is and where it
 *       was made, by its {@code URLClassPath} (weakly: the loader and its jars are collected as without the agent);
 *       while that class path opens a jar ({@code URLClassPath.getLoader(int)}, where every jar of it is first
 *       opened, JDK 17 to 25), the thread's {@link Opening} names the loader. The jar is then the loader's owner's,
 *       shown at the application line that made the loader open it, or, with none on the stack, where the loader was
 *       made.</li>
 *   <li>A {@code jar:} URL connection with caches on (the default) shares one jar file per jar through the JDK's
 *       cache for the life of the JVM: the application cannot close it, so it is the JVM's. With caches off
 *       ({@code setUseCaches(false)}), the connection's own jar file closes with its input stream: it is the
 *       application's, at the line that opened the connection's stream.</li>
 * </ul>
 *
 * <p>Thread-safe: the map is guarded by this object; each thread's {@link Opening} chain is its own.
 */
final class ClassLoaderJars {
    /** Class paths of the loaders made since start, by identity (URLClassPath keeps Object's equals), weakly. */
    private final Map<Object, Site> byClassPath = new WeakHashMap<>();

    /** A loader was made at {@code stack}, with its class path {@code classPath}. */
    synchronized void loaderMade(Object classPath, InternedStack stack) {
        byClassPath.put(classPath, new Site(stack.owner, stack, false));
    }

    /** Where the loader of {@code classPath} was made, or {@code null} for a built-in loader's. */
    synchronized Site siteOf(Object classPath) {
        return byClassPath.get(classPath);
    }

    /** Whose jars opened under a site are, and what to show when the opening stack has no application line. */
    static final class Site {
        /** An uncached {@code jar:} URL connection: the application's, where an application line opened it. */
        static final Site UNCACHED_JAR = new Site(Owner.APPLICATION, null, true);

        final Owner owner;
        /** Where the loader was made; {@code null} for {@link #UNCACHED_JAR}. */
        final InternedStack stack;
        /** Only an acquisition with an application line on its stack is this owner's. */
        final boolean needsApplicationLine;

        private Site(Owner owner, InternedStack stack, boolean needsApplicationLine) {
            this.owner = owner;
            this.stack = stack;
            this.needsApplicationLine = needsApplicationLine;
        }
    }

    /**
     * What is opening jars on a thread now: a loader's class path ({@code site}), an uncached {@code jar:} connection,
     * or a built-in loader's class path ({@code site == null}); nested openings chain to the one they interrupt.
     * Immutable; one thread's.
     */
    static final class Opening {
        final Site site;
        final Opening previous;

        Opening(Site site, Opening previous) {
            this.site = site;
            this.previous = previous;
        }
    }
}
