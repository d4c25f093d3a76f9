package io.leakwatch.family.jdbc;

import io.leakwatch.agent.instrument.AdvicePlan;
import io.leakwatch.agent.instrument.Family;
import io.leakwatch.agent.instrument.Released;
import io.leakwatch.agent.instrument.SuperTypeMatcher;
import io.leakwatch.bootstrap.ResourceKind;
import io.leakwatch.family.jdbc.boot.JdbcHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executor;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * JDBC connections (kind {@code jdbc}) and connection pools (kind {@code jdbcpool}), through the JDBC interfaces
 * only, so every driver and every pool is covered without knowing it.
 *
 * <ul>
 *   <li>Acquired: {@code Driver.connect}, {@code DataSource.getConnection}, {@code XADataSource.getXAConnection},
 *       {@code ConnectionPoolDataSource.getPooledConnection} and {@code PooledConnection.getConnection}, in every
 *       class that implements them. Calls nest (a pool calls a data source, which calls a driver): only the outermost
 *       on a thread is recorded, with the object it returned, which is what the application closes: a pool's
 *       wrapper, not the physical connection inside. What is opened inside it (the driver's socket) is part of it.</li>
 *   <li>Released: {@code close()} or {@code abort(Executor)} on that object ({@code Connection},
 *       {@code PooledConnection}), and {@code close()} on a pool.</li>
 *   <li>Limits ({@code limit.jdbc}, {@code limit.jdbcpool}, {@code limit.statement}) are checked on entry to the
 *       outermost call, before the driver or pool does anything; a refusal is a {@code java.sql.SQLException}.</li>
 *   <li>A pool is a data source of a known pool library (or one named by {@code pools=}); it is recorded when it hands
 *       out its first connection. What its own code acquires (physical connections made by its threads, its thread
 *       pools) belongs to it and is not reported while the pool is tracked.</li>
 * </ul>
 *
 * <p>Thread-safe: stateless; the plan it returns is immutable, and its advice runs in the instrumented methods of
 * whatever thread calls them.
 */
public final class JdbcFamily implements AdvicePlan.Advisor, Family {
    /** The advice without kind {@code statement}, and with it. */
    private static final JdbcFamily WITHOUT_STATEMENTS = new JdbcFamily(false);
    private static final JdbcFamily WITH_STATEMENTS = new JdbcFamily(true);

    static {
        Family.register(WITHOUT_STATEMENTS);
    }

    /** The interfaces whose implementations are instrumented. */
    static final Set<String> INTERFACES = Set.of(
        "java.sql.Driver", "java.sql.Connection", "javax.sql.DataSource", "javax.sql.XADataSource",
        "javax.sql.ConnectionPoolDataSource", "javax.sql.PooledConnection", "javax.sql.XAConnection");

    private final boolean statements;

    private JdbcFamily(boolean statements) {
        this.statements = statements;
    }

    /** With kind {@code statement}: statements and result sets too (every JDK interface below them named). */
    static final Set<String> STATEMENT_INTERFACES = Set.of(
        "java.sql.Statement", "java.sql.PreparedStatement", "java.sql.CallableStatement", "java.sql.ResultSet");

    /** This family's plans (see {@link Family}): connections and pools, and statements when tracked. */
    @Override
    public List<AdvicePlan> plans(Set<ResourceKind> tracked) {
        return JdbcFamily.plans(tracked.contains(ResourceKind.STATEMENT));
    }

    /**
     * The plan for kinds {@code jdbc} and {@code jdbcpool} (and, with {@code statements}, the opt-in kind
     * {@code statement}): one, for every class implementing a JDBC interface.
     */
    public static List<AdvicePlan> plans(boolean statements) {
        Set<String> interfaces = new java.util.HashSet<>(INTERFACES);
        if (statements) {
            interfaces.addAll(STATEMENT_INTERFACES);
        }
        return List.of(AdvicePlan.onTypes(new SuperTypeMatcher(interfaces),
                                          statements ? WITH_STATEMENTS : WITHOUT_STATEMENTS));
    }

    /** The advice of the plan above (see {@link AdvicePlan.Advisor}). */
    @Override
    public void advise(String typeName, AdvicePlan.Builder plan) {
        // by name and parameters in every class of a JDBC hierarchy (superclasses included, which need not
        // implement the interface themselves); the advice checks at run time that the object is what the method
        // name promises
        ElementMatcher.Junction<MethodDescription> code = not(isAbstract());
        ElementMatcher.Junction<MethodDescription> acquiring = namedOneOf("getConnection", "getXAConnection",
                                                                          "getPooledConnection");
        plan.advise(DriverConnect.class, code.and(named("connect")).and(takesArguments(String.class,
                                                                                       Properties.class)))
            .advise(SourceGet.class, code.and(acquiring).and(takesArguments(0)))
            .advise(SourceGetAsUser.class, code.and(acquiring).and(takesArguments(String.class, String.class)))
            .advise(Closed.class, code.and(named("close")).and(takesArguments(0)))
            .advise(Closed.class, code.and(named("abort")).and(takesArguments(Executor.class)));
        if (statements) {
            plan.advise(StatementOpened.class, code.and(namedOneOf("createStatement", "prepareStatement",
                                                                   "prepareCall", "executeQuery", "getResultSet",
                                                                   "getGeneratedKeys")));
        }
    }

    /**
     * Released on return from {@code close()} or {@code abort()}. Unlike the JDK classes' {@link Released}, not when
     * they throw: a connection whose close failed may still be open, and leaving out the exception handler keeps a
     * pool's {@code close()} small enough for the JIT to inline into the application's code.
     */
    static final class Closed {
        private Closed() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self) {
            JdbcHooks.closed(self);
        }
    }

    static final class StatementOpened {
        private StatementOpened() {
        }

        @Advice.OnMethodEnter
        static Object enter(@Advice.This Object self) {
            // not suppressed: it throws only the SQLException of limit.statement, on purpose
            return JdbcHooks.statementCallBegins(self);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object state, @Advice.This Object self, @Advice.Origin("#m") String method,
                         @Advice.Return Object result, @Advice.Thrown Throwable failed) {
            JdbcHooks.statementCallEnds(state, result, failed, self, method);
        }
    }

    static final class DriverConnect {
        private DriverConnect() {
        }

        @Advice.OnMethodEnter
        static Object enter(@Advice.This Object source) {
            // not suppressed: it throws only the SQLException of limit.jdbc or limit.jdbcpool, on purpose
            return JdbcHooks.callBegins(source);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object state, @Advice.This Object driver, @Advice.Argument(0) Object url,
                         @Advice.Argument(1) Object info, @Advice.Return Object connection,
                         @Advice.Thrown Throwable failed) {
            JdbcHooks.driverCallEnds(state, connection, failed, driver, url, info);
        }
    }

    static final class SourceGet {
        private SourceGet() {
        }

        @Advice.OnMethodEnter
        static Object enter(@Advice.This Object source) {
            // not suppressed: it throws only the SQLException of limit.jdbc or limit.jdbcpool, on purpose
            return JdbcHooks.callBegins(source);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object state, @Advice.This Object source, @Advice.Origin("#m") String method,
                         @Advice.Return Object connection, @Advice.Thrown Throwable failed) {
            JdbcHooks.sourceCallEnds(state, connection, failed, source, null, method);
        }
    }

    static final class SourceGetAsUser {
        private SourceGetAsUser() {
        }

        @Advice.OnMethodEnter
        static Object enter(@Advice.This Object source) {
            // not suppressed: it throws only the SQLException of limit.jdbc or limit.jdbcpool, on purpose
            return JdbcHooks.callBegins(source);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object state, @Advice.This Object source, @Advice.Argument(0) Object user,
                         @Advice.Origin("#m") String method, @Advice.Return Object connection,
                         @Advice.Thrown Throwable failed) {
            JdbcHooks.sourceCallEnds(state, connection, failed, source, user, method);
        }
    }
}
