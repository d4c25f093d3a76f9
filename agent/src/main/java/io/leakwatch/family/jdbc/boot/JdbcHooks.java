package io.leakwatch.family.jdbc.boot;

import io.leakwatch.bootstrap.CallDepth;
import io.leakwatch.bootstrap.Hooks;
import io.leakwatch.bootstrap.KindRules;
import io.leakwatch.bootstrap.OutOfLine;
import io.leakwatch.bootstrap.PerThread;
import io.leakwatch.bootstrap.RecordHandle;
import io.leakwatch.bootstrap.ResourceKind;

/**
 * What the {@code jdbc} family's advice calls: connections from drivers, data sources and pools (kinds {@code jdbc}
 * and {@code jdbcpool}), statements and result sets (opt-in kind {@code statement}), their closes, and the limits
 * before each.
 *
 * <p>Nesting is {@link CallDepth}'s: only the outermost connection-making call on a thread is the application's
 * acquisition (a pool's borrow that makes a physical connection through the driver is one connection), and what is
 * acquired inside it (the driver's socket) is the connection's ({@code jdbc} owns what is acquired inside its calls);
 * only the outermost statement-making call records (a pool's proxy calling the driver's). What a thread remembers of
 * the data source it borrowed from last is its {@link LastSource}, kept in its {@link PerThread} slot.
 *
 * <p>Defined in the boot loader with the bootstrap package (advice inlined into drivers' and pools' classes calls it).
 * Thread-safe. Every entry point suppresses its own failures, but the begin hooks throw a limit's refusal on purpose.
 */
public final class JdbcHooks {
    static {
        Hooks.rules(ResourceKind.STATEMENT, new StatementRules());
    }

    /** How data sources are described, made on first use (the pool prefixes are the running agent's). */
    private static volatile JdbcSources sources;

    private JdbcHooks() {
    }

    private static JdbcSources sources() {
        JdbcSources s = sources;
        if (s == null) {
            s = new JdbcSources(Hooks.poolPrefixes());
            sources = s;
        }
        return s;
    }

    /**
     * A JDBC call that makes a connection begins ({@code Driver.connect}, {@code DataSource.getConnection}, ...) on
     * {@code source}. Returns the {@link CallDepth} token the exit advice hands to the matching end hook
     * ({@code null} when something failed here). Throws into the application only deliberately: when a limit refuses
     * the connection ({@code onlimit=fail}), a {@code java.sql.SQLException} before anything happens.
     */
    public static Object callBegins(Object source) {
        // inlined into every pool's getConnection: kept as small as the pool's own code needs to stay inlinable into
        // the application (the borrow is the hot path); with a limit, the check is called rather than inlined
        return Hooks.hasLimits() ? limitedBegins(source, ResourceKind.JDBC) : CallDepth.enter(ResourceKind.JDBC);
    }

    /**
     * A call of {@code kind} ({@code jdbc}: making a connection from {@code subject}, a driver, data source or pool;
     * {@code statement}: making a statement or result set on {@code subject}) begins while a limit is set: the
     * outermost call is refused with a {@code java.sql.SQLException} (SQLState 08004) when the limit says so, before
     * the driver or pool does anything (the application's call fails as a rejected connection); otherwise it is entered
     * in {@link CallDepth}.
     */
    @OutOfLine
    private static Object limitedBegins(Object subject, ResourceKind kind) {
        Object token = PerThread.token();
        String refused;
        try {
            refused = CallDepth.isOutermost(token, kind) ? refusal(subject, kind) : null;
        } catch (Throwable t) {
            refused = null;
        }
        Throwable e = refused == null ? null : sqlException(refused);
        if (e != null) {
            JdbcHooks.<RuntimeException>throwRefusal(e);
        }
        return CallDepth.enter(token, kind);
    }

