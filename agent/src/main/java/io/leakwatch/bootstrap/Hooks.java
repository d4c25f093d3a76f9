package io.leakwatch.bootstrap;

/**
 * The registry's entry points for the families' boot hooks ({@code io.leakwatch.family.<name>.boot}, which the advice
 * calls), and the agent's own hooks (class loaders' jars, other agents starting, the platform MBean server, the test
 * launcher): one static method per event, taking the resource and whatever describes it. Every method returns
 * normally, whatever happens inside: an agent failure costs a missed record (counted in
 * {@link RegistrySnapshot#agentFailures()}), never an application error. {@link #refusal} only says whether a limit
 * refuses an acquisition; the family's hook throws what its API throws then.
 *
 * <p>Before the agent has installed its registry, and for kinds that are not enabled, every call returns at once.
 *
 * <p>Thread-safe. The registry is held in the only mutable static of the agent: it is written once, by the installer,
 * because inlined advice can reach the agent through static members of bootstrap classes only.
 *
 * <p>Longer than most classes because it is the families' whole API into the registry, each method with the contract
 * a family relies on (see {@code docs/adding-a-kind.md}).
 */
public final class Hooks {
    private static volatile ResourceRegistry registry;
    /**
     * The installed registry while it has any limit, else {@code null}: the acquiring hooks' limit checks cost this
     * one volatile read when no limit is set.
     */
    private static volatile ResourceRegistry limited;

    private Hooks() {
    }

    /** Makes {@code r} the registry every hook reports to. Called once by the agent's installer. */
    public static void install(ResourceRegistry r) {
        registry = r;
        limitsChanged(r);
        CoarseClock.start();
    }

    /** {@code r}'s limits changed: the limit checks start or stop asking it. */
    static void limitsChanged(ResourceRegistry r) {
        if (r == registry) {
            limited = r.hasLimits() ? r : null;
        }
    }

    /** The installed registry, or {@code null} before the installer ran. */
    static ResourceRegistry registry() {
        return registry;
    }

    /**
     * Whether the acquisition of {@code kind} about to be reported should record its stack, by the stack policy (each
     * kind has its own budget under {@code stacks=adaptive}); asked in the instrumented method, where the stack is
     * cheapest to capture.
     */
    public static boolean captureStack(ResourceKind kind) {
        ResourceRegistry r = registry;
        try {
            return r != null && r.shouldCaptureStack(kind);
        } catch (Throwable t) {
            return false;
        }
    }

    /** Marks the calling thread as running agent code: nothing it opens is tracked until {@link #exitAgent()}. */
    public static void enterAgent() {
        ThreadState.current().enter();
    }

    /** Ends {@link #enterAgent()}. */
    public static void exitAgent() {
        ThreadState.current().exit();
    }

    /** As {@link #enterAgent()}, on the thread whose token ({@link PerThread#token}) the caller holds: no lookup. */
    public static void enterAgent(Object token) {
        if (token instanceof ThreadState) {
            ((ThreadState) token).enter();
        } else {
            enterAgent();
        }
    }

    /** Ends {@link #enterAgent(Object)}. */
    public static void exitAgent(Object token) {
        if (token instanceof ThreadState) {
            ((ThreadState) token).exit();
        } else {
            exitAgent();
        }
    }

    // ---- limits: called by enter advice before anything is acquired. Each returns normally unless the acquisition is
    // ---- refused (onlimit=fail), and then throws what the application already handles from that call when the
    // ---- operating system runs out of descriptors; an agent failure inside lets the acquisition go ahead.

    /**
     * A {@code URLClassLoader} was made ({@code classPath}: its {@code URLClassPath}): the jars it opens are whoever
     * made it's, until its {@code close()}.
     */
    public static void classLoaderMade(Object classPath) {
        ResourceRegistry r = registry;
        if (r != null && classPath != null) {
            r.loaderJars().classLoaderMade(classPath);
        }
    }

    /**
     * A class path ({@code jdk.internal.loader.URLClassPath}) is about to open jars on this thread. Returns what the
     * exit advice hands to {@link #jarOpeningEnded} ({@code null}: nothing to restore).
     */
    public static Object classPathOpening(Object classPath) {
        return jarOpening(classPath);
    }

    /** A {@code jar:} URL connection with caches off is about to open its jar file; as {@link #classPathOpening}. */
    public static Object uncachedJarOpening() {
        return jarOpening(null);
    }

