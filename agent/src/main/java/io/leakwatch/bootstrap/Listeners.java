package io.leakwatch.bootstrap;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link LeakWatchListener}s and the one thread that calls them: what publishes an event (an acquiring thread at
 * a limit, the thread that found a leak, the live view's watcher) only offers it to a bounded queue, and
 * {@code leakwatch-listeners} hands it to every listener in turn. A full queue drops the event and counts it: a
 * publisher never waits.
 *
 * <p>Thread-safe: the listeners are a copy-on-write list; the thread is started once, under this object's lock.
 */
final class Listeners implements Runnable {
    /** Events waiting for the listeners at most. */
    static final int QUEUE = 1024;
    static final Listeners INSTANCE = new Listeners();

    private final CopyOnWriteArrayList<LeakWatchListener> listeners = new CopyOnWriteArrayList<>();
    private final ArrayBlockingQueue<LeakWatchEvent> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    /** Events queued, and events every listener was told: {@link #await} compares them. */
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong told = new AtomicLong();
    /** Listeners that threw, each reported once. Guarded by itself. */
    private final java.util.Set<LeakWatchListener> reported =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    /** Told once, when the first listener that is not the agent's own arrives (see {@link #add}). */
    private volatile Runnable onFirstApplicationListener;
    private boolean applicationListenerSeen;
    private Thread thread;

    private Listeners() {
    }

    /** Whether anyone listens: publishers make no event otherwise. */
    boolean active() {
        return !listeners.isEmpty();
    }

    /**
     * Adds {@code listener}; {@code application}: it is not the agent's own (the JMX notifications'), so the watcher
     * that publishes occupancy changes and held-too-long events must run even if no MBean is registered.
     */
    void add(LeakWatchListener listener, boolean application) {
        if (listener == null) {
            throw new NullPointerException("listener");
        }
        listeners.add(listener);
        Runnable first = null;
        synchronized (this) {
            if (thread == null) {
                start();
            }
            if (application && !applicationListenerSeen) {
                applicationListenerSeen = true;
                first = onFirstApplicationListener;
            }
        }
        if (first != null) {
            runAsAgent(first);
        }
    }

    boolean remove(LeakWatchListener listener) {
        return listeners.remove(listener);
    }

    /** Sets what runs when the first application listener is added (at once if one was added already). */
    void onFirstApplicationListener(Runnable r) {
        boolean now;
        synchronized (this) {
            onFirstApplicationListener = r;
            now = applicationListenerSeen;
        }
        if (now && r != null) {
            runAsAgent(r);
        }
    }

    /** Offers {@code event} to the listeners; dropped and counted when the queue is full. Never blocks. */
    void publish(LeakWatchEvent event) {
        if (listeners.isEmpty()) {
            return;
        }
        if (queue.offer(event)) {
            queued.incrementAndGet();
        } else {
            dropped.incrementAndGet();
        }
    }

    /**
     * Waits until every event queued before the call was handed to every listener, {@code millis} at most; true if
     * they were. For a caller that must see its listener's view of what just happened (a test's end).
     */
    boolean await(long millis) throws InterruptedException {
        long target = queued.get();
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (told.get() < target) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    long dropped() {
        return dropped.get();
    }

    private void start() {
        ThreadState ts = ThreadState.current();
        // started as the agent: the thread is leakwatch's, not the application's that added the listener
        ts.enter();
        try {
            Thread t = new Thread(this, "leakwatch-listeners");
            t.setDaemon(true);
            t.start();
            thread = t;
        } finally {
            ts.exit();
        }
    }

    @Override
    public void run() {
        ThreadState.current().enter();
        while (true) {
            LeakWatchEvent event;
            try {
                event = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            for (LeakWatchListener l : listeners) {
                try {
                    l.onEvent(event);
                } catch (Throwable t) {
                    reportOnce(l, t);
                }
            }
            told.incrementAndGet();
        }
    }

    private void reportOnce(LeakWatchListener listener, Throwable t) {
        boolean first;
        synchronized (reported) {
            first = reported.add(listener);
        }
        if (first) {
            System.err.println("leakwatch: listener " + listener.getClass().getName() + " threw " + t
                               + "; the other listeners were called all the same (reported once per listener)");
        }
    }

    private static void runAsAgent(Runnable r) {
        ThreadState ts = ThreadState.current();
        ts.enter();
        try {
            r.run();
        } catch (Throwable t) {
            // the live view's watcher did not start: listeners get leaks and limits, not occupancy changes
            System.err.println("leakwatch: the watcher for listeners did not start: " + t);
        } finally {
            ts.exit();
        }
    }
}