    /**
     * The refusal of the outermost call of {@code kind} on {@code source}, or {@code null}: a statement's by
     * {@code limit.statement} when {@code source} is a connection or statement; a connection's by
     * {@code limit.jdbcpool} when {@code source} is a pool that has not lent a connection yet, then by
     * {@code limit.jdbc}.
     */
    private static String refusal(Object source, ResourceKind kind) {
        int roles = JdbcClasses.of(source.getClass());
        if (kind == ResourceKind.STATEMENT) {
            return (roles & (JdbcClasses.CONNECTION | JdbcClasses.STATEMENT)) != 0
                ? Hooks.refusal(ResourceKind.STATEMENT, 1, 1) : null;
        }
        if ((roles & (JdbcClasses.SOURCE | JdbcClasses.DRIVER)) == 0) {
            return null;
        }
        String refused = null;
        if (sources().isPoolClass(source.getClass().getName()) && !Hooks.isTracked(source)) {
            refused = Hooks.refusal(ResourceKind.JDBC_POOL, 1, 1);
        }
        return refused != null ? refused : Hooks.refusal(ResourceKind.JDBC, 1, 1);
    }

    /**
     * A {@code java.sql.SQLException} (SQLState 08004, the connection was rejected) with {@code message}; the class
     * is the platform loader's, which code in the boot loader cannot name.
     */
    private static Throwable sqlException(String message) {
        Hooks.enterAgent();
        try {
            Class<?> type = Class.forName("java.sql.SQLException", true, ClassLoader.getPlatformClassLoader());
            return (Throwable) type.getConstructor(String.class, String.class).newInstance(message, "08004");
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        } finally {
            Hooks.exitAgent();
        }
    }

    /** Throws {@code t}, checked or not, from a method that cannot declare it (the SQLException of a refusal). */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void throwRefusal(Throwable t) throws T {
        throw (T) t;
    }

    /**
     * The JDBC call begun by {@link #callBegins} ends. Returns whether it was the outermost on this thread and
     * returned a connection: only then is it the application's acquisition (a driver called by a data source, or a
     * pool's physical connection made inside a borrow, is part of that acquisition).
     */
    private static boolean callEnds(Object token, Object result, Throwable failed) {
        return CallDepth.exit(token, ResourceKind.JDBC) && failed == null && result != null;
    }

    /**
     * The exit of {@code Driver.connect}: records {@code connection} if this was the outermost JDBC call on the
     * thread, it succeeded, and {@code driver} is a {@code java.sql.Driver}. Making a physical connection takes
     * milliseconds, so its stack is always recorded: it decides whether a pool made it for itself. One call, so the
     * advice stays small.
     */
    public static void driverCallEnds(Object token, Object connection, Throwable failed, Object driver, Object url,
                                      Object info) {
        if (!callEnds(token, connection, failed) || (JdbcClasses.of(driver.getClass()) & JdbcClasses.DRIVER) == 0) {
            return;
        }
        JdbcDetail detail;
        Hooks.enterAgent(token);
        try {
            detail = sources().ofDriverCall(driver, url, info);
        } catch (Throwable t) {
            Hooks.agentFailed();
            return;
        } finally {
            Hooks.exitAgent(token);
        }
        Hooks.acquired(token, ResourceKind.JDBC, connection, detail, new Throwable(), 1);
    }

    /**
     * The exit of {@code getConnection} (or {@code getXAConnection}, {@code getPooledConnection}; {@code user} when
     * called with one): records {@code connection} if this was the outermost JDBC call on the thread, it succeeded,
     * and {@code source} is a data source or pooled connection. One call, so the advice stays small: the stack, when
     * the policy wants one, is captured here, one frame below the instrumented method.
     */
    @OutOfLine
    public static void sourceCallEnds(Object token, Object connection, Throwable failed, Object source, Object user,
                                      String method) {
        if (!callEnds(token, connection, failed)) {
            return;
        }
        LastSource last = lastSource(token);
        if (last == null) {
            return;
        }
        // the data source this thread borrowed from last time (the usual case): its roles and detail are remembered
        boolean known = last.is(source);
        int roles = known ? last.roles : JdbcClasses.of(source.getClass());
        if ((roles & JdbcClasses.SOURCE) != 0) {
            sourceConnected(token, last, connection, source, user, method,
                            (roles & JdbcClasses.POOLED_CONNECTION) != 0, known,
                            Hooks.captureStack(token, ResourceKind.JDBC) ? new Throwable() : null);
        }
    }

    /** The thread's {@link LastSource}, made on its first borrow; {@code null} when the thread's state is not at hand. */
    private static LastSource lastSource(Object token) {
        Object kept = PerThread.get(token, ResourceKind.JDBC);
        if (kept instanceof LastSource) {
            return (LastSource) kept;
        }
        if (token == null) {
            return null;
        }
        LastSource made = new LastSource();
        PerThread.set(token, ResourceKind.JDBC, made);
        return made;
    }

