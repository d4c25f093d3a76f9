package io.leakwatch.bootstrap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reads of the registry's records, off the acquisition path: the full snapshot a report is made from, the open
 * sites and the resources held too long that the live view polls, and the counts of what is held apart. Each read
 * runs as the agent, after the collected records are drained and the families' refreshers have run.
 *
 * <p>Thread-safe: reads copy the records and take no lock the acquisition path waits on.
 */
final class RegistryReads {
    private final ResourceRegistry registry;

    RegistryReads(ResourceRegistry registry) {
        this.registry = registry;
    }

    /**
     * Oldest acquisition first, then by id. Named classes, not lambdas or method references: each of those would make
     * the JDK define a hidden class in the boot loader the first time it runs, inside an application's call or in the
     * exit hook while the JVM shuts down.
     */
    private static final Comparator<ResourceView> BY_AGE = new Comparator<>() {
        @Override
        public int compare(ResourceView a, ResourceView b) {
            int c = Long.compare(a.acquiredAtMillis(), b.acquiredAtMillis());
            return c != 0 ? c : Long.compare(a.id(), b.id());
        }
    };

    /** Most leaked first (see {@link #BY_AGE} for why not a lambda). */
    private static final Comparator<SiteCount> MOST_FIRST = new Comparator<>() {
        @Override
        public int compare(SiteCount a, SiteCount b) {
            return Long.compare(b.count(), a.count());
        }
    };

    /**
     * Takes a snapshot. Resources collected but not yet noticed are moved to the leaked list first, so a snapshot
     * taken right after a garbage collection reports them as leaked.
     *
     * <p>The snapshot is consistent whatever other threads do meanwhile (shutdown hooks opening files while the exit
     * report is made): each kind's open count is the number of its resources listed, its leaked count the sum of its
     * leaked sites, and {@code acquired = open + leaked + released}, with the releases the counters had seen.
     */
    RegistrySnapshot snapshot() {
        ThreadState ts = ThreadState.current();
        ts.enter();
        try {
            registry.beforeReading();
            List<ResourceView> open = new ArrayList<>();
            List<ResourceView> apart = new ArrayList<>();
            List<TrackedResource> records = registry.table().copy();
            registry.collectYoung(records);
            long[] listedOpen = new long[ResourceKind.values().length];
            for (TrackedResource r : records) {
                if (!r.isOpen() || registry.endedElsewhere(r)) {
                    continue;
                }
                Object resource = r.get();
                if (resource == null) {
                    // collected, not yet queued by the reference handler
                    registry.onCollected(r);
                    continue;
                }
                if (r instanceof TrackedEndpoint) {
                    SocketAddresses.refresh((TrackedEndpoint) r, resource);
                }
                ResourceView view = new ResourceView(r, false, r.descriptionNow(resource));
                if (r.isApart()) {
                    apart.add(view);
                } else {
                    open.add(view);
                    listedOpen[r.kind.ordinal()]++;
                }
            }
            long[] listedBytes = new long[ResourceKind.values().length];
            java.util.Map<ResourceKind, java.util.TreeMap<Integer, long[]>> byDevice =
                new java.util.EnumMap<>(ResourceKind.class);
            for (TrackedAllocation a : registry.allocations().copy()) {
                if (a.stack.isApart()) {
                    apart.add(new ResourceView(a));
                    continue;
                }
                open.add(new ResourceView(a));
                listedOpen[a.kind.ordinal()]++;
                listedBytes[a.kind.ordinal()] += a.bytes;
                if (a.device >= 0) {
                    java.util.TreeMap<Integer, long[]> devices = byDevice.get(a.kind);
                    if (devices == null) {
                        devices = new java.util.TreeMap<>();
                        byDevice.put(a.kind, devices);
                    }
                    long[] d = devices.get(a.device);
                    if (d == null) {
                        d = new long[] {a.device, 0, 0};
                        devices.put(a.device, d);
                    }
                    d[1]++;
                    d[2] += a.bytes;
                }
            }
            open.sort(BY_AGE);
            apart.sort(BY_AGE);
            List<SiteCount> sites = new ArrayList<>();
            long[] siteLeaked = new long[ResourceKind.values().length];
            List<ResourceView> leaked = registry.leaks().copy(sites, siteLeaked);
            sites.sort(MOST_FIRST);
            List<KindCountsView> counts = new ArrayList<>();
            java.util.Map<ResourceKind, List<long[]>> devices = new java.util.EnumMap<>(ResourceKind.class);
            for (java.util.Map.Entry<ResourceKind, java.util.TreeMap<Integer, long[]>> e : byDevice.entrySet()) {
                devices.put(e.getKey(), new ArrayList<>(e.getValue().values()));
            }
            for (KindCountsView c : registry.countsWith(devices)) {
                ResourceKind k = ResourceKind.fromLabel(c.kind());
                long openNow = listedOpen[k.ordinal()];
                long leakedNow = siteLeaked[k.ordinal()];
                counts.add(new KindCountsView(c.kind(), openNow, leakedNow, Math.max(c.peak(), openNow),
                                              openNow + leakedNow + c.released(), c.released(),
                                              k.inBytes() ? listedBytes[k.ordinal()] : c.bytes(), c.devices()));
            }
            return new RegistrySnapshot(System.currentTimeMillis(), counts, open, leaked, sites, apart,
                                        registry.unusedPools(), registry.agentFailures());
        } finally {
            ts.exit();
        }
    }

