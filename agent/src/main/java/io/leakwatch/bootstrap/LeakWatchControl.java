package io.leakwatch.bootstrap;

/**
 * The agent's public face inside the JVM it runs in: what the JUnit extension, the MBeans and other tooling call to
 * ask what is open, to mark a point in time ("what did this test leave open?"), and to render reports. It lives in
 * the bootstrap class loader, so any class loader finds it by name; when the agent is not attached the class is
 * absent (callers check with {@code Class.forName}), and when it is attached but not yet installed
 * {@link #isActive()} is {@code false}.
 *
 * <p>Thread-safe. The renderer and the event sink are written once by the agent's installer and read through
 * volatile fields.
 */
public final class LeakWatchControl {
    private static volatile ReportRenderer renderer;
    private static volatile LeakWatchEvents events;

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

    /** Called by the live view when it starts; {@code null} removes it. */
    public static void installEvents(LeakWatchEvents e) {
        events = e;
    }

    /**
     * Called by the live view when it starts: {@code sink} is told the hold time of every release from then on
     * ({@code null} removes it).
     */
    public static void installHoldTimes(HoldTimeSink sink) {
        registry().installHoldTimes(sink);
    }

    /** The event sink, or {@code null} when no live view listens. */
    static LeakWatchEvents events() {
        return events;
    }
}