    /**
     * {@code source.getConnection()} (or {@code getConnection(user, password)}, then {@code user} is given; or
     * {@code method}, the XA and pooled-connection variants; {@code logical}: the source is a pooled connection)
     * returned {@code connection}; {@code known}: the source is the one this thread described last. A pool that hands
     * out its first connection is recorded too (kind {@code jdbcpool}), at the same site. A borrow from a pool is the
     * hot path and follows the stack policy; any other data source makes a physical connection, whose stack is always
     * recorded.
     */
    private static void sourceConnected(Object token, LastSource last, Object connection, Object source, Object user,
                                        String method, boolean logical, boolean known, Throwable capturedAt) {
        JdbcDetail detail;
        Hooks.enterAgent(token);
        try {
            detail = sources().ofSource(source, user instanceof String ? (String) user : null, method, logical, last,
                                        known);
        } catch (Throwable t) {
            Hooks.agentFailed();
            return;
        } finally {
            Hooks.exitAgent(token);
        }
        Throwable at = capturedAt != null || detail.pool != null ? capturedAt : new Throwable();
        Hooks.acquired(token, ResourceKind.JDBC, connection, detail, at, 1);
        if (detail.pool != null && !last.poolTracked) {
            try {
                if (!Hooks.isTracked(source)) {
                    Hooks.acquired(token, ResourceKind.JDBC_POOL, source, detail.describePool(), at, 1);
                }
                // a pool, once closed, lends no more: this thread need not look again while it borrows from it
                last.poolTracked = true;
            } catch (Throwable t) {
                Hooks.agentFailed();
            }
        }
    }

    /**
     * A JDBC connection (or a pooled connection, a statement, a pool) was closed: released, called rather than
     * inlined, so that a pool's small {@code close} stays small enough to be inlined into the application.
     */
    @OutOfLine
    public static void closed(Object resource) {
        Hooks.released(resource);
    }

    /**
     * A JDBC call that makes a statement or result set begins on {@code parent}; returns the {@link CallDepth} token
     * for the exit advice. Throws only a {@code java.sql.SQLException} of {@code limit.statement} (see
     * {@link #callBegins}).
     */
    public static Object statementCallBegins(Object parent) {
        return Hooks.hasLimits() ? limitedBegins(parent, ResourceKind.STATEMENT)
            : CallDepth.enter(ResourceKind.STATEMENT);
    }

    /**
     * The exit of a call that makes a statement or result set: {@code method} ({@code createStatement},
     * {@code prepareStatement}, {@code prepareCall} on a connection; {@code executeQuery}, {@code getResultSet},
     * {@code getGeneratedKeys} on a statement) returned {@code result}. Recorded if the call was the outermost on the
     * thread, succeeded, and {@code parent} is a connection or statement; its record is tied to the parent's, so that
     * it ends with it.
     */
    @OutOfLine
    public static void statementCallEnds(Object token, Object result, Throwable failed, Object parent,
                                         String method) {
        if (!CallDepth.exit(token, ResourceKind.STATEMENT) || failed != null || result == null
            || (JdbcClasses.of(parent.getClass()) & (JdbcClasses.CONNECTION | JdbcClasses.STATEMENT)) == 0
            || (JdbcClasses.of(result.getClass()) & (JdbcClasses.STATEMENT | JdbcClasses.RESULT_SET)) == 0) {
            return;
        }
        try {
            Throwable at = Hooks.captureStack(token, ResourceKind.STATEMENT) ? new Throwable() : null;
            RecordHandle parentRecord = Hooks.recordOf(token, parent);
            Hooks.acquired(token, ResourceKind.STATEMENT, result,
                           new StatementDetail(StatementDetail.roleOf(method), parentRecord), at, 1);
        } catch (Throwable t) {
            Hooks.agentFailed();
        }
    }

    /** Statements and result sets end with their connection (or statement): JDBC closes them with it. */
    private static final class StatementRules implements KindRules {
        @Override
        public boolean endedElsewhere(Object detail, Object resource) {
            return detail instanceof StatementDetail && ((StatementDetail) detail).parentEnded();
        }
    }
}
