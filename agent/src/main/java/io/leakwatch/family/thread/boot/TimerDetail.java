package io.leakwatch.family.thread.boot;

import java.lang.ref.WeakReference;

/**
 * What a {@code Timer}'s record keeps: its thread, weakly (the registry never keeps a resource, or a part of one,
 * reachable), and the thread's name at the timer's making.
 *
 * <p>Immutable; thread-safe.
 */
final class TimerDetail {
    private final WeakReference<Thread> thread;
    private final String name;

    TimerDetail(Thread thread) {
        this.thread = new WeakReference<>(thread);
        this.name = thread == null ? "?" : thread.getName();
    }

    /** The timer's thread, or {@code null} once it ended and was collected. */
    Thread thread() {
        return thread.get();
    }

    /** {@code timer Timer-0}. */
    @Override
    public String toString() {
        return "timer " + name;
    }
}
