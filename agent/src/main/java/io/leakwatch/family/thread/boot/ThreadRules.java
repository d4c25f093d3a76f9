package io.leakwatch.family.thread.boot;

import io.leakwatch.bootstrap.KindRules;

/**
 * How threads and timers are described and when a timer has ended without {@code cancel()}.
 *
 * <ul>
 *   <li>A thread: its name, whether it is a daemon, and its state now ({@code worker-1 (daemon, TIMED_WAITING)}).</li>
 *   <li>A timer: its thread's name, and its queued tasks now ({@code timer Timer-0 (2 queued tasks)}).</li>
 *   <li>A thread has ended when it is no longer alive: its end is normally seen as it ends ({@code Thread.exit}),
 *       but a short thread can end before the thread that started it has recorded the start.</li>
 *   <li>A timer has ended when its thread has. A timer found collected has ended too when its thread is about to
 *       (its queue is empty: the JDK's cleaner stops such a thread); one whose thread still has tasks to run (a
 *       periodic task keeps it alive for ever) is leaked.</li>
 * </ul>
 *
 * <p>Thread-safe: stateless; reads the live objects without locks (a description is a moment's view).
 */
final class ThreadRules implements KindRules {
    @Override
    public String describe(Object detail, int flags, Object resource) {
        if (resource instanceof Thread) {
            Thread t = (Thread) resource;
            return t.getName() + " (" + (t.isDaemon() ? "daemon, " : "") + t.getState() + ")";
        }
        if (resource != null && detail instanceof TimerDetail) {
            int queued = JdkFields.queuedTasksOf(resource);
            Thread t = ((TimerDetail) detail).thread();
            String daemon = t != null && t.isDaemon() ? "daemon, " : "";
            return detail + (queued < 0 ? "" : " (" + daemon + queued + (queued == 1 ? " queued task)"
                                                                        : " queued tasks)"));
        }
        return String.valueOf(detail);
    }

    @Override
    public boolean endedElsewhere(Object detail, Object resource) {
        if (!(detail instanceof TimerDetail)) {
            // a thread that ended before its start was recorded (a short one, on another core); a collected one has
            // ended too (a live thread is always reachable)
            return resource == null || resource instanceof Thread && !((Thread) resource).isAlive();
        }
        Thread t = ((TimerDetail) detail).thread();
        if (t == null || !t.isAlive()) {
            return true;
        }
        // collected: the JDK's cleaner stops a timer thread whose queue is empty
        return resource == null && JdkFields.collectedTimerEnding(t);
    }
}
