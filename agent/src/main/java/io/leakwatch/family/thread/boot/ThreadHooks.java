package io.leakwatch.family.thread.boot;

import io.leakwatch.bootstrap.Hooks;
import io.leakwatch.bootstrap.ResourceKind;

import java.util.concurrent.ForkJoinWorkerThread;

/**
 * What the {@code thread} family's advice calls: a platform thread started and ended, a {@code Timer} made and
 * cancelled, and the limit before a thread starts.
 *
 * <p>A thread is the application's unless it is a thread pool's (a {@code ThreadPoolExecutor}'s worker, whose task is
 * the pool's {@code Worker}; a {@code ForkJoinWorkerThread}) or a timer's (its {@code Timer} is tracked instead). Those are
 * never recorded, and never refused by {@code limit.thread}: the pool or timer they belong to is what the application
 * holds. The JDK's system threads ({@code jdk.internal.misc.InnocuousThread}: the HTTP keep-alive cache's timer and
 * socket cleaner, cleaners) are the JVM's whichever call made them start. Whose code started the others (the JDK's
 * own, a test runner's, another agent's) is decided from the stack, as for every kind.
 *
 * <p>Defined in the boot loader with the bootstrap package (advice inlined into {@code java.lang.Thread} and
 * {@code java.util.Timer} calls it). Thread-safe: stateless. Every entry point suppresses its own failures, but the
 * limit check throws its refusal on purpose.
 */
public final class ThreadHooks {
    static {
        Hooks.rules(ResourceKind.THREAD, new ThreadRules());
    }

    private ThreadHooks() {
    }

    /**
     * Before {@code thread} starts.
     *
     * @throws OutOfMemoryError when {@code limit.thread} refuses it, as the JVM does when the operating system cannot
     *                          create another thread ({@code unable to create native thread}); thrown by this code,
     *                          it triggers none of the JVM's out-of-memory actions
     */
    public static void checkLimit(Thread thread) {
        String refused;
        try {
            refused = Hooks.hasLimits() && isApplications(thread)
                ? Hooks.refusal(ResourceKind.THREAD, 1) : null;
        } catch (Throwable t) {
            refused = null;
        }
        if (refused != null) {
            throw new OutOfMemoryError("unable to create native thread: " + refused);
        }
    }

    /** {@code thread} started: recorded unless it is a pool's or a timer's. */
    public static void started(Thread thread) {
        try {
            if (isApplications(thread)) {
                if (JdkFields.isSystemThread(thread)) {
                    // the JDK's own (an HTTP keep-alive cache's timer), whichever application call made it start
                    Hooks.acquiredForJvm(ResourceKind.THREAD, thread, thread.getName());
                } else {
                    Hooks.acquired(ResourceKind.THREAD, thread, thread.getName());
                }
                if (!thread.isAlive()) {
                    // it ended before it was recorded (its end found nothing to release)
                    Hooks.released(thread);
                }
            }
        } catch (Throwable t) {
            Hooks.agentFailed();
        }
    }

    /** {@code thread} is ending ({@code Thread.exit}, on the thread itself): released. */
    public static void ended(Thread thread) {
        Hooks.released(thread);
    }

    /** A {@code Timer} was made and its thread started: the timer is recorded, its thread is part of it. */
    public static void timerMade(Object timer) {
        try {
            Thread thread = JdkFields.threadOf(timer);
            Hooks.acquired(ResourceKind.THREAD, timer, new TimerDetail(thread));
        } catch (Throwable t) {
            Hooks.agentFailed();
        }
    }

    /** {@code Timer.cancel()} returned: released (its thread ends once the running task, if any, returns). */
    public static void timerCancelled(Object timer) {
        Hooks.released(timer);
    }

    /**
     * Whether a thread started now is the application's to hold: not a pool's worker, not a timer's, not the agent's
     * own (its exit report's shutdown hook, its live view).
     */
    private static boolean isApplications(Thread thread) {
        return !(thread instanceof ForkJoinWorkerThread) && !JdkFields.isTimerThread(thread)
            && !JdkFields.isPoolWorker(thread) && !JdkFields.isAgents(thread);
    }
}
