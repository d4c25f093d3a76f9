package io.leakwatch.jmx;

import io.leakwatch.report.KindCounts;
import io.leakwatch.report.ResourceEntry;

import javax.management.MBeanNotificationInfo;
import javax.management.MalformedObjectNameException;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code io.leakwatch:type=Resources,kind=<kind>}: reads counters straight from the registry's counters, hold times
 * from the histograms, top sites from the shared {@link SiteCache}; sends the kind's notifications.
 *
 * <p>Thread-safe: attributes are read on connector threads, notifications sent by the live view's thread; the
 * occupancy state is written by that thread only.
 */
class ResourcesBean extends NotificationBroadcasterSupport implements ResourcesMXBean {
    private static final MBeanNotificationInfo[] NOTIFICATIONS = {
        new MBeanNotificationInfo(new String[] {LiveNotifications.LIMIT_REACHED}, Notification.class.getName(),
                                  "An acquisition found this kind at its limit"),
        new MBeanNotificationInfo(new String[] {LiveNotifications.OCCUPANCY_WARNING,
                                                LiveNotifications.OCCUPANCY_CRITICAL,
                                                LiveNotifications.OCCUPANCY_NORMAL}, Notification.class.getName(),
                                  "The share of the limit in use crossed a threshold (or fell back below it)"),
        new MBeanNotificationInfo(new String[] {LiveNotifications.HELD_TOO_LONG}, Notification.class.getName(),
                                  "A resource has been held longer than holdthreshold=: a suspected leak"),
    };

    private final String kind;
    private final ObjectName name;
    private final LiveSource source;
    private final HoldTimeHistograms holdTimes;
    private final SiteCache sites;
    private final LiveSettings settings;
    private final AtomicLong sequence = new AtomicLong();
    /** The state last notified; written by the live view's thread only. */
    private volatile Occupancy notifiedOccupancy = Occupancy.NORMAL;

    ResourcesBean(String kind, LiveSource source, HoldTimeHistograms holdTimes, SiteCache sites, LiveSettings settings) {
        super(NOTIFICATIONS);
        this.kind = kind;
        this.name = nameOf(kind);
        this.source = source;
        this.holdTimes = holdTimes;
        this.sites = sites;
        this.settings = settings;
    }

    /** {@code io.leakwatch:type=Resources,kind=<kind>}. */
    static ObjectName nameOf(String kind) {
        try {
            // type first: JConsole's tree nests by the keys in this order (io.leakwatch > Resources > file)
            return new ObjectName("io.leakwatch:type=Resources,kind=" + kind);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("not a kind label: " + kind, e);
        }
    }

    /** The bean for {@code kind}: one with {@code OpenBytes} when the kind is measured in bytes. */
    static ResourcesBean of(String kind, LiveSource source, HoldTimeHistograms holdTimes, SiteCache sites,
                            LiveSettings settings) {
        return source.inBytes(kind) ? new ByteResourcesBean(kind, source, holdTimes, sites, settings)
            : new ResourcesBean(kind, source, holdTimes, sites, settings);
    }

    ObjectName name() {
        return name;
    }

    KindCounts counts() {
        KindCounts c = source.counts().get(kind);
        return c != null ? c : new KindCounts(0, 0, 0, 0, 0);
    }

    @Override
    public String getKind() {
        return kind;
    }

    @Override
    public long getOpenCount() {
        return counts().open();
    }

    @Override
    public long getPeakOpenCount() {
        return counts().peak();
    }

    @Override
    public long getAcquiredCount() {
        return counts().acquired();
    }

    @Override
    public long getReleasedCount() {
        return counts().released();
    }

    @Override
    public long getLeakedCount() {
        return counts().leaked();
    }

    @Override
    public long getLimit() {
        long limit = source.limit(kind);
        return limit == Long.MAX_VALUE ? -1 : limit;
    }

    @Override
    public void setLimit(long limit) {
        if (limit < -1) {
            throw new IllegalArgumentException("Limit is -1 (no limit) or 0 or more, not " + limit);
        }
        source.setLimit(kind, limit == -1 ? Long.MAX_VALUE : limit);
    }

    /** What the limit is measured against: open resources, or open bytes for a kind measured in bytes. */
    long occupied(KindCounts c) {
        return c.open();
    }

    @Override
    public double getOccupancyPercent() {
        return Occupancy.percent(occupied(counts()), source.limit(kind));
    }

    @Override
    public String getOccupancy() {
        return occupancy().name();
    }

    @Override
    public int getOccupancyLevel() {
        return occupancy().level();
    }

    private Occupancy occupancy() {
        return Occupancy.of(getOccupancyPercent(), settings.warningPercent(), settings.criticalPercent());
    }

    @Override
    public long getHoldTimeCount() {
        return holdTimes.holdTimes(kind).count();
    }

    @Override
    public long getHoldTimeP50Millis() {
        return holdTimes.holdTimes(kind).p50();
    }

    @Override
    public long getHoldTimeP90Millis() {
        return holdTimes.holdTimes(kind).p90();
    }

    @Override
    public long getHoldTimeP99Millis() {
        return holdTimes.holdTimes(kind).p99();
    }

    @Override
    public long getHoldTimeMaxMillis() {
        return holdTimes.holdTimes(kind).max();
    }

