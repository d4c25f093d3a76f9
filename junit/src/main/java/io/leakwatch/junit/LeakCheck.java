package io.leakwatch.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Fails a test that leaves resources open: every file, socket, pipe, selector, thread pool, JDBC connection, ... that
 * was acquired after the test started (by any thread) and is still open, or was dropped without being closed, when
 * the test ends (after its {@code @AfterEach} methods). The failure message is the agent's leak report of just those
 * resources, each site with its acquiring stack, application frame first (the frames of reflection and JUnit below the
 * test method left out); the failure's own stack trace is the acquiring stack of the oldest one, so an IDE jumps to
 * the line that opened it.
 *
 * <pre>{@code
 * @LeakCheck                                  // every test of the class
 * class OrderImportTest {
 *     @Test void importsOrders() { ... }
 *
 *     @Test
 *     @LeakCheck(lingerMillis = 2000)         // the method's annotation replaces the class's
 *     void closesItsPoolInTheBackground() { ... }
 *
 *     @Test
 *     @LeakCheck(allow = "com.acme.cache.LazyCache.*", kinds = {"file", "socket"})
 *     void warmsTheCache() { ... }
 * }
 * }</pre>
 *
 * <p>Needs the leakwatch agent in the test JVM ({@code -javaagent:leakwatch-agent.jar}, e.g. in Surefire's
 * {@code argLine}); without it every checked test fails with a message that shows the line to add.
 *
 * <p><b>Where the settings come from.</b> The annotation on the test method, else the one on its class (or a
 * superclass, or for a {@code @Nested} class an enclosing class), else, when the extension runs for every test through
 * JUnit's extension auto-detection ({@code junit.jupiter.extensions.autodetection.enabled=true}), the defaults of the
 * attributes below. An annotation always wins over auto-detection; the extension runs once per test either way.
 *
 * <p><b>What is not blamed on a test.</b> Resources acquired before it started (in a static initializer, a
 * {@code @BeforeAll} method or an earlier test); resources the JVM, the test runner (JUnit itself, such as the
 * scheduler behind {@code @Timeout}; Surefire's booter) and other agents hold for themselves (the agent holds those
 * apart from the application's and never lists them as leaks). Resources opened in {@code @BeforeEach} and closed in {@code @AfterEach} are fine.
 *
 * <p><b>Parallel execution.</b> The agent does not know which test a thread works for: every resource acquired while
 * a test runs is that test's, whichever thread acquired it. With {@code junit.jupiter.execution.parallel.enabled=true}
 * a leak can therefore be blamed on every test that ran at the same time, as well as on the one that made it. Run
 * checked tests with {@code @Execution(ExecutionMode.SAME_THREAD)} on a same-thread default, or serialize them with
 * {@code @ResourceLock} or {@code @Isolated}. When checked tests did overlap, the failure message says with which.
 *
 * <p>A {@code @TestFactory} is checked once, around the factory method and all its dynamic tests.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LeakCheckExtension.class)
public @interface LeakCheck {
    /**
     * The kinds to check, by the agent's names: {@code file}, {@code socket}, {@code pipe}, {@code selector},
     * {@code threadpool}, {@code jdbc}, {@code jdbcpool}, {@code cuda}, {@code statement}. Empty (the default): every
     * kind the agent tracks in this JVM (its {@code kinds=} option). A kind the agent does not know, or does not track
     * in this JVM, fails the test with a message saying which kinds are valid.
     */
    String[] kinds() default {};

    /**
     * Resources allowed to stay open, as globs ({@code *} any characters, dots and slashes included; {@code ?} one
     * character; everything else literal) matched against a resource's whole description ({@code *orders.csv (read)},
     * {@code socket 127.0.0.1:* -> *:5432}) or against any whole frame of its acquiring stack
     * ({@code com.acme.cache.LazyCache.*}, {@code *.warmUp(*}). A resource matched by any pattern is left out of the
     * check; for example a cache the test opens lazily on first use. {@code "*"} allows everything.
     */
    String[] allow() default {};

    /**
     * How long to wait, in milliseconds, for resources closed asynchronously (a pool shut down by a callback, a file
     * closed by another thread): the check polls until nothing is left or the time is up. 0 (the default): check once,
     * at once. At most 600000 (ten minutes).
     */
    long lingerMillis() default 0;
}
