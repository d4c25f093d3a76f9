package io.leakwatch.jmx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The top acquisition sites of every kind, computed from one pass over the open records at most once per
 * {@value #MAX_AGE_MILLIS} ms, however many clients read {@code TopSites}: with 100,000 resources open the pass takes
 * milliseconds, and a JConsole refreshing every few seconds should not repeat it per kind and per client.
 *
 * <p>Thread-safe: the computation is serialized; readers share the last result (an immutable map).
 */
final class SiteCache {
    static final long MAX_AGE_MILLIS = 1000;
    static final int TOP = 10;

    private final LiveSource source;
    /** Guarded by this. */
    private Map<String, List<OpenSite>> byKind;
    /** Guarded by this: {@link System#nanoTime()} when {@link #byKind} was computed. */
    private long computedAt;

    SiteCache(LiveSource source) {
        this.source = source;
    }

    /** The top sites of {@code kind}, their ages taken now. */
    List<SiteRow> top(String kind) {
        List<OpenSite> sites = current().getOrDefault(kind, List.of());
        long now = System.currentTimeMillis();
        List<SiteRow> rows = new ArrayList<>(sites.size());
        for (OpenSite s : sites) {
            rows.add(new SiteRow(s.firstFrame(), s.count(), s.bytes(), Math.max(0, now - s.oldestAcquiredAtMillis())));
        }
        return rows;
    }

    private synchronized Map<String, List<OpenSite>> current() {
        long now = System.nanoTime();
        if (byKind == null || now - computedAt > MAX_AGE_MILLIS * 1_000_000L) {
            byKind = group(source.openSites());
            computedAt = System.nanoTime();
        }
        return byKind;
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
