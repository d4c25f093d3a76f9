package io.leakwatch.agent.live;

import io.leakwatch.agent.config.LeakWatchOptions;
import io.leakwatch.bootstrap.HoldTimeSink;
import io.leakwatch.bootstrap.Hooks;
import io.leakwatch.bootstrap.LeakWatchControl;
import io.leakwatch.bootstrap.LeakWatchEvents;
import io.leakwatch.bootstrap.ResourceKind;
import io.leakwatch.bootstrap.ResourceRegistry;
import io.leakwatch.jmx.BeanContributor;
import io.leakwatch.jmx.HoldTimeHistograms;
import io.leakwatch.jmx.LiveSettings;
import io.leakwatch.jmx.LiveView;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * Starts the live view from {@code premain} without touching JMX or logging there: it installs the hold-time and
 * event sinks (so that percentiles cover the whole run) and starts the live view's daemon thread, which registers the
 * MBeans once the application's {@code main} has started (see {@link LiveView}).
 *
 * <p>Thread-safe (stateless); called once by the installer.
 */
public final class LiveViewStarter {
    /** How often the live view's thread checks occupancy and hold times. */
    static final long POLL_MILLIS = 1000;
    /** How long after {@code main} started the MBeans are registered. */
    static final long SETTLE_MILLIS = 1000;

    private LiveViewStarter() {
    }

    /**
     * Starts the live view unless {@code jmx=false}, with further beans from {@code contributors} (null ones are
     * skipped); returns it, or {@code null}. {@code launcher} is the thread that will run {@code main} when called
     * from {@code premain}; {@code null} when the agent was attached to a running JVM, whose main runs already. A
     * failure prints one line: tracking and the exit report go on without the live view.
     */
    public static LiveView start(ResourceRegistry registry, LeakWatchOptions options, Thread launcher,
                                 BeanContributor... contributors) {
        if (!options.live().jmx()) {
            return null;
        }
        try {
            return startLiveView(registry, options, launcher, contributors);
        } catch (RuntimeException | LinkageError e) {
            System.err.println("leakwatch: the live view (MBeans) is off: " + e);
            return null;
        }
    }

    private static LiveView startLiveView(ResourceRegistry registry, LeakWatchOptions options, Thread launcher,
                                          BeanContributor... contributors) {
        List<String> labels = new ArrayList<>();
        for (ResourceKind k : ResourceKind.values()) {
            labels.add(k.label());
        }
        HoldTimeHistograms holdTimes = new HoldTimeHistograms(labels);
        LiveSettings settings = new LiveSettings(POLL_MILLIS, options.live().holdThresholdMillis().orElse(-1),
                                                 options.limits().warningPercent(), options.limits().criticalPercent(),
                                                 SETTLE_MILLIS);
        LiveView view = new LiveView(new AgentLiveSource(registry, options.include()), holdTimes, settings);
        registry.installHoldTimes(new HoldTimes(holdTimes));
        holdTimes.drainWith(registry::drainHoldTimes);
        LeakWatchControl.installEvents(new Events(view));
        // further beans (the Process MBean) are added here, before the thread starts
        for (BeanContributor c : contributors) {
            if (c != null) {
                view.addContributor(c);
            }
        }
        view.start(AgentThreads.INSTANCE, launcher);
        return view;
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

    /** Limit events from acquiring threads, queued by the live view. Thread-safe. */
    private static final class Events implements LeakWatchEvents {
        private final LiveView view;

        Events(LiveView view) {
            this.view = view;
        }

        @Override
        public void limitReached(String kind, long open, long limit, boolean refused, String topSite) {
            view.limitReached(kind, open, limit, refused, topSite);
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
}