    /** {@code classPath}, or an uncached {@code jar:} connection ({@code null}), is about to open jars. */
    private static Object jarOpening(Object classPath) {
        ResourceRegistry r = registry;
        if (r == null) {
            return null;
        }
        try {
            ClassLoaderJars.Opening before = classPath != null ? r.loaderJars().classPathOpening(classPath)
                : r.loaderJars().uncachedJarOpening();
            return before != null ? before : NOTHING_OPENING;
        } catch (Throwable t) {
            r.countFailure();
            return null;
        }
    }

    /** Stands for "nothing was opening jars" in what {@link #classPathOpening} returns. */
    private static final Object NOTHING_OPENING = new Object();

    /** The opening that {@link #classPathOpening} or {@link #uncachedJarOpening} returned {@code before} for ended. */
    public static void jarOpeningEnded(Object before) {
        ResourceRegistry r = registry;
        if (r != null && before != null) {
            r.loaderJars().jarOpeningEnded(before instanceof ClassLoaderJars.Opening
                                           ? (ClassLoaderJars.Opening) before : null);
        }
    }

    /**
     * {@code ManagementFactory.getPlatformMBeanServer()} returned {@code server}: the first time, the live view
     * registers its MBeans in it (see {@link LeakWatchControl#onPlatformMBeanServer}). One volatile read once done.
     */
    public static void platformMBeanServer(Object server) {
        LeakWatchControl.platformMBeanServer(server);
    }

    /**
     * A JUnit Platform launcher was made: the agent's test listener is registered on it (see
     * {@link LeakWatchControl#onTestLauncher}), so that acquisitions are recorded with the test that runs them.
     */
    public static void testLauncherMade(Object launcher) {
        LeakWatchControl.testLauncherMade(launcher);
    }

    /**
     * Another Java agent is about to be started: {@code className}'s {@code premain} or {@code agentmain} (a
     * {@code -javaagent:} after leakwatch's, a {@code Launcher-Agent-Class}, an agent attached to the running JVM).
     * What its code acquires from now on is that agent's, not the application's.
     */
    public static void agentStarting(String className) {
        ResourceRegistry r = registry;
        if (r == null || className == null) {
            return;
        }
        ThreadState ts = ThreadState.current();
        if (ts.inAgent()) {
            // leakwatch's own start (an agent's premain runs on the thread that starts the next one)
            return;
        }
        ts.enter();
        try {
            // what the JDK does next: the agent class from the system class loader, not yet initialized
            r.agentStarting(Class.forName(className, false, ClassLoader.getSystemClassLoader()));
        } catch (Throwable t) {
            // the JDK's own load of the class fails the same way and says why; nothing is learned
        } finally {
            ts.exit();
        }
    }

    // ---- the generic entry points of a family's own bootstrap classes (io.leakwatch.family.<name>.boot): the
    // ---- acquisition of a resource of one of its kinds, the refusal at its limit, and a refresher

    /**
     * {@code resource}, of {@code kind}, was acquired; {@code detail}'s {@code toString()} describes it whenever a
     * report or the live view asks (it may tell what changed since, such as a child process that has exited), and
     * must never refer to {@code resource} (the registry must not keep it reachable). The stack is taken here: the
     * agent's and the JDK's frames on top are trimmed as for every kind.
     */
    public static void acquired(ResourceKind kind, Object resource, Object detail) {
        ResourceRegistry r = registry;
        if (r != null && resource != null) {
            try {
                r.acquire(kind, resource, detail, 0);
            } catch (Throwable t) {
                r.countFailure();
            }
        }
    }

    /**
     * As {@link #acquired(ResourceKind, Object, Object)}, for a resource the family knows the JVM holds for itself
     * whatever the stack says (a JDK system thread, which application code may have caused to start): recorded and
     * counted apart as the JVM's, never the application's.
     */
    public static void acquiredForJvm(ResourceKind kind, Object resource, Object detail) {
        ResourceRegistry r = registry;
        if (r != null && resource != null) {
            try {
                r.acquire(kind, resource, detail, 0, null, false, 0, ThreadState.current(), Owner.JVM, null);
            } catch (Throwable t) {
                r.countFailure();
            }
        }
    }

    /**
     * As {@link #acquired(ResourceKind, Object, Object)}, with the family's {@code flags} (kept in one int with the
     * record, for its {@link KindRules} to describe: a file's mode). The stack follows the stack policy, captured here.
     */
    public static void acquired(ResourceKind kind, Object resource, Object detail, int flags) {
        ResourceRegistry r = registry;
        if (r != null && resource != null) {
            try {
                r.acquire(kind, resource, detail, flags);
            } catch (Throwable t) {
                r.countFailure();
            }
        }
    }

