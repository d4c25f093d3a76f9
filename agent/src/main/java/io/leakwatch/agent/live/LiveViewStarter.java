package io.leakwatch.agent.live;

import io.leakwatch.agent.config.LeakWatchOptions;
import io.leakwatch.bootstrap.HoldTimeSink;
import io.leakwatch.bootstrap.Hooks;
import io.leakwatch.bootstrap.LeakWatchControl;
import io.leakwatch.bootstrap.LeakWatchEvent;
import io.leakwatch.bootstrap.LeakWatchListener;
import io.leakwatch.bootstrap.ResourceKind;
import io.leakwatch.bootstrap.ResourceRegistry;
import io.leakwatch.jmx.BeanContributor;
import io.leakwatch.jmx.HoldTimeHistograms;
import io.leakwatch.jmx.LiveSettings;
import io.leakwatch.jmx.LiveView;

import javax.management.MBeanServer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * Prepares the live view from {@code premain} without touching JMX: it installs the hold-time sink (so that
 * percentiles cover the whole run) and waits for the platform MBeanServer. The MBeans, the Process MBean among them,
 * and the live view's thread come when something first gets that server from {@code ManagementFactory}: a JMX
 * connector started for JConsole or VisualVM (attaching, {@code jmxremote}, {@code jcmd ManagementAgent.start}), the
 * Prometheus JMX exporter, or the application itself; at once when it exists already. A JVM nobody looks at never
 * creates an MBeanServer for leakwatch, which in a test suite's forks was most of the agent's start-up cost; and the
 * server is always the one the application chose (its {@code javax.management.builder.initial}, its log manager).
 *
 * <p>Thread-safe (stateless); called once by the installer.
 */
public final class LiveViewStarter {
    /** How often the live view's thread checks occupancy and hold times. */
    static final long POLL_MILLIS = 1000;

    private LiveViewStarter() {
    }

    /** The hold-time histograms of the run, for the reports; {@code null} without the live view ({@code jmx=false}). */
    private static volatile HoldTimeHistograms histograms;

    /** The run's hold-time histograms (the reports' distributions), or {@code null} with {@code jmx=false}. */
    public static HoldTimeHistograms holdTimes() {
        return histograms;
    }

    /** The class that holds the platform MBeanServer. */
    public static final String FACTORY = PlatformServers.FACTORY;

    /**
     * Prepares the live view unless {@code jmx=false}, with further beans from {@code contributors} (null ones are
     * skipped). {@code serverMayExist}: whether the platform MBeanServer may have been made before (false when
     * {@link #FACTORY} was not loaded then: looking would load it, and on JDK 18 and later spin method handles).
     * A failure prints one line: tracking and the exit report go on without the live view.
     */
    public static void start(ResourceRegistry registry, LeakWatchOptions options, boolean serverMayExist,
                             BeanContributor... contributors) {
        if (!options.live().jmx()) {
            return;
        }
        try {
            List<String> labels = new ArrayList<>();
            for (ResourceKind k : ResourceKind.values()) {
                labels.add(k.label());
            }
            HoldTimeHistograms holdTimes = new HoldTimeHistograms(labels);
            histograms = holdTimes;
            registry.installHoldTimes(new HoldTimes(holdTimes));
            holdTimes.drainWith(new HoldTimeDrain(registry));
            OnDemand onDemand = new OnDemand(registry, options, holdTimes, contributors);
            LeakWatchControl.onPlatformMBeanServer(onDemand);
            // an application listener wants occupancy changes and resources held too long, MBeans or not
            LeakWatchControl.onFirstListener(onDemand.watchForListeners());
            // made before this agent started (by an earlier agent, or the JDK's jmxremote connector): registered now
            if (serverMayExist) {
                LeakWatchControl.platformMBeanServer(PlatformServers.existing());
            }
        } catch (RuntimeException | LinkageError e) {
            System.err.println("leakwatch: the live view (MBeans) is off: " + e);
        }
    }

    /**
     * Registers the MBeans in the platform MBeanServer when it is handed over, once, on the thread that got it, and
     * starts the live view's thread. Thread-safe: the bootstrap package calls it at most once.
     */
    private static final class OnDemand implements Consumer<Object> {
        private final ResourceRegistry registry;
        private final LeakWatchOptions options;
        private final HoldTimeHistograms holdTimes;
        private final BeanContributor[] contributors;

