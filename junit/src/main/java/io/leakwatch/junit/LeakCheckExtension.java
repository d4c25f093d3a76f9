package io.leakwatch.junit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The JUnit Jupiter extension behind {@link LeakCheck}: marks the agent's registry before each test and, after it (and
 * after its {@code @AfterEach} methods), fails the test when resources acquired since the mark are still open or were
 * dropped while open. Registered by {@code @LeakCheck}, or for every test through JUnit's extension auto-detection
 * ({@code junit.jupiter.extensions.autodetection.enabled=true}, this jar's
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension}), where a test without the annotation is
 * checked with the annotation's defaults and a test with it by its settings (the annotation wins). Registered both
 * ways, it still checks each test once.
 *
 * <p>Without the agent in the JVM, every checked test fails before it runs, with the lines to add to Surefire's
 * {@code argLine}; none of the agent's classes is loaded then.
 *
 * <p>Thread-safe: JUnit may run tests in parallel; each test's state lives in its own extension context store, and
 * the set of running checks in the root context's (see {@link LeakCheck} on what parallel tests mean for the
 * result).
 */
public final class LeakCheckExtension implements BeforeEachCallback, AfterEachCallback {
    static final String PARALLEL_ENABLED = "junit.jupiter.execution.parallel.enabled";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LeakCheckExtension.class);
    private static final String WINDOW = "window";
    private static final String RUNNING = "running";
    /** The first pause of {@link LeakCheck#lingerMillis()}'s polling; it doubles up to {@link #MAX_POLL_MILLIS}. */
    private static final long FIRST_POLL_MILLIS = 5;
    private static final long MAX_POLL_MILLIS = 50;
    /**
     * How long a test's threads still running after it are given to end before they are its leak, whatever
     * {@link LeakCheck#lingerMillis()} says: a thread told to stop (interrupted, its queue closed) by the test's last
     * line is usually a few milliseconds from its end.
     */
    static final long THREAD_GRACE_MILLIS = 500;

    /** Instantiated by JUnit. */
    public LeakCheckExtension() {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        if (store.get(WINDOW) != null) {
            return; // a second registration of this extension on the same test: it is checked once
        }
        CheckSettings settings = settingsOf(context);
        AgentProbe.State state = AgentProbe.state();
        if (state != AgentProbe.State.ACTIVE) {
            throw new ExtensionConfigurationException(AgentSetup.message(context.getDisplayName(), state));
        }
        // the mark first: a resource acquired while the kinds are validated would otherwise be missed
        long mark = AgentAccess.mark();
        AgentAccess.listen();
        if (!settings.kinds().isEmpty()) {
            String problem = AgentAccess.kindsProblem(settings.kinds(), settings.origin());
            if (problem != null) {
                throw new ExtensionConfigurationException(problem);
            }
        }
        RunningChecks running = context.getRoot().getStore(NAMESPACE)
                                       .getOrComputeIfAbsent(RUNNING, k -> new RunningChecks(), RunningChecks.class);
        store.put(WINDOW, running.start(nameOf(context), mark, settings));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RunningChecks.Window window = context.getStore(NAMESPACE).remove(WINDOW, RunningChecks.Window.class);
        if (window == null) {
            return; // not started (beforeEach failed), or already checked by another registration
        }
        RunningChecks running = context.getRoot().getStore(NAMESPACE).get(RUNNING, RunningChecks.class);
        Leaks leaks;
        List<String> overlapping;
        try {
            leaks = lingerUntilClean(window, "test " + context.getDisplayName());
        } finally {
            // ended after the linger: what other tests acquire while this one lingers is blamed on it too
            overlapping = running.overlapping(window);
            running.end(window);
        }
        if (leaks != null) {
            boolean parallel = context.getConfigurationParameter(PARALLEL_ENABLED).map(Boolean::parseBoolean)
                                      .orElse(false);
            throw LeakFailure.of(context.getDisplayName(), window.settings(), leaks, overlapping, parallel,
                                 AgentAccess.limitsReachedSince(window.startedAtMillis()));
        }
    }

    /**
     * What is left after polling for up to the linger time (at least {@link #THREAD_GRACE_MILLIS} while a thread the
     * test started still runs); {@code null} when nothing is.
     */
    private static Leaks lingerUntilClean(RunningChecks.Window window, String reason) {
        CheckSettings settings = window.settings();
        long linger = settings.lingerMillis();
        if (linger < THREAD_GRACE_MILLIS && AgentAccess.threadsRunning(window.mark(), settings)) {
            linger = THREAD_GRACE_MILLIS;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(linger);
        long pause = FIRST_POLL_MILLIS;
        while (AgentAccess.count(window.mark(), settings) > 0 && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(Math.min(pause, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the test is being stopped: report what is there now
                break;
            }
            pause = Math.min(pause * 2, MAX_POLL_MILLIS);
        }
        // counted and reported from two snapshots: a resource closed in between leaves nothing to report, a pass
        return AgentAccess.leaks(window.mark(), settings, reason);
    }

    /** The settings of the nearest {@link LeakCheck}: the method's, its class's, an enclosing class's; else defaults. */
    static CheckSettings settingsOf(ExtensionContext context) {
        Optional<Method> method = context.getTestMethod();
        if (method.isPresent()) {
            Optional<LeakCheck> onMethod = AnnotationSupport.findAnnotation(method.get(), LeakCheck.class);
            if (onMethod.isPresent()) {
                return settings(onMethod.get(), "@LeakCheck on " + method.get().getDeclaringClass().getSimpleName()
                                                + "." + method.get().getName() + "()");
            }
        }
        for (Class<?> c = context.getTestClass().orElse(null); c != null; c = enclosingInstanceClass(c)) {
            Optional<LeakCheck> onClass = AnnotationSupport.findAnnotation(c, LeakCheck.class);
            if (onClass.isPresent()) {
                return settings(onClass.get(), "@LeakCheck on " + c.getSimpleName());
            }
        }
        return CheckSettings.defaults();
    }

    private static CheckSettings settings(LeakCheck annotation, String origin) {
        try {
            return CheckSettings.of(annotation, origin);
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(e.getMessage());
        }
    }

    /** The class a {@code @Nested} (inner) class lives in; {@code null} for a top-level or static nested class. */
    private static Class<?> enclosingInstanceClass(Class<?> c) {
        return c.isMemberClass() && !Modifier.isStatic(c.getModifiers()) ? c.getEnclosingClass() : null;
    }

    /** How other tests' failure notes name this one: {@code Class > display name}. */
    private static String nameOf(ExtensionContext context) {
        return context.getTestClass().map(Class::getSimpleName).map(s -> s + " > ").orElse("")
               + context.getDisplayName();
    }
}