    /**
     * As above, with the stack already decided by the advice in the instrumented method
     * ({@link #captureStack(ResourceKind)}): {@code capturedAt}, or {@code null} for none. The hottest acquisitions (file opens) use it: the fewer frames
     * above the capture, the cheaper it is. Suppresses its own failures in the registry.
     */
    public static void acquired(ResourceKind kind, Object resource, Object detail, int flags, Throwable capturedAt) {
        ResourceRegistry r = registry;
        if (r != null) {
            r.acquire(kind, resource, detail, flags, capturedAt, true);
        }
    }

    /**
     * A jar (or zip) file of {@code kind} opened {@code path}: recorded always with its stack, which decides whether a
     * class path jar is the JVM's; whose it is follows what is opening jars on this thread (a class loader's class
     * path is its maker's, see {@link ClassLoaderJars}).
     */
    public static void jarOpened(ResourceKind kind, Object jar, String path, int flags) {
        ResourceRegistry r = registry;
        if (r != null) {
            try {
                r.loaderJars().jarOpened(kind, jar, path, flags);
            } catch (Throwable t) {
                r.countFailure();
            }
        }
    }

    /** Whether {@code resource} is in the registry's shared table (recorded, open, not in a young slot). */
    public static boolean isTracked(Object resource) {
        ResourceRegistry r = registry;
        try {
            return r != null && resource != null && r.isTracked(resource);
        } catch (Throwable t) {
            r.countFailure();
            return false;
        }
    }

    /** {@code resource}, a tracked resource of a kind with addresses, bound or connected: its addresses are read. */
    public static void addressesChanged(Object resource) {
        ResourceRegistry r = registry;
        if (r != null && resource != null) {
            try {
                r.refreshAddresses(resource);
            } catch (Throwable t) {
                r.countFailure();
            }
        }
    }

    /**
     * {@code resource}, tracked as the application's, is now held by the JVM for itself (a socket parked in the JDK's
     * HTTP keep-alive cache): the application's record ends as a release (it closed what it could) and the resource
     * is recorded again as the JVM's, at the same site, until {@link #takenFromJvm} names it.
     */
    public static void parkedByJvm(Object resource) {
        ResourceRegistry r = registry;
        if (r != null && resource != null) {
            r.moveOwner(resource, true);
        }
    }

    /**
     * {@code resource}, held by the JVM (see {@link #parkedByJvm}), is the application's again, acquired at the
     * calling line (unless no application code is on the stack: the JDK fetching it for itself).
     */
    public static void takenFromJvm(Object resource) {
        ResourceRegistry r = registry;
        if (r != null && resource != null) {
            r.moveOwner(resource, false);
        }
    }

    /**
     * The refusal of {@code need} more of {@code kind} by its limit ({@code onlimit=fail}), or {@code null} to go
     * ahead: the family's enter advice throws what its API throws when the operating system refuses, with this
     * message. One volatile read when no limit is set.
     */
    public static String refusal(ResourceKind kind, long need) {
        ResourceRegistry r = limited;
        return r == null ? null : r.refusal(kind, need, 0);
    }

    /** As {@link #refusal(ResourceKind, long)}; {@code skipTop} frames below the agent's are the acquiring API's. */
    public static String refusal(ResourceKind kind, long need, int skipTop) {
        ResourceRegistry r = limited;
        return r == null ? null : r.refusal(kind, need, skipTop);
    }

    /** Whether any kind has a limit now: only then need a family work out what to ask {@link #refusal} for. */
    public static boolean hasLimits() {
        return limited != null;
    }

    /**
     * As {@link #acquired(ResourceKind, Object, Object, int, Throwable)}, on the thread whose {@code token} (from
     * {@link CallDepth#enter} or {@link PerThread#token}) the caller holds, saving the lookup; {@code skipTop} frames
     * of the stack below the agent's are not the application's (the instrumented method of a JDBC driver or pool).
     */
    public static void acquired(Object token, ResourceKind kind, Object resource, Object detail, Throwable capturedAt,
                                int skipTop) {
        ResourceRegistry r = registry;
        if (r == null || resource == null) {
            return;
        }
        if (token instanceof ThreadState) {
            r.acquire(kind, resource, detail, 0, capturedAt, true, skipTop, (ThreadState) token);
        } else {
            r.acquire(kind, resource, detail, 0, capturedAt, true, skipTop);
        }
    }

