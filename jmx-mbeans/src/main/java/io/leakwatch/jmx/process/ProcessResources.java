package io.leakwatch.jmx.process;

import io.leakwatch.jmx.Occupancy;

import javax.management.AttributeChangeNotification;
import javax.management.MBeanNotificationInfo;
import javax.management.MalformedObjectNameException;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code io.leakwatch:type=Process} MXBean: shows the latest {@link ProcessSample} it was given, the states the
 * {@link Thresholds} make of it, the peaks and a bounded history, and sends a {@code jmx.attribute.change}
 * notification (attribute {@code DescriptorsState}, {@code ResidentState}, {@code SystemMemoryState} or
 * {@code DiskState}, old and new state as strings) each time a state changes. It reads nothing itself:
 * {@link ProcessMonitor} feeds it, and a test can too.
 *
 * <p>Thread-safe. {@link #record} is serialized; readers see the latest recorded view through one volatile field, so
 * each getter is consistent with itself ({@link #getCurrent()} gives one whole sample). Notifications are sent on the
 * recording thread, after the view is published and outside the lock.
 */
public final class ProcessResources extends NotificationBroadcasterSupport implements ProcessMXBean {
    /** The name it is registered under. */
    public static final String OBJECT_NAME = "io.leakwatch:type=Process";

    private static final MBeanNotificationInfo[] NOTIFICATIONS = {
        new MBeanNotificationInfo(new String[] {AttributeChangeNotification.ATTRIBUTE_CHANGE},
                                  AttributeChangeNotification.class.getName(),
                                  "A resource's state (DescriptorsState, ResidentState, SystemMemoryState, DiskState)"
                                  + " changed between NORMAL, WARNING and CRITICAL")
    };

    private final ObjectName name;
    private final Thresholds thresholds;
    private final long intervalMillis;
    private final String diskPath;
    private final SampleHistory history;
    private volatile View view = View.NONE;
    private volatile long failures;
    private volatile String lastFailure = "";
    /** Guarded by this. */
    private long notificationSequence;

    /**
     * @param thresholds     when states become WARNING and CRITICAL
     * @param intervalMillis how often samples are taken (shown, not used)
     * @param diskPath       the directory whose disk is measured (shown)
     * @param historySize    how many samples the history keeps, 1 or more
     */
    public ProcessResources(Thresholds thresholds, long intervalMillis, String diskPath, int historySize) {
        super(NOTIFICATIONS);
        this.name = objectName();
        this.thresholds = thresholds;
        this.intervalMillis = intervalMillis;
        this.diskPath = diskPath;
        this.history = new SampleHistory(historySize);
    }

    /** {@value #OBJECT_NAME} as an {@link ObjectName}. */
    public static ObjectName objectName() {
        try {
            return new ObjectName(OBJECT_NAME);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Shows {@code sample}, and notifies every state that it changes. */
    public void record(ProcessSample sample) {
        List<Notification> changes = new ArrayList<>();
        synchronized (this) {
            View before = view;
            Map<Measure, Occupancy> states = new EnumMap<>(Measure.class);
            for (Measure m : Measure.values()) {
                Occupancy now = m.state(sample, thresholds);
                states.put(m, now);
                Occupancy was = before.states.get(m);
                if (now != was) {
                    changes.add(change(m, was, now, sample));
                }
            }
            history.add(sample);
            view = new View(sample, states, before.peaks.with(sample), before.count + 1);
        }
        for (Notification n : changes) {
            sendNotification(n);
        }
    }

    /** Counts a sample that could not be taken, or a notification that failed, and keeps why. */
    public synchronized void recordFailure(Throwable why) {
        failures++;
        lastFailure = String.valueOf(why);
    }

    private Notification change(Measure m, Occupancy was, Occupancy now, ProcessSample s) {
        String message = String.format(Locale.ROOT, "%s %s: %d of %d (%.1f%%); warning at %d%%, critical at %d%%",
                                       m.label, now, m.used(s), m.limit(s), m.percent(s),
                                       thresholds.warningPercent(), thresholds.criticalPercent());
        return new AttributeChangeNotification(name, ++notificationSequence, s.getTimestampMillis(), message,
                                               m.attribute, String.class.getName(), was.name(), now.name());
    }

    @Override
    public long getOpenDescriptors() {
        return view.sample.getOpenDescriptors();
    }

    @Override
    public long getMaxDescriptors() {
        return view.sample.getMaxDescriptors();
    }

    @Override
    public long getTrackedDescriptors() {
        return view.sample.getTrackedDescriptors();
    }

    @Override
    public long getUntrackedDescriptors() {
        return view.sample.getUntrackedDescriptors();
    }

    @Override
    public double getDescriptorsPercent() {
        return Measure.DESCRIPTORS.percent(view.sample);
    }

    @Override
    public String getDescriptorsState() {
        return view.states.get(Measure.DESCRIPTORS).name();
    }

    @Override
    public long getPeakOpenDescriptors() {
        return view.peaks.openDescriptors;
    }

    @Override
    public int getThreads() {
        return view.sample.getThreads();
    }

    @Override
    public int getPeakThreads() {
        return view.peaks.threads;
    }

    @Override
    public long getResidentBytes() {
        return view.sample.getResidentBytes();
    }

    @Override
    public double getResidentPercent() {
        return Measure.RESIDENT.percent(view.sample);
    }

    @Override
    public String getResidentState() {
        return view.states.get(Measure.RESIDENT).name();
    }

    @Override
    public long getPeakResidentBytes() {
        return view.peaks.residentBytes;
    }

    @Override
    public double getCpuLoad() {
        return view.sample.getCpuLoad();
    }

    @Override
    public double getPeakCpuLoad() {
        return view.peaks.cpuLoad;
    }

    @Override
    public long getSystemMemoryTotalBytes() {
        return view.sample.getSystemMemoryTotalBytes();
    }

    @Override
    public long getSystemMemoryAvailableBytes() {
        return view.sample.getSystemMemoryAvailableBytes();
    }

    @Override
    public long getSystemMemoryUsedBytes() {
        return view.sample.getSystemMemoryUsedBytes();
    }

    @Override
    public double getSystemMemoryUsedPercent() {
        return Measure.SYSTEM_MEMORY.percent(view.sample);
    }

    @Override
    public String getSystemMemoryState() {
        return view.states.get(Measure.SYSTEM_MEMORY).name();
    }

    @Override
    public long getPeakSystemMemoryUsedBytes() {
        return view.peaks.systemMemoryUsedBytes;
    }

    @Override
    public String getDiskPath() {
        return diskPath;
    }

    @Override
    public long getDiskTotalBytes() {
        return view.sample.getDiskTotalBytes();
    }

    @Override
    public long getDiskUsedBytes() {
        return view.sample.getDiskUsedBytes();
    }

    @Override
    public double getDiskUsedPercent() {
        return Measure.DISK.percent(view.sample);
    }

    @Override
    public String getDiskState() {
        return view.states.get(Measure.DISK).name();
    }

    @Override
    public long getPeakDiskUsedBytes() {
        return view.peaks.diskUsedBytes;
    }

    @Override
    public StateLevels getStateLevels() {
        Map<Measure, Occupancy> s = view.states;
        return new StateLevels(s.get(Measure.DESCRIPTORS).level(), s.get(Measure.RESIDENT).level(),
                               s.get(Measure.SYSTEM_MEMORY).level(), s.get(Measure.DISK).level());
    }

    @Override
    public ProcessSample getCurrent() {
        return view.sample;
    }

    @Override
    public List<ProcessSample> getHistory() {
        return history.list();
    }

    @Override
    public int getHistorySize() {
        return history.capacity();
    }

    @Override
    public long getSampledAtMillis() {
        return view.sample.getTimestampMillis();
    }

    @Override
    public long getSampleCount() {
        return view.count;
    }

    @Override
    public long getSampleFailures() {
        return failures;
    }

    @Override
    public String getLastFailure() {
        return lastFailure;
    }

    @Override
    public long getIntervalMillis() {
        return intervalMillis;
    }

    @Override
    public int getWarningPercent() {
        return thresholds.warningPercent();
    }

    @Override
    public int getCriticalPercent() {
        return thresholds.criticalPercent();
    }

    /** What the getters show: one sample, its states, the peaks so far. Immutable. */
    private static final class View {
        /** Before the first sample: every value unknown, every state NORMAL (so a first WARNING is a change). */
        static final View NONE;

        static {
            Map<Measure, Occupancy> normal = new EnumMap<>(Measure.class);
            for (Measure m : Measure.values()) {
                normal.put(m, Occupancy.NORMAL);
            }
            NONE = new View(new ProcessSample(0, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1), normal, Peaks.NONE, 0);
        }

        final ProcessSample sample;
        final Map<Measure, Occupancy> states;
        final Peaks peaks;
        final long count;

        View(ProcessSample sample, Map<Measure, Occupancy> states, Peaks peaks, long count) {
            this.sample = sample;
            this.states = states;
            this.peaks = peaks;
            this.count = count;
        }
    }

    /** The highest value of each, over the samples so far; -1 until one is known. Immutable. */
    private static final class Peaks {
        static final Peaks NONE = new Peaks(-1, -1, -1, -1, -1, -1);

        final long openDescriptors;
        final int threads;
        final long residentBytes;
        final double cpuLoad;
        final long systemMemoryUsedBytes;
        final long diskUsedBytes;

        Peaks(long openDescriptors, int threads, long residentBytes, double cpuLoad, long systemMemoryUsedBytes,
              long diskUsedBytes) {
            this.openDescriptors = openDescriptors;
            this.threads = threads;
            this.residentBytes = residentBytes;
            this.cpuLoad = cpuLoad;
            this.systemMemoryUsedBytes = systemMemoryUsedBytes;
            this.diskUsedBytes = diskUsedBytes;
        }

        Peaks with(ProcessSample s) {
            return new Peaks(Math.max(openDescriptors, s.getOpenDescriptors()), Math.max(threads, s.getThreads()),
                             Math.max(residentBytes, s.getResidentBytes()), Math.max(cpuLoad, s.getCpuLoad()),
                             Math.max(systemMemoryUsedBytes, s.getSystemMemoryUsedBytes()),
                             Math.max(diskUsedBytes, s.getDiskUsedBytes()));
        }
    }
}
