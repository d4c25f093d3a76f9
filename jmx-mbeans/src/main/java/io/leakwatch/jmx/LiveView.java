package io.leakwatch.jmx;

import io.leakwatch.report.ResourceEntry;

import javax.management.JMException;
import javax.management.MBeanServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The live view: the MBeans of every tracked kind and of the agent, and the one daemon thread that registers them and
 * then watches.
 *
 * <p><b>When the MBeans appear.</b> When the agent's caller hands over the platform MBeanServer through
 * {@link #register}: the agent waits until something else creates it (see the agent's {@code LiveViewStarter}), so
 * the server, its builder and the JDK's log manager are always those the application chose, and a JVM nobody looks
 * at has no live view at all. {@link #start} then starts the one daemon thread.
 *
 * <p><b>What the thread does</b>, every {@link LiveSettings#pollMillis()}: harvests the hold-time histograms,
 * groups the open resources by site for {@code TopSites} once the beans are registered (see {@link SiteCache}),
 * checks each kind's occupancy against its limit, and looks for resources held longer than the threshold, once each.
 * A change of occupancy and a resource held too long are published through the agent ({@link LiveSource}) to every
 * listener; the notifications are sent by the live view's own listener, which calls {@link #limitReached},
 * {@link #occupancyChanged}, {@link #heldTooLong} and {@link #leakFound} on the listeners' thread, never on an
 * acquiring one. The thread also runs without the beans ({@link #startWatching}), when an application listens and no
 * MBeanServer exists.
 *
 * <p>Thread-safe: the notifying methods from the listeners' thread; the rest runs on the live view's thread.
 */
public final class LiveView {
    /** At most this many "held too long" notifications per kind and poll; the rest are summed up in one. */
    static final int HELD_PER_POLL = 100;
    /** A resource is looked at only once this old, so that it is surely in the registry by then. */
    private static final long HELD_MARGIN_MILLIS = 50;

    private final LiveSource source;
    private final HoldTimeHistograms holdTimes;
    private final LiveSettings settings;
    private final Map<String, ResourcesBean> beans = new LinkedHashMap<>();
    private final LeakWatchBean leakWatch;
    private final SiteCache sites;
    private final List<BeanContributor> contributors = new CopyOnWriteArrayList<>();
    private Thread thread;
    private volatile boolean registered;
    /** The upper end of the last window of acquisition times checked against the hold threshold. */
    private long heldCheckedUpTo = Long.MIN_VALUE;

    public LiveView(LiveSource source, HoldTimeHistograms holdTimes, LiveSettings settings) {
        this.source = source;
        this.holdTimes = holdTimes;
        this.settings = settings;
        this.sites = new SiteCache(source);
        for (String kind : source.kinds()) {
            beans.put(kind, ResourcesBean.of(kind, source, holdTimes, sites, settings));
        }
        this.leakWatch = new LeakWatchBean(source, settings);
    }

    /**
     * Adds beans to register with the live view's own (the place for further MBeans, such as the process bean).
     * Call before {@link #start}.
     */
    public void addContributor(BeanContributor contributor) {
        contributors.add(contributor);
    }

    /**
     * Starts the live view's thread from {@code threads} (the agent's: a daemon thread that runs as the agent, so
     * nothing it opens is tracked), unless it runs already: after {@link #register}, or before it when an application
     * listener wants occupancy changes and resources held too long without any MBean.
     */
    public synchronized void startWatching(ThreadFactory threads) {
        if (thread == null) {
            Thread t = threads.newThread(this::run);
            thread = t;
            t.start();
        }
    }

    /** Notifies that an acquisition of {@code kind} found it at its limit ({@code topSite} may be null). */
    public void limitReached(String kind, long open, long limit, boolean refused, String topSite) {
        ResourcesBean b = beans.get(kind);
        if (b != null && registered) {
            b.limitReached(open, limit, refused, topSite == null ? "" : topSite);
        }
    }

    /** Notifies a change of occupancy of {@code kind} ({@code limit} -1: none). */
    public void occupancyChanged(String kind, String state, String previousState, long open, long limit,
                                 double percent, String message) {
        ResourcesBean b = beans.get(kind);
        if (b != null && registered) {
            b.occupancyChanged(state, previousState, open, limit, percent, message);
        }
    }

    /** Notifies a resource of {@code kind} held longer than the threshold. */
    public void heldTooLong(String kind, long id, String description, String thread, long acquiredAtMillis,
                            long heldMillis, String firstFrame, String message) {
        ResourcesBean b = beans.get(kind);
        if (b != null && registered) {
            b.heldTooLongNotification(id, description, thread, acquiredAtMillis, heldMillis, firstFrame, message);
        }
    }

    /** Notifies a resource of {@code kind} found leaked. */
    public void leakFound(String kind, long id, String description, String thread, long heldMillis, String firstFrame,
                          String message) {
        ResourcesBean b = beans.get(kind);
        if (b != null && registered) {
            b.leakFound(id, description, thread, heldMillis, firstFrame, message);
        }
    }

    private void run() {
        long nextPoll = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                long now = System.nanoTime();
                if (now - nextPoll >= 0) {
                    poll();
                    nextPoll = now + TimeUnit.MILLISECONDS.toNanos(settings.pollMillis());
                }
                LockSupport.parkNanos(this, Math.max(1, nextPoll - System.nanoTime()));
            } catch (Throwable t) {
                // one bad poll (a listener that threw, a report that failed) must not end the live view
                System.err.println("leakwatch: live view poll failed: " + t);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(settings.pollMillis()));
            }
        }
    }

    /**
     * Registers every bean in {@code server}; an existing bean of the same name (a second agent) is left alone.
     * {@code io.leakwatch:type=LeakWatch} comes last: a client that sees it sees all the others. Called once, on the
     * thread that first got the platform MBeanServer.
     */
    public void register(MBeanServer server) {
        List<String> failed = new ArrayList<>();
        for (ResourcesBean b : beans.values()) {
            // with its descriptions and parameter names, as JConsole and VisualVM show them
            Object described = b instanceof ByteResourcesMXBean
                ? DescribedBeans.of((ByteResourcesMXBean) b, ByteResourcesMXBean.class)
                : DescribedBeans.of((ResourcesMXBean) b, ResourcesMXBean.class);
            tryRegister(server, described, b.name().toString(), failed);
        }
        for (BeanContributor c : contributors) {
            try {
                c.register(server);
            } catch (JMException | RuntimeException e) {
                failed.add(c.getClass().getName() + ": " + e);
            }
        }
        tryRegister(server, DescribedBeans.of((LeakWatchMXBean) leakWatch, LeakWatchMXBean.class),
                    LeakWatchBean.NAME.toString(), failed);
        if (!failed.isEmpty()) {
            System.err.println("leakwatch: MBeans not registered: " + String.join("; ", failed));
        }
        registered = true;
    }

    private static void tryRegister(MBeanServer server, Object bean, String name, List<String> failed) {
        try {
            server.registerMBean(bean, new javax.management.ObjectName(name));
        } catch (JMException | RuntimeException e) {
            failed.add(name + ": " + e);
        }
    }

    /** One round of watching: hold-time harvest, top sites (when due), occupancy, resources held too long. */
    void poll() {
        holdTimes.harvest();
        if (registered) {
            // the top sites are an attribute: nobody reads them before the beans exist
            sites.refreshIfDue();
        }
        for (ResourcesBean b : beans.values()) {
            b.pollOccupancy();
        }
        long threshold = settings.holdThresholdMillis();
        if (threshold >= 0) {
            checkHeld(threshold, System.currentTimeMillis());
        }
    }

    /**
     * Notifies every open resource acquired in the window that crossed the threshold since the last check: each
     * acquisition time falls in exactly one window, so each resource is notified once, with no set of notified ids
     * to keep.
     */
    void checkHeld(long threshold, long now) {
        long upTo = Math.min(now - threshold, now - HELD_MARGIN_MILLIS);
        if (upTo <= heldCheckedUpTo) {
            return;
        }
        List<ResourceEntry> held = source.openAcquiredIn(heldCheckedUpTo, upTo);
        heldCheckedUpTo = upTo;
        Map<String, Integer> sent = new LinkedHashMap<>();
        for (ResourceEntry r : held) {
            ResourcesBean b = beans.get(r.kind());
            if (b == null) {
                continue;
            }
            int n = sent.merge(r.kind(), 1, Integer::sum);
            if (n <= HELD_PER_POLL) {
                b.heldTooLong(r, now, threshold);
            }
        }
        for (Map.Entry<String, Integer> e : sent.entrySet()) {
            int more = e.getValue() - HELD_PER_POLL;
            if (more > 0 && registered) {
                ResourcesBean b = beans.get(e.getKey());
                b.send(LiveNotifications.HELD_TOO_LONG, more + " more " + e.getKey() + " resources held longer than "
                       + threshold + " ms (not notified one by one); see the TopSites attribute or report()", null);
            }
        }
    }

    /** The kinds' beans, by kind (for tests). */
    Map<String, ResourcesBean> beans() {
        return beans;
    }
}
