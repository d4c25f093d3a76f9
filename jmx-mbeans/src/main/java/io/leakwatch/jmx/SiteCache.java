package io.leakwatch.jmx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The top acquisition sites of every kind, from one pass over the open records: about 10 ms with 100,000 open once
 * the JIT has compiled it, ten times that the first time; too slow for an attribute read.
 *
 * <p>So the live view's thread makes the pass ({@link #refreshIfDue}) every poll, and a read returns its latest
 * result, at most about a second old. The pass is kept to 1% of one core: when it takes longer than 1% of the poll
 * interval (more than a million records open), it is made less often, at most every 100 times its own duration. A
 * read computes the sites itself only before the first pass, or when the last result is older than
 * {@value #STALE_MILLIS} ms and three intervals (the thread fell behind).
 *
 * <p>Thread-safe: passes are serialized; readers share the last result (an immutable map).
 */
final class SiteCache {
    /** The shortest interval between passes. */
    static final long MIN_INTERVAL_MILLIS = 1000;
    /** A result this old (and older than three intervals) is not returned: the reader recomputes it. */
    static final long STALE_MILLIS = 5000;
    /** The pass's share of one core, as a divisor of its duration: 100 is 1%. */
    private static final long BUDGET_DIVISOR = 100;
    static final int TOP = 10;

    private final LiveSource source;
    /** Guarded by this. */
    private Map<String, List<OpenSite>> byKind;
    /** Guarded by this: {@link System#nanoTime()} when {@link #byKind} was computed. */
    private long computedAt;
    /** Guarded by this: nanoseconds between passes. */
    private long interval = MIN_INTERVAL_MILLIS * 1_000_000L;

    SiteCache(LiveSource source) {
        this.source = source;
    }

    /** The top sites of {@code kind}, their ages taken now. */
    List<SiteRow> top(String kind) {
        List<OpenSite> sites = current().getOrDefault(kind, List.of());
        long now = System.currentTimeMillis();
        List<SiteRow> rows = new ArrayList<>(sites.size());
        for (OpenSite s : sites) {
            rows.add(new SiteRow(s.firstFrame(), s.count(), s.bytes(), Math.max(0, now - s.oldestAcquiredAtMillis()),
                                 s.test() == null ? "" : s.test()));
        }
        return rows;
    }

    private synchronized Map<String, List<OpenSite>> current() {
        if (byKind == null || System.nanoTime() - computedAt > Math.max(STALE_MILLIS * 1_000_000L, 3 * interval)) {
            recompute();
        }
        return byKind;
    }

    /** On the live view's thread, every poll: makes the pass when it is due. */
    synchronized void refreshIfDue() {
        if (byKind == null || System.nanoTime() - computedAt >= interval) {
            recompute();
        }
    }

    /** Guarded by this. */
    private void recompute() {
        long start = System.nanoTime();
        byKind = group(source.openSites());
        computedAt = System.nanoTime();
        interval = Math.max(MIN_INTERVAL_MILLIS * 1_000_000L, BUDGET_DIVISOR * (computedAt - start));
    }

    /**
     * Per kind, the sites merged by first frame (the line an operator acts on) and test, most bytes then most
     * resources first, at most {@value #TOP}.
     */
    static Map<String, List<OpenSite>> group(List<OpenSite> sites) {
        Map<String, Map<List<String>, OpenSite>> merged = new HashMap<>();
        for (OpenSite s : sites) {
            Map<List<String>, OpenSite> kind = merged.computeIfAbsent(s.kind(), k -> new HashMap<>());
            kind.merge(Arrays.asList(s.firstFrame(), s.test()), s, (a, b) -> new OpenSite(a.kind(), a.stack(),
                a.count() + b.count(),
                a.bytes() < 0 && b.bytes() < 0 ? -1 : Math.max(a.bytes(), 0) + Math.max(b.bytes(), 0),
                Math.min(a.oldestAcquiredAtMillis(), b.oldestAcquiredAtMillis()), a.test()));
        }
        Comparator<OpenSite> order = Comparator.comparingLong(OpenSite::bytes).reversed()
            .thenComparing(Comparator.comparingLong(OpenSite::count).reversed())
            .thenComparing(OpenSite::firstFrame)
            .thenComparing(OpenSite::test, Comparator.nullsFirst(Comparator.naturalOrder()));
        Map<String, List<OpenSite>> out = new HashMap<>();
        for (Map.Entry<String, Map<List<String>, OpenSite>> e : merged.entrySet()) {
            List<OpenSite> list = new ArrayList<>(e.getValue().values());
            list.sort(order);
            out.put(e.getKey(), List.copyOf(list.subList(0, Math.min(TOP, list.size()))));
        }
        return Map.copyOf(out);
    }
}