        OnDemand(ResourceRegistry registry, LeakWatchOptions options, HoldTimeHistograms holdTimes,
                 BeanContributor[] contributors) {
            this.registry = registry;
            this.options = options;
            this.holdTimes = holdTimes;
            this.contributors = contributors.clone();
        }

        /** Guarded by this: made by whichever comes first, the MBeanServer or an application listener. */
        private LiveView view;

        private synchronized LiveView view() {
            if (view == null) {
                LiveSettings settings = new LiveSettings(POLL_MILLIS, options.live().holdThresholdMillis().orElse(-1),
                                                         options.limits().warningPercent(),
                                                         options.limits().criticalPercent());
                LiveView made = new LiveView(new AgentLiveSource(registry, options.include()), holdTimes, settings);
                // further beans (the Process MBean) are registered with the others
                for (BeanContributor c : contributors) {
                    if (c != null) {
                        made.addContributor(c);
                    }
                }
                view = made;
            }
            return view;
        }

        @Override
        public void accept(Object server) {
            try {
                LiveView v = view();
                v.register((MBeanServer) server);
                LeakWatchControl.addAgentListener(new Notifications(v));
                v.startWatching(AgentThreads.INSTANCE);
            } catch (Throwable t) {
                System.err.println("leakwatch: the MBeans are not registered, the live view is off: " + t);
            }
        }

        /** Starts the live view's watcher without MBeans (a class, not a lambda: made at every start). */
        Runnable watchForListeners() {
            return new Runnable() {
                @Override
                public void run() {
                    view().startWatching(AgentThreads.INSTANCE);
                }
            };
        }
    }

    /** The registry's hold-time sink, called by its drains: one monomorphic call into the histograms. Thread-safe. */
    private static final class HoldTimes implements HoldTimeSink {
        private final HoldTimeHistograms histograms;

        HoldTimes(HoldTimeHistograms histograms) {
            this.histograms = histograms;
        }

        @Override
        public void released(long[] entries, long[] counts, int n) {
            histograms.record(entries, counts, n, HoldTimeSink.KIND_SHIFT);
        }
    }

    /**
     * The MBeans' notifications, as one listener among the application's: told every event on the listeners' thread,
     * never on an acquiring one. Called by one thread.
     */
    private static final class Notifications implements LeakWatchListener {
        private final LiveView view;

        Notifications(LiveView view) {
            this.view = view;
        }

        @Override
        public void onEvent(LeakWatchEvent e) {
            String site = e.stack().isEmpty() ? io.leakwatch.jmx.OpenSite.NO_STACK : e.stack().get(0);
            switch (e.type()) {
                case LIMIT_REACHED:
                    view.limitReached(e.kind(), e.open(), e.limit(), e.refused(), e.topSite());
                    break;
                case STATE_CHANGED:
                    view.occupancyChanged(e.kind(), e.state(), e.previousState(), e.open(),
                                          e.limit() == Long.MAX_VALUE ? -1 : e.limit(), e.percent(), e.message());
                    break;
                case HELD_TOO_LONG:
                    view.heldTooLong(e.kind(), e.resourceId(), e.description(), e.thread(),
                                     e.timeMillis() - e.heldMillis(), e.heldMillis(), site, e.message());
                    break;
                case LEAK_FOUND:
                    view.leakFound(e.kind(), e.resourceId(), e.description(), e.thread(), e.heldMillis(), site,
                                   e.message());
                    break;
                default:
                    break;
            }
        }
    }

    /** Daemon threads that run as the agent: nothing they open (JMX, report files) is tracked. Thread-safe. */
    private enum AgentThreads implements ThreadFactory {
        INSTANCE;

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(() -> {
                Hooks.enterAgent();
                try {
                    r.run();
                } finally {
                    Hooks.exitAgent();
                }
            }, "leakwatch-live");
            t.setDaemon(true);
            return t;
        }
    }

    /**
     * Hands the registry's hold times to the histograms: a class rather than a method reference, which the JDK would
     * spin at every start. Thread-safe (the registry's drain is).
     */
    private static final class HoldTimeDrain implements Runnable {
        private final ResourceRegistry registry;

        HoldTimeDrain(ResourceRegistry registry) {
            this.registry = registry;
        }

        @Override
        public void run() {
            registry.drainHoldTimes();
        }
    }
}