    /**
     * How many open resources are held apart from the application's, by {@link Owner} ordinal (the application's own
     * slot stays 0), and at the last index how many thread pools were dropped before they ever started a thread: one
     * pass over the records, describing none (what the live view's attributes read).
     */
    long[] heldApart() {
        ThreadState ts = ThreadState.current();
        ts.enter();
        try {
            registry.drainCollected();
            long[] counts = new long[Owner.ALL.length + 1];
            for (TrackedResource r : liveRecords()) {
                if (r.isApart() && isLive(r) && r.get() != null) {
                    counts[r.owner.ordinal()]++;
                }
            }
            for (TrackedAllocation a : registry.allocations().copy()) {
                if (a.stack.isApart()) {
                    counts[a.stack.owner.ordinal()]++;
                }
            }
            counts[Owner.ALL.length] = registry.unusedPools();
            return counts;
        } finally {
            ts.exit();
        }
    }

    /**
     * The open application resources grouped by kind and acquiring stack, with their count, bytes and oldest
     * acquisition time; in no particular order. One pass over the records, without describing any resource: much
     * cheaper than a {@link #snapshot()} when many are open.
     */
    List<OpenSiteView> openSites() {
        ThreadState ts = ThreadState.current();
        ts.enter();
        try {
            registry.beforeReading();
            // by kind, then by stack and test: one stack can acquire two kinds (a pool's first borrow: the pool and
            // the connection)
            @SuppressWarnings("unchecked")
            Map<Object, SiteTally>[] byKind = new Map[ResourceKind.values().length];
            for (TrackedResource r : liveRecords()) {
                if (r.isApart() || !isLive(r) || r.get() == null) {
                    continue;
                }
                Map<Object, SiteTally> bySite = byKind[r.kind.ordinal()];
                if (bySite == null) {
                    bySite = new HashMap<>();
                    byKind[r.kind.ordinal()] = bySite;
                }
                SiteTally.add(bySite, r.stack, r.acquirer.test, -1, r.acquiredAtMillis);
            }
            for (TrackedAllocation a : registry.allocations().copy()) {
                if (a.stack.isApart()) {
                    continue;
                }
                Map<Object, SiteTally> bySite = byKind[a.kind.ordinal()];
                if (bySite == null) {
                    bySite = new HashMap<>();
                    byKind[a.kind.ordinal()] = bySite;
                }
                SiteTally.add(bySite, a.stack, a.acquirer.test, a.bytes, a.acquiredAtMillis);
            }
            List<OpenSiteView> sites = new ArrayList<>();
            for (ResourceKind k : ResourceKind.values()) {
                if (byKind[k.ordinal()] != null) {
                    for (SiteTally t : byKind[k.ordinal()].values()) {
                        sites.add(t.view(k.label()));
                    }
                }
            }
            return sites;
        } finally {
            ts.exit();
        }
    }

