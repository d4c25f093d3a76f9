package io.leakwatch.jmx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The top acquisition sites of every kind, from one pass over the open records (milliseconds with 100,000 open, too
 * slow to repeat per attribute, per kind and per client).
 *
 * <p>While someone reads {@code TopSites} (a read in the last {@value #WATCHED_MILLIS} ms), the live view's thread
 * recomputes them every poll ({@link #refreshIfWatched}), so a read returns sites at most about a second old without
 * doing the pass itself. A read that finds nothing computed yet, or a result older than {@value #STALE_MILLIS} ms (no
 * one watched for a while), computes them itself. An unwatched JVM pays nothing.
 *
 * <p>Thread-safe: computations are serialized; readers share the last result (an immutable map).
 */
final class SiteCache {
    /** A recomputation is due when the last one is this old. */
    static final long MAX_AGE_MILLIS = 1000;
    /** A result this old is never returned: the reader recomputes it. */
    static final long STALE_MILLIS = 5000;
    /** How long after the last read the live view's thread keeps the sites fresh. */
    static final long WATCHED_MILLIS = 30_000;
    static final int TOP = 10;

    private final LiveSource source;
    /** Guarded by this. */
    private Map<String, List<OpenSite>> byKind;
    /** Guarded by this: {@link System#nanoTime()} when {@link #byKind} was computed. */
    private long computedAt;
    private volatile long lastReadAt;

    SiteCache(LiveSource source) {
        this.source = source;
    }

    /** The top sites of {@code kind}, their ages taken now. */
    List<SiteRow> top(String kind) {
        lastReadAt = System.nanoTime();
        List<OpenSite> sites = current().getOrDefault(kind, List.of());
        long now = System.currentTimeMillis();
        List<SiteRow> rows = new ArrayList<>(sites.size());
        for (OpenSite s : sites) {
            rows.add(new SiteRow(s.firstFrame(), s.count(), s.bytes(), Math.max(0, now - s.oldestAcquiredAtMillis())));
        }
        return rows;
    }

    private synchronized Map<String, List<OpenSite>> current() {
        if (byKind == null || System.nanoTime() - computedAt > STALE_MILLIS * 1_000_000L) {
            recompute();
        }
        return byKind;
    }

    /** On the live view's thread, every poll: recomputes the sites if someone reads them and they are due. */
    synchronized void refreshIfWatched() {
        long now = System.nanoTime();
        if (byKind != null && now - lastReadAt < WATCHED_MILLIS * 1_000_000L
            && now - computedAt >= MAX_AGE_MILLIS * 1_000_000L) {
            recompute();
        }
    }

    /** Guarded by this. */
    private void recompute() {
        byKind = group(source.openSites());
        computedAt = System.nanoTime();
    }

    /**
     * Per kind, the sites merged by first frame (the line an operator acts on; it also keys the rows), most bytes
     * then most resources first, at most {@value #TOP}.
     */
    static Map<String, List<OpenSite>> group(List<OpenSite> sites) {
        Map<String, Map<String, OpenSite>> merged = new HashMap<>();
        for (OpenSite s : sites) {
            Map<String, OpenSite> kind = merged.computeIfAbsent(s.kind(), k -> new HashMap<>());
            kind.merge(s.firstFrame(), s, (a, b) -> new OpenSite(a.kind(), a.stack(), a.count() + b.count(),
                a.bytes() < 0 && b.bytes() < 0 ? -1 : Math.max(a.bytes(), 0) + Math.max(b.bytes(), 0),
                Math.min(a.oldestAcquiredAtMillis(), b.oldestAcquiredAtMillis())));
        }
        Comparator<OpenSite> order = Comparator.comparingLong(OpenSite::bytes).reversed()
            .thenComparing(Comparator.comparingLong(OpenSite::count).reversed())
            .thenComparing(OpenSite::firstFrame);
        Map<String, List<OpenSite>> out = new HashMap<>();
        for (Map.Entry<String, Map<String, OpenSite>> e : merged.entrySet()) {
            List<OpenSite> list = new ArrayList<>(e.getValue().values());
            list.sort(order);
            out.put(e.getKey(), List.copyOf(list.subList(0, Math.min(TOP, list.size()))));
        }
        return Map.copyOf(out);
    }
}
