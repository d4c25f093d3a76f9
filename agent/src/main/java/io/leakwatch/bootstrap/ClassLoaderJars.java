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
 * <p>The entry points ({@link Hooks#classLoaderMade}, {@link Hooks#classPathOpening}, {@link Hooks#jarOpened}) are
 * here, for any family whose resources a class loader opens (the {@code file} family's jars).
 *
 * <p>Thread-safe: the map is guarded by this object; each thread's {@link Opening} chain is its own.
 */
final class ClassLoaderJars {
    private final ResourceRegistry registry;
    /** Class paths of the loaders made since start, by identity (URLClassPath keeps Object's equals), weakly. */
    private final Map<Object, Site> byClassPath = new WeakHashMap<>();

    ClassLoaderJars(ResourceRegistry registry) {
        this.registry = registry;
    }

    /** A loader was made at {@code stack}, with its class path {@code classPath}. */
    synchronized void loaderMade(Object classPath, InternedStack stack) {
        byClassPath.put(classPath, new Site(stack.owner, stack, false));
    }

    /**
     * A jar or zip file of {@code kind} opened {@code path}: always with its stack (it decides whether a class path jar
     * is the JVM's); whose it is follows what is opening jars on this thread.
     */
    void jarOpened(ResourceKind kind, Object zip, String path, int flags) {
        ThreadState ts = ThreadState.current();
        Throwable here = new Throwable();
        Opening opening = ts.jarOpening;
        Site site = opening == null ? null : opening.site;
        if (site == null) {
            registry.acquire(kind, zip, path, flags, here, true, 0, ts, null, null);
        } else if (site.needsApplicationLine) {
            registry.acquire(kind, zip, path, flags, here, true, 0, ts, null, null, site.owner);
        } else {
            registry.acquire(kind, zip, path, flags, here, true, 0, ts, site.owner, site.stack);
        }
    }

    /** A {@code URLClassLoader} whose class path is {@code classPath} was made: where, and so whose its jars are. */
    void classLoaderMade(Object classPath) {
        ThreadState ts = ThreadState.current();
        if (ts.agentDepth != 0 || !registry.isEnabled(ResourceKind.FILE)) {
            return;
        }
        Throwable here = new Throwable();
        ts.enter();
        try {
            loaderMade(classPath, registry.intern(here, 0));
        } catch (Throwable t) {
            registry.countFailure();
        } finally {
            ts.exit();
        }
    }

    /** {@code classPath} is about to open jars on this thread; returns what was opening before, to restore after. */
    Opening classPathOpening(Object classPath) {
        ThreadState ts = ThreadState.current();
        Opening before = ts.jarOpening;
        ts.jarOpening = new Opening(siteOf(classPath), before);
        return before;
    }

    /** An uncached {@code jar:} URL connection is about to open its jar on this thread; as above. */
    Opening uncachedJarOpening() {
        ThreadState ts = ThreadState.current();
        Opening before = ts.jarOpening;
        ts.jarOpening = new Opening(Site.UNCACHED_JAR, before);
        return before;
    }

    /** The opening begun by {@link #classPathOpening} or {@link #uncachedJarOpening} ended. */
    void jarOpeningEnded(Opening before) {
        ThreadState.current().jarOpening = before;
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
