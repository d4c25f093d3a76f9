package io.leakwatch.agent.jfr;

import io.leakwatch.bootstrap.KindCountsView;
import io.leakwatch.bootstrap.LeakWatchControl;
import io.leakwatch.bootstrap.LeakWatchEvent;
import io.leakwatch.bootstrap.LeakWatchListener;
import io.leakwatch.bootstrap.ResourceRegistry;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

import java.util.List;

/**
 * Puts leakwatch's events into JDK Flight Recorder recordings, however they were started ({@code
 * -XX:StartFlightRecording}, {@code jcmd <pid> JFR.start}, JDK Mission Control), with no leakwatch option. Told of
 * every recording's change of state, it registers its event classes and the periodic {@code leakwatch.OpenResources}
 * when the first recording runs, and listens to the agent's events (on leakwatch's listeners' thread, never an
 * acquiring one) only while one runs. A JVM that records nothing loads none of the recorder's classes (see
 * {@link #start}).
 *
 * <p>Thread-safe: state changes are serialized on this object; events are committed on the listeners' thread and the
 * recorder's periodic thread.
 */
public final class JfrBridge implements FlightRecorderListener, LeakWatchListener {
    private final ResourceRegistry registry;
    /** Guarded by this. */
    private boolean registered;
    /** Guarded by this. */
    private boolean listening;
    /** The registered types of the two events every acquisition and release can have; guarded by this. */
    private EventType acquiredType;
    private EventType releasedType;
    /** Whether the registry hands its acquisitions and releases to {@link LifeEvents}; guarded by this. */
    private boolean lifeEventsOn;

    private JfrBridge(ResourceRegistry registry) {
        this.registry = registry;
    }

    /** The thread the recorder starts with its first recording (JDK 17 to 25), however it was started. */
    static final String RECORDER_THREAD = "JFR Periodic Tasks";

    /**
     * Joins JDK Flight Recorder: at once when the JVM's arguments start a recording ({@code onCommandLine}); else the
     * recorder's classes are not touched (some 30 classes, a few milliseconds of every JVM's start) until its thread
     * appears, which the registry's clock looks for every second: a recording started later ({@code jcmd
     * JFR.start}, JDK Mission Control) has leakwatch's events from then on.
     */
    public static void start(ResourceRegistry registry, boolean onCommandLine) {
        if (onCommandLine) {
            install(registry);
            return;
        }
        io.leakwatch.bootstrap.Hooks.everySecond(new java.util.function.BooleanSupplier() {
            @Override
            public boolean getAsBoolean() {
                if (!recorderRunning()) {
                    return true;
                }
                install(registry);
                return false;
            }
        });
    }

    /** Whether the recorder's thread exists: one pass over the threads' names, no class of the recorder loaded. */
    static boolean recorderRunning() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n = root.enumerate(threads, true);
        for (int i = 0; i < n; i++) {
            if (RECORDER_THREAD.equals(threads[i].getName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Listens for recordings from now on (and joins one running already). A JVM without the {@code jdk.jfr} module
     * gets no events; a failure prints one line and leaves the agent as it was.
     */
    static void install(ResourceRegistry registry) {
        try {
            if (ModuleLayer.boot().findModule("jdk.jfr").isEmpty()) {
                return;
            }
            JfrBridge bridge = new JfrBridge(registry);
            FlightRecorder.addListener(bridge);
            io.leakwatch.bootstrap.Hooks.everySecond(new java.util.function.BooleanSupplier() {
                @Override
                public boolean getAsBoolean() {
                    try {
                        bridge.updateLifeEvents();
                    } catch (Throwable t) {
                        // asked again in a second
                    }
                    return true;
                }
            });
            // a recording started with the JVM may be running already; asking otherwise would start the recorder
            if (FlightRecorder.isInitialized()) {
                bridge.update(FlightRecorder.getFlightRecorder().getRecordings());
            }
        } catch (Throwable t) {
            System.err.println("leakwatch: its JDK Flight Recorder events are off: " + t);
        }
    }

    @Override
    public void recordingStateChanged(Recording recording) {
        try {
            update(FlightRecorder.getFlightRecorder().getRecordings());
        } catch (Throwable t) {
            // the recording goes on without leakwatch's events
        }
    }

    /** Registers the event classes and the periodic one, once, when the first recording runs. */
    private synchronized void register() {
        if (registered) {
            return;
        }
        registered = true;
        FlightRecorder.register(ResourceLeakedEvent.class);
        FlightRecorder.register(ResourceHeldTooLongEvent.class);
        FlightRecorder.register(LimitReachedEvent.class);
        FlightRecorder.register(ResourceAcquiredEvent.class);
        FlightRecorder.register(ResourceReleasedEvent.class);
        acquiredType = EventType.getEventType(ResourceAcquiredEvent.class);
        releasedType = EventType.getEventType(ResourceReleasedEvent.class);
        FlightRecorder.addPeriodicEvent(OpenResourcesEvent.class, new Runnable() {
            @Override
            public void run() {
                emitCounts();
            }
        });
    }

    private synchronized void update(List<Recording> recordings) {
        boolean running = false;
        for (Recording r : recordings) {
            running |= r.getState() == RecordingState.RUNNING;
        }
        if (running) {
            register();
        }
        if (running && !listening) {
            listening = true;
            // as an application listens: the live view's watcher then runs, for resources held too long
            LeakWatchControl.addListener(this);
        } else if (!running && listening) {
            listening = false;
            LeakWatchControl.removeListener(this);
        }
        updateLifeEvents();
    }

    /**
     * Hands the registry's acquisitions and releases to {@link LifeEvents} while a running recording has {@code
     * leakwatch.ResourceAcquired} or {@code leakwatch.ResourceReleased} enabled, and to nobody otherwise. Asked at
     * every change of a recording's state and every second (a running recording's settings can change without one).
     */
    synchronized void updateLifeEvents() {
        boolean on = listening && (acquiredType.isEnabled() || releasedType.isEnabled());
        if (on != lifeEventsOn) {
            lifeEventsOn = on;
            registry.lifeEvents(on ? new LifeEvents() : null);
        }
    }

    @Override
    public void onEvent(LeakWatchEvent e) {
        switch (e.type()) {
            case LEAK_FOUND:
                new ResourceLeakedEvent().commitFrom(e);
                break;
            case HELD_TOO_LONG:
                new ResourceHeldTooLongEvent().commitFrom(e);
                break;
            case LIMIT_REACHED: {
                LimitReachedEvent j = new LimitReachedEvent();
                j.kind = e.kind();
                j.limit = e.limit();
                j.open = e.open();
                j.refused = e.refused();
                j.topHolder = e.topSite();
                j.message = e.message();
                j.commit();
                break;
            }
            default:
                break;
        }
    }

    /** One {@code leakwatch.OpenResources} per tracked kind, on the recorder's periodic thread. */
    private void emitCounts() {
        for (KindCountsView c : registry.counts()) {
            OpenResourcesEvent j = new OpenResourcesEvent();
            j.kind = c.kind();
            j.open = c.open();
            j.leaked = c.leaked();
            j.peak = c.peak();
            j.acquired = c.acquired();
            j.released = c.released();
            j.bytes = c.bytes();
            j.commit();
        }
    }
}