    /**
     * The open application resources acquired after {@code afterMillis} and at or before {@code upToMillis}, oldest
     * first: called with consecutive windows, each resource is in exactly one (the live view's "held longer than the
     * threshold" check, once per resource). Only the resources returned are described.
     */
    List<ResourceView> openAcquiredIn(long afterMillis, long upToMillis) {
        ThreadState ts = ThreadState.current();
        ts.enter();
        try {
            registry.beforeReading();
            List<ResourceView> out = new ArrayList<>();
            for (TrackedResource r : liveRecords()) {
                if (r.acquiredAtMillis <= afterMillis || r.acquiredAtMillis > upToMillis || r.isApart()
                    || !isLive(r)) {
                    continue;
                }
                Object resource = r.get();
                if (resource != null) {
                    out.add(new ResourceView(r, false, r.descriptionNow(resource)));
                }
            }
            for (TrackedAllocation a : registry.allocations().copy()) {
                if (a.acquiredAtMillis > afterMillis && a.acquiredAtMillis <= upToMillis && !a.stack.isApart()) {
                    out.add(new ResourceView(a));
                }
            }
            out.sort(BY_AGE);
            return out;
        } finally {
            ts.exit();
        }
    }

    /**
     * The records of the table and of the threads' young slots; the caller skips those no longer open
     * ({@link #isLive}).
     */
    /**
     * Where the application's resources were released, by acquisition site: see {@link ReleasePlaces}. Each site's
     * open and leaked counts are read in the same pass.
     */
    List<ReleaseSiteView> releaseSites() {
        ThreadState ts = ThreadState.current();
        ts.enter();
        try {
            registry.beforeReading();
            java.util.IdentityHashMap<InternedStack, long[]> open = new java.util.IdentityHashMap<>();
            for (TrackedResource r : liveRecords()) {
                if (!r.isApart() && isLive(r) && r.get() != null) {
                    perKindOf(open, r.stack)[r.kind.ordinal()]++;
                }
            }
            java.util.IdentityHashMap<InternedStack, long[]> leaked = new java.util.IdentityHashMap<>();
            registry.leaks().countByStack(leaked);
            return registry.releasePlaces().views(open, leaked);
        } finally {
            ts.exit();
        }
    }

    /** The per-kind counts of {@code stack} in a tally by acquisition stack, made on first use. */
    static long[] perKindOf(java.util.IdentityHashMap<InternedStack, long[]> tally, InternedStack stack) {
        long[] counts = tally.get(stack);
        if (counts == null) {
            counts = new long[ResourceKind.values().length];
            tally.put(stack, counts);
        }
        return counts;
    }

    private List<TrackedResource> liveRecords() {
        List<TrackedResource> records = registry.table().copy();
        registry.collectYoung(records);
        return records;
    }

    /** Whether a record from {@link #liveRecords()} is still open (a statement closed with its parent is ended here). */
    private boolean isLive(TrackedResource r) {
        return r.isOpen() && !registry.endedElsewhere(r);
    }

    /**
     * The open resources of one site (stack and test) counted in one {@link #openSites()} pass.
     *
     * <p>Not thread-safe: local to the pass.
     */
    private static final class SiteTally {
        final InternedStack stack;
        final String test;
        long count;
        /** -1 for kinds not measured in bytes. */
        long bytes = -1;
        long oldestAcquiredAtMillis = Long.MAX_VALUE;

        private SiteTally(InternedStack stack, String test) {
            this.stack = stack;
            this.test = test;
        }

        /** Counts a resource of {@code bytes} (or -1) acquired at {@code acquiredAtMillis} into its site's tally. */
        static void add(Map<Object, SiteTally> sites, InternedStack stack, String test, long bytes,
                        long acquiredAtMillis) {
            Object key = SiteOfTest.of(stack, test);
            SiteTally t = sites.get(key);
            if (t == null) {
                t = new SiteTally(stack, test);
                sites.put(key, t);
            }
            t.count++;
            if (bytes >= 0) {
                t.bytes = Math.max(t.bytes, 0) + bytes;
            }
            t.oldestAcquiredAtMillis = Math.min(t.oldestAcquiredAtMillis, acquiredAtMillis);
        }

        OpenSiteView view(String kind) {
            return new OpenSiteView(kind, count, bytes, oldestAcquiredAtMillis, stack.frames, test);
        }
    }
}
