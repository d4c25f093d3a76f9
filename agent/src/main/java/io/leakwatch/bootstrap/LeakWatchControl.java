package io.leakwatch.bootstrap;

/**
 * The agent's public face inside the JVM it runs in: what the JUnit extension, the MBeans and other tooling call to
 * ask what is open, to mark a point in time ("what did this test leave open?"), and to render reports. It lives in
 * the bootstrap class loader, so any class loader finds it by name; when the agent is not attached the class is
 * absent (callers check with {@code Class.forName}), and when it is attached but not yet installed
 * {@link #isActive()} is {@code false}.
 *
 * <p>Thread-safe. The renderer and the listeners' hooks are written once by the agent's installer and read through
 * volatile fields.
 */
public final class LeakWatchControl {
    private static volatile ReportRenderer renderer;
    private static volatile java.util.function.Consumer<Object> platformServerListener;
    private static volatile java.util.function.Consumer<Object> testLauncherListener;
    /** Set by the one call that hands the platform MBeanServer to the listener. */
    private static final java.util.concurrent.atomic.AtomicBoolean platformServerTold =
        new java.util.concurrent.atomic.AtomicBoolean();

    private LeakWatchControl() {
    }

    /** Whether the agent has installed its registry: every other method needs it. */
    public static boolean isActive() {
        return Hooks.registry() != null;
    }

    /** The registry; throws {@link IllegalStateException} when the agent is not active. */
    public static ResourceRegistry registry() {
        ResourceRegistry r = Hooks.registry();
        if (r == null) {
            throw new IllegalStateException("the leakwatch agent is not active in this JVM");
        }
        return r;
    }

    /** Starts a new mark: {@link #snapshotSince} with it lists what is acquired from now on. */
    public static long mark() {
        return registry().mark();
    }

    /** Everything open and leaked now. */
    public static RegistrySnapshot snapshot() {
        return registry().snapshot();
    }

    /** What was acquired since {@code mark}, by any thread, and is still open or leaked. */
    public static RegistrySnapshot snapshotSince(long mark) {
        return registry().snapshotSince(mark);
    }

    /**
     * The report of {@code snapshot} in {@code format} ({@code text}, {@code json}, ...).
     *
     * @throws IllegalStateException when the agent has not installed its report formats
     */
    public static String render(RegistrySnapshot snapshot, String format, String reason) {
        ReportRenderer r = renderer;
        if (r == null) {
            throw new IllegalStateException("the leakwatch agent is not active in this JVM");
        }
        ThreadState ts = ThreadState.current();
        ts.enter();
        try {
            return r.render(snapshot, format, reason);
        } finally {
            ts.exit();
        }
    }

    /** Called once by the agent's installer. */
    public static void installRenderer(ReportRenderer r) {
        renderer = r;
    }

    /**
     * Adds {@code listener}: it is told every leak found, limit reached, occupancy change and resource held too long
     * from now on, on leakwatch's own thread (see {@link LeakWatchListener}). Occupancy changes and resources held
     * too long are watched once a second by the live view (not with {@code jmx=false}); the other events come as they
     * happen.
     *
     * @throws IllegalStateException when the agent is not active
     * @throws NullPointerException for a {@code null} listener
     */
    public static void addListener(LeakWatchListener listener) {
        registry();
        Listeners.INSTANCE.add(listener, true);
    }

    /** Removes {@code listener}; true if it was added. Events already queued may still reach it. */
    public static boolean removeListener(LeakWatchListener listener) {
        return Listeners.INSTANCE.remove(listener);
    }

    /**
     * Waits until the events published so far were handed to every listener, {@code millis} at most; true if they
     * were. For code that must see its listener's view of what just happened (the JUnit extension, at a test's end).
     */
    public static boolean awaitListeners(long millis) throws InterruptedException {
        return Listeners.INSTANCE.await(millis);
    }

    /** Events no listener was told because they lagged more than {@value Listeners#QUEUE} events behind. */
    public static long droppedEvents() {
        return Listeners.INSTANCE.dropped();
    }

    /**
     * Called by the agent's live view: adds a listener of its own (the JMX notifications), which alone does not start
     * the watcher.
     */
    public static void addAgentListener(LeakWatchListener listener) {
        Listeners.INSTANCE.add(listener, false);
    }

    /** Called by the agent's live view: {@code r} starts the watcher, once the first application listener is added. */
    public static void onFirstListener(Runnable r) {
        Listeners.INSTANCE.onFirstApplicationListener(r);
    }

    /** Called by the agent's live view: {@code event} goes to every listener. Never blocks. */
    public static void publish(LeakWatchEvent event) {
        Listeners.INSTANCE.publish(event);
    }

    /**
     * Called by the agent's installer: {@code recorders} makes the hold-time recorder of each place where a site's
     * resources are released (see {@link ResourceRegistry#releaseSites()}).
     */
    public static void installReleaseHoldTimes(java.util.function.Supplier<HoldTimeRecorder> recorders) {
        registry().installReleaseHoldTimes(recorders);
    }

    /**
     * Called by the live view when it starts: {@code sink} is told the hold time of every release from then on
     * ({@code null} removes it).
     */
    public static void installHoldTimes(HoldTimeSink sink) {
        registry().installHoldTimes(sink);
    }

    /**
     * Called by the live view when the agent starts: {@code listener} is given the platform MBeanServer once, on the
     * thread that first gets it from {@code ManagementFactory} (an application, a JMX connector started for JConsole
     * or VisualVM, the Prometheus JMX exporter), or at once through {@link #platformMBeanServer} when it exists
     * already. Until then the agent creates no MBeanServer and registers nothing: a JVM nobody looks at pays nothing
     * for the live view.
     */
    public static void onPlatformMBeanServer(java.util.function.Consumer<Object> listener) {
        platformServerListener = listener;
    }

    /**
     * The platform MBeanServer exists: the listener, if one is installed and was not told yet, is told now, once,
     * as the agent (what it opens is not the application's). A failing listener is its own concern: nothing reaches
     * the caller.
     */
    public static void platformMBeanServer(Object server) {
        java.util.function.Consumer<Object> listener = platformServerListener;
        if (listener == null || server == null || platformServerTold.get()
            || !platformServerTold.compareAndSet(false, true)) {
            return;
        }
        // the listener prints its own line; the application's call returns its server whatever happened here
        tellAsAgent(listener, server);
    }

    /**
     * Gives {@code value} to {@code listener} with the current thread marked as running the agent (what it opens is
     * not the application's); whatever the listener throws stays here, so the application's call it came from goes on.
     */
    private static void tellAsAgent(java.util.function.Consumer<Object> listener, Object value) {
        ThreadState ts = ThreadState.current();
        ts.enter();
        try {
            listener.accept(value);
        } catch (Throwable t) {
            // a missed record at most: never the application's failure
        } finally {
            ts.exit();
        }
    }

    /**
     * Called by the agent's installer: {@code listener} is given every JUnit Platform launcher made from now on, to
     * register the agent's test listener on it.
     */
    public static void onTestLauncher(java.util.function.Consumer<Object> listener) {
        testLauncherListener = listener;
    }

    /**
     * A JUnit Platform launcher was made: the listener, if one is installed, is told, as the agent. A failing
     * listener costs the test names, nothing else: nothing reaches the launcher's constructor.
     */
    public static void testLauncherMade(Object launcher) {
        java.util.function.Consumer<Object> listener = testLauncherListener;
        if (listener == null || launcher == null) {
            return;
        }
        // a failure costs this launcher's runs their test names
        tellAsAgent(listener, launcher);
    }
}
