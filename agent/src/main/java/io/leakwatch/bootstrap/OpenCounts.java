package io.leakwatch.bootstrap;

import java.util.ArrayList;
import java.util.List;

/**
 * The exact counts of each kind, read (not written: the registry's acquisition and release paths write the
 * {@link KindStats} themselves): the shared counters plus, for kinds on the young path, what the threads counted
 * themselves ({@link YoungThreads#addCounts}). What reports, the live view and the limits read.
 *
 * <p>Thread-safe: counters are atomic; a read across threads is exact as of some instant per kind.
 */
final class OpenCounts {
    private final ResourceRegistry registry;
    private final TrackingSettings settings;
    private final KindStats[] stats;
    private final YoungThreads youngThreads;

    OpenCounts(ResourceRegistry registry, TrackingSettings settings, KindStats[] stats, YoungThreads youngThreads) {
        this.registry = registry;
        this.settings = settings;
        this.stats = stats;
        this.youngThreads = youngThreads;
    }

    /** The counters of every enabled kind; {@code devices}: the per-device counts of kinds on devices, if known. */
    List<KindCountsView> countsWith(java.util.Map<ResourceKind, List<long[]>> devices) {
        List<KindCountsView> counts = new ArrayList<>();
        ThreadCounts own = threadCounts();
        for (ResourceKind k : ResourceKind.values()) {
            if (!settings.isEnabled(k)) {
                continue;
            }
            KindStats s = stats[k.ordinal()];
            long leakedNow = s.leaked.get();
            long openNow = openCount(k, own);
            long acquiredNow = acquiredCount(k, own);
            List<long[]> onDevices = devices.get(k);
            counts.add(new KindCountsView(k.label(), openNow, leakedNow, s.peak.get(), acquiredNow,
                                          s.released(acquiredNow, openNow, leakedNow),
                                          k.inBytes() ? s.openBytes.get() : -1,
                                          onDevices == null ? List.of() : onDevices));
        }
        return counts;
    }

    /**
     * What the threads counted themselves, every kind read in one pass over them (by kind ordinal). Read before the
     * shared counts: a dead thread's open count moves to the shared one, so it may be counted twice for an instant,
     * never missed.
     */
    private ThreadCounts threadCounts() {
        ThreadCounts c = new ThreadCounts(new long[stats.length], new long[stats.length]);
        youngThreads.addCounts(c.acquired, c.open);
        return c;
    }

    /**
     * The threads' own counts by kind ordinal (see {@link YoungThreads#addCounts}); a read's working copy. A plain
     * class, not a record: a record's generated methods link through {@code invokedynamic}, which this package must
     * not hold (BootstrapRulesTest).
     */
    private static final class ThreadCounts {
        final long[] acquired;
        final long[] open;

        ThreadCounts(long[] acquired, long[] open) {
            this.acquired = acquired;
            this.open = open;
        }
    }

    /** Acquisitions of {@code kind} since start: the shared adder plus, for young-path kinds, the threads' own. */
    private long acquiredCount(ResourceKind kind, ThreadCounts own) {
        return stats[kind.ordinal()].acquired.sum()
               + (kind.has(ResourceKind.Traits.YOUNG) ? own.acquired[kind.ordinal()] : 0);
    }

    /**
     * Lowers the peak of {@code kind} to what is open now, so that the next peak is measured from here. An
     * acquisition racing with the reset may leave the peak one or two below the true one until the next acquisition.
     *
     */
    void resetPeak(ResourceKind kind) {
        stats[kind.ordinal()].peak.set(openCount(kind, threadCounts()));
    }

    /**
     * The exact open count of {@code kind}: the shared count plus, for young-path kinds, what the threads counted
     * themselves. Raises the peak to it (the acquiring threads' own view of the peak can miss other threads' young
     * records).
     */
    private long openCount(ResourceKind kind, ThreadCounts own) {
        KindStats s = stats[kind.ordinal()];
        // own was read first (see threadCounts)
        long open = s.open.get() + (kind.has(ResourceKind.Traits.YOUNG) ? own.open[kind.ordinal()] : 0);
        s.raisePeak(open);
        return open;
    }

    /** What counts against {@code kind}'s limit: its open application resources, or the bytes of a kind in bytes. */
    long held(ResourceKind kind) {
        KindStats s = stats[kind.ordinal()];
        if (kind.inBytes()) {
            return s.openBytes.get();
        }
        // a limit set at start makes every young record count in the shared count; one set at run time still
        // finds records the threads counted themselves before
        return (registry.countedByThreads() & (1 << kind.ordinal())) != 0 ? openCount(kind, threadCounts()) : s.open.get();
    }

    /** Acquisitions of {@code kind} since start, exact (the threads' own counts included). */
    long acquiredNow(ResourceKind kind) {
        return kind.has(ResourceKind.Traits.YOUNG) ? acquiredCount(kind, threadCounts())
            : stats[kind.ordinal()].acquired.sum();
    }
}
