package io.leakwatch.bootstrap;


/**
 * The entry points that advice inlined into JDK classes calls: one static method per event, taking the resource and
 * whatever describes it. Every method returns normally, whatever happens inside: an agent failure costs a missed
 * record (counted in {@link RegistrySnapshot#agentFailures()}), never an application error. The one exception is
 * deliberate: the limit checks (and the JDBC call hooks) throw the refusal of an acquisition at a limit with
 * {@code onlimit=fail}, before anything is acquired.
 *
 * <p>Before the agent has installed its registry, and for kinds that are not enabled, every call returns at once.
 *
 * <p>Thread-safe. The registry is held in the only mutable static of the agent: it is written once, by the installer,
 * because inlined advice can reach the agent through static members of bootstrap classes only.
 *
 * <p>Longer than the project's other classes because the families that predate the family folders (files, sockets,
 * thread pools, JDBC, CUDA) have their entry points here, grouped by family; a family added since
 * keeps its own in its folder's {@code boot} package and uses the generic ones below ({@link #acquired},
 * {@link #refusal}, {@link #onRefresh}).
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
     * Whether the advice about to report the opening of a file should capture its stack ({@code new Throwable()} in
     * the instrumented method): always with {@code stacks=all}, within the thread's rate of file opens with
     * {@code stacks=adaptive}.
     */
    public static boolean captureStack() {
        return captureStack(ResourceKind.FILE);
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

    // ---- limits: called by enter advice before anything is acquired. Each returns normally unless the acquisition is
    // ---- refused (onlimit=fail), and then throws what the application already handles from that call when the
    // ---- operating system runs out of descriptors; an agent failure inside lets the acquisition go ahead.

    /**
     * The refusal of the outermost JDBC call on this thread on {@code source} (a driver, data source or pool), or
     * {@code null}: by {@code limit.jdbcpool} when it is a pool that has not lent a connection yet, then by
     * {@code limit.jdbc}.
     */
    private static String jdbcRefusal(ResourceRegistry r, Object source) {
        int roles = JdbcClasses.of(source.getClass());
        if ((roles & (JdbcClasses.SOURCE | JdbcClasses.DRIVER)) == 0) {
            return null;
        }
        String refused = null;
        if (r.jdbcSources().isPoolClass(source.getClass().getName()) && !r.isTracked(source)) {
            refused = r.refusal(ResourceKind.JDBC_POOL, 1, 1);
        }
        return refused != null ? refused : r.refusal(ResourceKind.JDBC, 1, 1);
    }

    /**
     * A {@code java.sql.SQLException} (SQLState 08004, the connection was rejected) with {@code message}; the class
     * is the platform loader's, which the bootstrap package cannot name.
     */
    private static Throwable sqlException(String message) {
        ThreadState ts = ThreadState.current();
        ts.enter();
        try {
            Class<?> type = Class.forName("java.sql.SQLException", true, ClassLoader.getPlatformClassLoader());
            return (Throwable) type.getConstructor(String.class, String.class).newInstance(message, "08004");
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        } finally {
            ts.exit();
        }
    }

    /** Throws {@code t}, checked or not, from a method that cannot declare it (the SQLException of a refusal). */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void throwRefusal(Throwable t) throws T {
        throw (T) t;
    }

    /**
     * A {@code URLClassLoader} was made ({@code classPath}: its {@code URLClassPath}): the jars it opens are whoever
     * made it's, until its {@code close()}.
     */
    public static void classLoaderMade(Object classPath) {
        ResourceRegistry r = registry;
        if (r != null && classPath != null) {
            r.classLoaderMade(classPath);
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
            ClassLoaderJars.Opening before = classPath != null ? r.classPathOpening(classPath) : r.uncachedJarOpening();
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
            r.jarOpeningEnded(before instanceof ClassLoaderJars.Opening ? (ClassLoaderJars.Opening) before : null);
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
     * As above, with the stack already decided by the advice in the instrumented method ({@link #captureStack}):
     * {@code capturedAt}, or {@code null} for none. The hottest acquisitions (file opens) use it: the fewer frames
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
                r.jarOpened(kind, jar, path, flags);
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
     * A JDBC connection (or a pooled connection, a statement, a pool) was closed: as {@link #released}, called rather
     * than inlined, so that a pool's small {@code close} stays small enough to be inlined into the application.
     */
    @OutOfLine
    public static void connectionClosed(Object resource) {
        released(resource);
    }

    /**
     * A JDBC call that makes a connection begins ({@code Driver.connect}, {@code DataSource.getConnection}, ...) on
     * {@code source}. Returns the thread's state, which the exit advice hands to {@link #jdbcCallEnds} ({@code null}
     * when something failed here). The only hook that throws into the application, and only deliberately: when a
     * limit refuses the connection ({@code onlimit=fail}), a {@code java.sql.SQLException} before anything happens.
     */
    public static Object jdbcCallBegins(Object source) {
        ThreadState ts;
        Throwable refused = null;
        try {
            ts = ThreadState.current();
            ResourceRegistry r = limited;
            if (r != null && CallDepth.isOutermost(ts, ResourceKind.JDBC)) {
                String message = jdbcRefusal(r, source);
                refused = message == null ? null : sqlException(message);
            }
        } catch (Throwable t) {
            return null;
        }
        if (refused != null) {
            // before the driver or pool does anything: the application's call fails as a rejected connection
            Hooks.<RuntimeException>throwRefusal(refused);
        }
        CallDepth.enter(ts, ResourceKind.JDBC);
        return ts;
    }

    /**
     * The JDBC call begun by {@link #jdbcCallBegins} ends. Returns whether it was the outermost on this thread and
     * returned a connection: only then is it the application's acquisition (a driver called by a data source, or a
     * pool's physical connection made inside a borrow, is part of that acquisition).
     */
    private static boolean jdbcCallEnds(Object state, Object result, Throwable failed) {
        return CallDepth.exit(state, ResourceKind.JDBC) && failed == null && result != null && registry != null;
    }

    /**
     * {@code driver.connect(url, info)} returned {@code connection}. Making a physical connection takes milliseconds,
     * so its stack is always recorded: it decides whether a pool made it for itself.
     */
    private static void driverConnected(Object connection, Object driver, Object url, Object info) {
        ResourceRegistry r = registry;
        if (r == null) {
            return;
        }
        ThreadState ts = ThreadState.current();
        ts.enter();
        JdbcDetail detail;
        try {
            detail = r.jdbcSources().ofDriverCall(driver, url, info);
        } catch (Throwable t) {
            r.countFailure();
            return;
        } finally {
            ts.exit();
        }
        r.acquire(ResourceKind.JDBC, connection, detail, 0, new Throwable(), true, 1);
    }

    /**
     * The exit of {@code Driver.connect}: records {@code connection} if this was the outermost JDBC call on the
     * thread, it succeeded, and {@code driver} is a {@code java.sql.Driver}. One call, so the advice stays small.
     */
    public static void driverCallEnds(Object state, Object connection, Throwable failed, Object driver, Object url,
                                      Object info) {
        if (jdbcCallEnds(state, connection, failed)
            && (JdbcClasses.of(driver.getClass()) & JdbcClasses.DRIVER) != 0) {
            driverConnected(connection, driver, url, info);
        }
    }

    /**
     * The exit of {@code getConnection} (or {@code getXAConnection}, {@code getPooledConnection}; {@code user} when
     * called with one): records {@code connection} if this was the outermost JDBC call on the thread, it succeeded,
     * and {@code source} is a data source or pooled connection. One call, so the advice stays small: the stack, when
     * the policy wants one, is captured here, one frame below the instrumented method.
     */
    @OutOfLine
    public static void sourceCallEnds(Object state, Object connection, Throwable failed, Object source, Object user,
                                      String method) {
        if (!jdbcCallEnds(state, connection, failed)) {
            return;
        }
        ThreadState ts = (ThreadState) state;
        // the data source this thread borrowed from last time (the usual case): its roles and detail are remembered
        boolean known = ts.describes(source);
        int roles = known ? ts.sourceRoles : JdbcClasses.of(source.getClass());
        if ((roles & JdbcClasses.SOURCE) != 0) {
            sourceConnected(state, connection, source, user, method, (roles & JdbcClasses.POOLED_CONNECTION) != 0,
                            known, jdbcCaptureStack(state, ResourceKind.JDBC) ? new Throwable() : null);
        }
    }

    /**
     * The exit of a call that makes a statement or result set: records {@code result} if the call was the outermost
     * on the thread, succeeded, and {@code parent} is a connection or statement.
     */
    @OutOfLine
    public static void statementCallEnds(Object state, Object result, Throwable failed, Object parent,
                                         String method) {
        if (outermostStatementCallEnds(state, result, failed)
            && (JdbcClasses.of(parent.getClass()) & (JdbcClasses.CONNECTION | JdbcClasses.STATEMENT)) != 0
            && (JdbcClasses.of(result.getClass()) & (JdbcClasses.STATEMENT | JdbcClasses.RESULT_SET)) != 0) {
            statementOpened(state, result, parent, method,
                            jdbcCaptureStack(state, ResourceKind.STATEMENT) ? new Throwable() : null);
        }
    }

    /**
     * Whether the acquisition that {@link #jdbcCallEnds} just let through should record its stack, by the stack
     * policy; {@code state} is what {@link #jdbcCallBegins} returned.
     */
    private static boolean jdbcCaptureStack(Object state, ResourceKind kind) {
        ResourceRegistry r = registry;
        try {
            return r != null && state instanceof ThreadState && r.shouldCaptureStack((ThreadState) state, kind);
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * {@code source.getConnection()} (or {@code getConnection(user, password)}, then {@code user} is given; or
     * {@code method}, the XA and pooled-connection variants; {@code logical}: the source is a pooled connection)
     * returned {@code connection}; {@code state} is what {@link #jdbcCallBegins} returned; {@code known}: the source
     * is the one this thread described last ({@link ThreadState#describes}). A pool that hands out its
     * first connection is recorded too (kind {@code jdbcpool}), at the same site. A borrow from a pool is the hot path
     * and follows the stack policy; any other data source makes a physical connection, whose stack is always
     * recorded.
     */
    private static void sourceConnected(Object state, Object connection, Object source, Object user, String method,
                                       boolean logical, boolean known, Throwable capturedAt) {
        ResourceRegistry r = registry;
        if (r == null || !(state instanceof ThreadState)) {
            return;
        }
        ThreadState ts = (ThreadState) state;
        JdbcDetail detail;
        ts.enter();
        try {
            detail = r.jdbcSources().ofSource(source, user instanceof String ? (String) user : null, method, logical, ts,
                                              known);
        } catch (Throwable t) {
            r.countFailure();
            return;
        } finally {
            ts.exit();
        }
        Throwable at = capturedAt != null || detail.pool != null ? capturedAt : new Throwable();
        r.acquire(ResourceKind.JDBC, connection, detail, 0, at, true, 1, ts);
        if (detail.pool != null && !ts.sourcePoolTracked) {
            try {
                if (!r.isTracked(source)) {
                    r.acquire(ResourceKind.JDBC_POOL, source, detail.describePool(), 0, at, true, 1, ts);
                }
                // a pool, once closed, lends no more: this thread need not look again while it borrows from it
                ts.sourcePoolTracked = true;
            } catch (Throwable t) {
                r.countFailure();
            }
        }
    }

    /**
     * A JDBC call that makes a statement or result set begins on {@code parent}; returns the thread's state for the
     * exit advice. Throws only a {@code java.sql.SQLException} of {@code limit.statement} (see
     * {@link #jdbcCallBegins}).
     */
    public static Object statementCallBegins(Object parent) {
        ThreadState ts;
        Throwable refused = null;
        try {
            ts = ThreadState.current();
            ResourceRegistry r = limited;
            if (r != null && CallDepth.isOutermost(ts, ResourceKind.STATEMENT)
                && (JdbcClasses.of(parent.getClass()) & (JdbcClasses.CONNECTION | JdbcClasses.STATEMENT)) != 0) {
                String message = r.refusal(ResourceKind.STATEMENT, 1, 1);
                refused = message == null ? null : sqlException(message);
            }
        } catch (Throwable t) {
            return null;
        }
        if (refused != null) {
            Hooks.<RuntimeException>throwRefusal(refused);
        }
        CallDepth.enter(ts, ResourceKind.STATEMENT);
        return ts;
    }

    /** That call ends: whether it was the outermost on this thread and returned something, so it is recorded. */
    private static boolean outermostStatementCallEnds(Object state, Object result, Throwable failed) {
        return CallDepth.exit(state, ResourceKind.STATEMENT) && failed == null && result != null && registry != null;
    }

    /**
     * {@code method} ({@code createStatement}, {@code prepareStatement}, {@code prepareCall} on a connection;
     * {@code executeQuery}, {@code getResultSet}, {@code getGeneratedKeys} on a statement) returned {@code statement}
     * (opt-in kind {@code statement}); {@code state} is what {@link #statementCallBegins} returned.
     */
    private static void statementOpened(Object state, Object statement, Object parent, String method,
                                       Throwable capturedAt) {
        ResourceRegistry r = registry;
        if (r != null && state instanceof ThreadState) {
            try {
                r.statementOpened((ThreadState) state, statement, parent, method, capturedAt);
            } catch (Throwable t) {
                r.countFailure();
            }
        }
    }
}