    /** As {@link #captureStack(ResourceKind)}, on the thread whose {@code token} the caller holds. */
    public static boolean captureStack(Object token, ResourceKind kind) {
        ResourceRegistry r = registry;
        try {
            return r != null && token instanceof ThreadState && r.shouldCaptureStack((ThreadState) token, kind);
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * The record of {@code resource} if it is open and was recorded on this thread's young slot or is in the shared
     * table, or {@code null}: what a family ties a later resource to ({@link RecordHandle}).
     */
    public static RecordHandle recordOf(Object token, Object resource) {
        ResourceRegistry r = registry;
        if (r == null || resource == null || !(token instanceof ThreadState)) {
            return null;
        }
        try {
            return r.recordOf((ThreadState) token, resource);
        } catch (Throwable t) {
            r.countFailure();
            return null;
        }
    }

    /** The class-name prefixes of connection pools: the known ones and those of the {@code pools=} option. */
    public static String[] poolPrefixes() {
        ResourceRegistry r = registry;
        return r == null ? TrackingSettings.KNOWN_POOLS.clone() : r.poolPrefixes();
    }

    /**
     * {@code bytes} of {@code kind}, a kind measured in bytes, were allocated at {@code address} (not 0): open until
     * {@link #freed} names the address, or {@link #freedIf} selects it. {@code device}: its device ordinal, or -1;
     * {@code group}: what may release it with others at once (a CUDA context), 0 for nothing; {@code detail}: what the
     * family knows of it, whose {@code toString()} describes it in reports (called only when one is made);
     * {@code capturedAt}: its stack, created in the allocating method ({@link #captureStack(ResourceKind)}), or
     * {@code null}. A second allocation at an address still open releases the first (its free was not seen).
     */
    public static void allocated(ResourceKind kind, long address, long bytes, int device, long group, Object detail,
                                 Throwable capturedAt) {
        ResourceRegistry r = registry;
        if (r != null) {
            try {
                r.allocated(kind, address, bytes, device, group, detail, capturedAt);
            } catch (Throwable t) {
                r.countFailure();
            }
        }
    }

    /** The block of {@code kind} at {@code address} was freed; an address not open (freed twice) is ignored. */
    public static void freed(ResourceKind kind, long address) {
        ResourceRegistry r = registry;
        if (r != null) {
            try {
                r.freed(kind, address);
            } catch (Throwable t) {
                r.countFailure();
            }
        }
    }

    /** The open block of {@code kind} at {@code address} is now {@code bytes} large (a file grew on disk). */
    public static void resized(ResourceKind kind, long address, long bytes) {
        ResourceRegistry r = registry;
        if (r != null) {
            try {
                r.resized(kind, address, bytes);
            } catch (Throwable t) {
                r.countFailure();
            }
        }
    }

    /**
     * Every open block of {@code kind} that {@code which} selects was released at once (a destroyed context, a reset
     * device); {@code which} runs under the table's stripe locks and must be quick and never block.
     */
    public static void freedIf(ResourceKind kind, java.util.function.Predicate<? super TrackedAllocation> which) {
        ResourceRegistry r = registry;
        if (r != null) {
            try {
                r.freedIf(kind, which);
            } catch (Throwable t) {
                r.countFailure();
            }
        }
    }

    /**
     * Registers {@code rules}, how the records of {@code kind} are described and judged (see {@link KindRules}); a
     * family calls it once, from its boot hooks' static initializer, before it records anything.
     */
    public static void rules(ResourceKind kind, KindRules rules) {
        KindRules.Registered.set(kind, rules);
    }

    /**
     * The detail recorded with {@code resource} if it is open (tracked, wherever its record is), or {@code null}: what
     * a family's detail learns later, such as a pool that started its first thread.
     */
    public static Object detailOf(Object resource) {
        ResourceRegistry r = registry;
        return r == null || resource == null ? null : r.detailOf(resource);
    }

    /** A failure inside a family's own code, suppressed there: counted, as each is a missed record. */
    public static void agentFailed() {
        ResourceRegistry r = registry;
        if (r != null) {
            r.countFailure();
        }
    }

    /** Adds a family's refresher (see {@link ResourceRegistry#addRefresher}); nothing before the agent started. */
    public static void onRefresh(Runnable refresher) {
        ResourceRegistry r = registry;
        if (r != null) {
            r.addRefresher(refresher);
        }
    }

    /** {@code resource} was closed: it leaves the registry (closing twice, or closing an untracked object, is a no-op). */
    public static void released(Object resource) {
        ResourceRegistry r = registry;
        if (r != null && resource != null) {
            try {
                r.release(resource);
            } catch (Throwable t) {
                r.countFailure();
            }
        }
    }

    /**
     * Runs {@code task} on the registry's clock thread about every second, as the agent, until it returns
     * {@code false}. For the agent's own periodic work that needs no thread of its own.
     */
    public static void everySecond(java.util.function.BooleanSupplier task) {
        CoarseClock.everySecond(task);
    }
}