    @Override
    public List<SiteRow> getTopSites() {
        return sites.top(kind);
    }

    @Override
    public List<HistoryRow> getOpenHistory() {
        io.leakwatch.report.OpenHistory h = source.history();
        List<Long> open = h.open().get(kind);
        List<HistoryRow> rows = new java.util.ArrayList<>();
        if (open != null) {
            for (int i = 0; i < open.size(); i++) {
                rows.add(new HistoryRow(h.timesMillis().get(i), open.get(i)));
            }
        }
        return rows;
    }

    @Override
    public List<ReleaseRow> getReleasePlaces() {
        return ReleaseRows.places(source.releaseSites(), kind);
    }

    @Override
    public List<SecondReleaseRow> getSecondReleases() {
        return ReleaseRows.seconds(source.releaseSites(), kind);
    }

    @Override
    public String report(String format) {
        return source.report(kind, format);
    }

    @Override
    public String writeReport(String path) throws IOException {
        return source.writeReport(kind, path);
    }

    @Override
    public void resetPeak() {
        source.resetPeak(kind);
    }

    /** Checks the occupancy against the limit; notifies a change of state. On the live view's thread. */
    void pollOccupancy() {
        KindCounts c = counts();
        long limit = source.limit(kind);
        double percent = Occupancy.percent(occupied(c), limit);
        Occupancy now = Occupancy.of(percent, settings.warningPercent(), settings.criticalPercent());
        Occupancy before = notifiedOccupancy;
        if (now == before) {
            return;
        }
        notifiedOccupancy = now;
        String limitText = limit == Long.MAX_VALUE ? "no limit" : "limit " + limit;
        String message = String.format(java.util.Locale.ROOT, "%s occupancy %s (was %s): %d open, %s%s", kind, now,
                                       before, occupied(c), limitText,
                                       percent >= 0 ? String.format(java.util.Locale.ROOT, ", %.1f%%", percent) : "");
        // published to every listener; the notification is sent by the live view's own listener
        source.stateChanged(kind, now.name(), before.name(), occupied(c), limit == Long.MAX_VALUE ? -1L : limit,
                            percent, message);
    }

    /** Notifies an occupancy change ({@code limit} -1: none), as the live view's listener was told it. */
    void occupancyChanged(String state, String previousState, long open, long limit, double percent, String message) {
        String type = state.equals(Occupancy.CRITICAL.name()) ? LiveNotifications.OCCUPANCY_CRITICAL
            : state.equals(Occupancy.WARNING.name()) ? LiveNotifications.OCCUPANCY_WARNING
            : LiveNotifications.OCCUPANCY_NORMAL;
        send(type, message, LiveNotifications.OCCUPANCY.data(kind, state, previousState, open, limit, percent));
    }

    void limitReached(long open, long limit, boolean refused, String topSite) {
        send(LiveNotifications.LIMIT_REACHED,
             kind + " limit " + limit + " reached: " + open + " open" + (refused ? ", acquisition refused" : "")
             + (topSite.isEmpty() ? "" : "; most held at " + topSite),
             LiveNotifications.LIMIT.data(kind, open, limit, refused, topSite));
    }

    /** {@code r} crossed the threshold: published to every listener (the live view's sends the notification). */
    void heldTooLong(ResourceEntry r, long now, long threshold) {
        long acquiredAt = r.acquiredAt().toEpochMilli();
        long held = now - acquiredAt;
        String firstFrame = r.stack().isEmpty() ? OpenSite.NO_STACK : r.stack().get(0);
        source.heldTooLong(r, held, kind + " held " + held + " ms (threshold " + threshold + " ms), a suspected leak: "
                                    + r.description() + " at " + firstFrame + " on thread " + r.thread());
    }

    /** Notifies a resource held too long, as the live view's listener was told it. */
    void heldTooLongNotification(long id, String description, String thread, long acquiredAtMillis, long heldMillis,
                                 String firstFrame, String message) {
        send(LiveNotifications.HELD_TOO_LONG, message,
             LiveNotifications.HELD.data(id, kind, description, thread, acquiredAtMillis, heldMillis, firstFrame));
    }

    /** Notifies a resource found leaked, as the live view's listener was told it. */
    void leakFound(long id, String description, String thread, long heldMillis, String firstFrame, String message) {
        send(LiveNotifications.LEAK_FOUND, message,
             LiveNotifications.LEAKED.data(id, kind, description, thread, heldMillis, firstFrame));
    }

    void send(String type, String message, CompositeData data) {
        Notification n = new Notification(type, name, sequence.incrementAndGet(), System.currentTimeMillis(), message);
        n.setUserData(data);
        sendNotification(n);
    }

    /** A kind measured in bytes: adds {@code OpenBytes}, and its limit and occupancy are in bytes. */
    static final class ByteResourcesBean extends ResourcesBean implements ByteResourcesMXBean {
        ByteResourcesBean(String kind, LiveSource source, HoldTimeHistograms holdTimes, SiteCache sites,
                          LiveSettings settings) {
            super(kind, source, holdTimes, sites, settings);
        }

        @Override
        public long getOpenBytes() {
            return Math.max(0, counts().bytes());
        }

        @Override
        long occupied(KindCounts c) {
            return Math.max(0, c.bytes());
        }
    }
}
