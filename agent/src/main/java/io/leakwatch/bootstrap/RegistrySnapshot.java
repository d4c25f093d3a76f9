package io.leakwatch.bootstrap;

import java.util.List;

/**
 * Everything the registry knew at one moment: counters per enabled kind, the open resources, the leaked resources kept
 * one by one, and the exact leaked counts per site; and apart from those, the open resources held by the JVM, a test
 * runner or another agent, and the thread pools dropped unused.
 *
 * <p>Immutable and thread-safe.
 */
public final class RegistrySnapshot {
    private final long takenAtMillis;
    private final List<KindCountsView> counts;
    private final List<ResourceView> open;
    private final List<ResourceView> leaked;
    private final List<SiteCount> leakedSites;
    private final List<ResourceView> heldApart;
    private final long unusedPools;
    private final long agentFailures;

    RegistrySnapshot(long takenAtMillis, List<KindCountsView> counts, List<ResourceView> open,
                     List<ResourceView> leaked, List<SiteCount> leakedSites, List<ResourceView> heldApart,
                     long unusedPools, long agentFailures) {
        this.takenAtMillis = takenAtMillis;
        this.counts = List.copyOf(counts);
        this.open = List.copyOf(open);
        this.leaked = List.copyOf(leaked);
        this.leakedSites = List.copyOf(leakedSites);
        this.heldApart = List.copyOf(heldApart);
        this.unusedPools = unusedPools;
        this.agentFailures = agentFailures;
    }

    /**
     * What was acquired since {@code mark} ({@link ResourceRegistry#mark()}): see {@link #filter}.
     */
    public RegistrySnapshot since(long mark) {
        return filter(new java.util.function.Predicate<ResourceView>() {
            @Override
            public boolean test(ResourceView v) {
                return v.epoch() >= mark;
            }
        });
    }

    /**
     * The part of this snapshot about one kind: its counters as they are (not recounted), its open and leaked
     * resources, its leaked sites.
     */
    public RegistrySnapshot ofKind(String kind) {
        List<KindCountsView> keptCounts = new java.util.ArrayList<>();
        for (KindCountsView c : counts) {
            if (c.kind().equals(kind)) {
                keptCounts.add(c);
            }
        }
        List<ResourceView> keptOpen = new java.util.ArrayList<>();
        for (ResourceView v : open) {
            if (v.kind().equals(kind)) {
                keptOpen.add(v);
            }
        }
        List<ResourceView> keptLeaked = new java.util.ArrayList<>();
        for (ResourceView v : leaked) {
            if (v.kind().equals(kind)) {
                keptLeaked.add(v);
            }
        }
        List<SiteCount> keptSites = new java.util.ArrayList<>();
        for (SiteCount s : leakedSites) {
            if (s.kind().equals(kind)) {
                keptSites.add(s);
            }
        }
        List<ResourceView> keptApart = new java.util.ArrayList<>();
        for (ResourceView v : heldApart) {
            if (v.kind().equals(kind)) {
                keptApart.add(v);
            }
        }
        return new RegistrySnapshot(takenAtMillis, keptCounts, keptOpen, keptLeaked, keptSites, keptApart,
                                    kind.equals(ResourceKind.THREADPOOL.label()) ? unusedPools : 0, agentFailures);
    }

    /**
     * The application's resources {@code keep} accepts (none held apart). The counts of the result are those of the listed resources (acquired = open
     * + leaked, released 0, the peak the open count), and its leaked sites are counted from the leaked resources kept
     * one by one (the registry keeps exact per-site counts for all of them only, not per filter).
     */
    public RegistrySnapshot filter(java.util.function.Predicate<ResourceView> keep) {
        List<ResourceView> keptOpen = new java.util.ArrayList<>();
        List<ResourceView> keptLeaked = new java.util.ArrayList<>();
        java.util.Map<String, long[]> byKind = new java.util.LinkedHashMap<>();
        for (KindCountsView c : counts) {
            byKind.put(c.kind(), new long[] {0, 0, c.bytes() >= 0 ? 0 : -1});
        }
        for (ResourceView v : open) {
            if (keep.test(v)) {
                keptOpen.add(v);
                long[] k = countsOf(byKind, v.kind());
                k[0]++;
                if (v.bytes() >= 0) {
                    k[2] = Math.max(k[2], 0) + v.bytes();
                }
            }
        }
        java.util.Map<Object, java.util.List<ResourceView>> leakedBySite = new java.util.LinkedHashMap<>();
        for (ResourceView v : leaked) {
            if (keep.test(v)) {
                keptLeaked.add(v);
                countsOf(byKind, v.kind())[1]++;
                java.util.List<ResourceView> site = leakedBySite.get(v.siteKey());
                if (site == null) {
                    site = new java.util.ArrayList<>();
                    leakedBySite.put(v.siteKey(), site);
                }
                site.add(v);
            }
        }
        List<SiteCount> sites = new java.util.ArrayList<>();
        for (java.util.List<ResourceView> site : leakedBySite.values()) {
            List<String> examples = new java.util.ArrayList<>(3);
            for (ResourceView v : site) {
                if (examples.size() < 3 && !examples.contains(v.description())) {
                    examples.add(v.description());
                }
            }
            ResourceView first = site.get(0);
            sites.add(new SiteCount(first.kind(), site.size(), first.frames(), examples, first.test()));
        }
        sites.sort(new java.util.Comparator<SiteCount>() {
            @Override
            public int compare(SiteCount a, SiteCount b) {
                return Long.compare(b.count(), a.count());
            }
        });
        List<KindCountsView> keptCounts = new java.util.ArrayList<>();
        for (java.util.Map.Entry<String, long[]> e : byKind.entrySet()) {
            long[] k = e.getValue();
            keptCounts.add(new KindCountsView(e.getKey(), k[0], k[1], k[0], k[0] + k[1], 0, k[2], List.of()));
        }
        return new RegistrySnapshot(takenAtMillis, keptCounts, keptOpen, keptLeaked, sites, List.of(), 0, agentFailures);
    }

    /** {@code {open, leaked, bytes or -1}} of {@code kind}, added when absent. */
    private static long[] countsOf(java.util.Map<String, long[]> byKind, String kind) {
        long[] k = byKind.get(kind);
        if (k == null) {
            k = new long[] {0, 0, -1};
            byKind.put(kind, k);
        }
        return k;
    }

    public long takenAtMillis() {
        return takenAtMillis;
    }

    public List<KindCountsView> counts() {
        return counts;
    }

    /** The open application resources, oldest first. */
    public List<ResourceView> open() {
        return open;
    }

    /** The leaked resources kept one by one (the most recent, up to the configured limit), oldest first. */
    public List<ResourceView> leaked() {
        return leaked;
    }

    /** Exact leaked counts per site, most first. */
    public List<SiteCount> leakedSites() {
        return leakedSites;
    }

    /** The open resources held apart from the application's (the JVM's, a test runner's, other agents'), oldest first. */
    public List<ResourceView> heldApart() {
        return heldApart;
    }

    /** Thread pools dropped before they ever started a thread: they held nothing and are not counted as leaks. */
    public long unusedPools() {
        return unusedPools;
    }

    /** Failures inside the agent's advice that were suppressed (each one a missed record, never an application error). */
    public long agentFailures() {
        return agentFailures;
    }
}
