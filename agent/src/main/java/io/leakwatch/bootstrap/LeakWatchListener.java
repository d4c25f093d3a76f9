package io.leakwatch.bootstrap;

/**
 * Told what leakwatch finds as it happens, for applications that act on it themselves (page someone, shed load, dump
 * a report): a resource found leaked, a limit reached, a kind's occupancy changing between {@code NORMAL},
 * {@code WARNING} and {@code CRITICAL}, a resource held longer than {@code holdthreshold=}. Registered with
 * {@link LeakWatchControl#addListener}; the JMX notifications and the JUnit extension are listeners too.
 *
 * <p>Called on leakwatch's own thread ({@code leakwatch-listeners}), never on the thread that acquired or released:
 * a slow listener delays the listeners after it, never the application. Events arrive in the order they were
 * published; while listeners lag by more than {@value Listeners#QUEUE} events, newer ones are dropped and counted
 * ({@link LeakWatchControl#droppedEvents()}). A listener that throws is reported once on standard error and keeps
 * being called; the others are called all the same. What a listener opens is not tracked.
 *
 * <p>Implementations need not be thread-safe: one thread calls them.
 */
public interface LeakWatchListener {
    /** One event; see {@link LeakWatchEvent#type()} for which fields it has. */
    void onEvent(LeakWatchEvent event);
}
