package io.leakwatch.agent.report;

import io.leakwatch.bootstrap.DoubleReleaseView;
import io.leakwatch.bootstrap.HistoryView;
import io.leakwatch.bootstrap.KindCountsView;
import io.leakwatch.bootstrap.OpenSiteView;
import io.leakwatch.bootstrap.Owner;
import io.leakwatch.bootstrap.RegistrySnapshot;
import io.leakwatch.bootstrap.ReleasePlaceView;
import io.leakwatch.bootstrap.ReleaseSiteView;
import io.leakwatch.bootstrap.ResourceView;
import io.leakwatch.bootstrap.SiteCount;
import io.leakwatch.jmx.OpenSite;
import io.leakwatch.report.DeviceCounts;
import io.leakwatch.report.DoubleRelease;
import io.leakwatch.report.HeldApart;
import io.leakwatch.report.HoldPercentiles;
import io.leakwatch.report.JvmInfo;
import io.leakwatch.report.KindCounts;
import io.leakwatch.report.LeakReport;
import io.leakwatch.report.LeakReports;
import io.leakwatch.report.OpenHistory;
import io.leakwatch.report.ReleasePlace;
import io.leakwatch.report.ReleaseSite;
import io.leakwatch.report.ResourceEntry;
import io.leakwatch.report.ResourceState;
import io.leakwatch.report.SiteEntry;
import io.leakwatch.report.SiteIdentity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the report model from a registry snapshot: one entry per unreleased resource (at most
 * {@value #MAX_RESOURCES}, oldest first; counts stay exact) and the same resources grouped by kind, state and stack.
 *
 * <p>The one mapping from the registry's views (the bootstrap package's {@code *View} classes, which the boot loader's
 * code can make without the report module) to the model the reports and the live view share: a resource
 * ({@link #entryOf}), the counts ({@link #countsOf}), and the live view's open sites ({@link #openSitesOf}).
 *
 * <p>Thread-safe (stateless).
 */
public final class ReportBuilder {
    /** Resources listed one by one in a report; sites and counts cover all of them. */
    static final int MAX_RESOURCES = 10_000;
    private static final int EXAMPLES = 3;

    private ReportBuilder() {
    }

    /**
     * The registry's counters as the reports and the live view show them, by kind label in the kinds' order: the one
     * mapping from the registry's view to the shared model.
     */
    public static Map<String, KindCounts> countsOf(List<KindCountsView> views) {
        Map<String, KindCounts> counts = new LinkedHashMap<>();
        for (KindCountsView c : views) {
            List<DeviceCounts> devices = new ArrayList<>();
            for (long[] d : c.devices()) {
                devices.add(new DeviceCounts((int) d[0], d[1], d[2]));
            }
            counts.put(c.kind(), new KindCounts(c.open(), c.leaked(), c.peak(), c.acquired(), c.released(),
                                                c.bytes(), devices));
        }
        return counts;
    }

    /** One resource as the reports and the live view show it, its age taken at {@code nowMillis}. */
    public static ResourceEntry entryOf(ResourceView v, long nowMillis) {
        return new ResourceEntry(v.id(), v.kind(), v.leaked() ? ResourceState.LEAKED : ResourceState.OPEN,
                                 v.description(), v.thread(), Instant.ofEpochMilli(v.acquiredAtMillis()),
                                 Math.max(0, nowMillis - v.acquiredAtMillis()), v.stack(), v.bytes(), v.test());
    }

    /**
     * The open sites as the live view shows them (one row per kind, stack and test, with the oldest acquisition's time,
     * which a report's sites do not carry).
     */
    public static List<OpenSite> openSitesOf(List<OpenSiteView> views) {
        List<OpenSite> out = new ArrayList<>(views.size());
        for (OpenSiteView s : views) {
            out.add(new OpenSite(s.kind(), s.stack(), s.count(), s.bytes(), s.oldestAcquiredAtMillis(), s.test()));
        }
        return out;
    }

    /**
     * The report of {@code snapshot}; the resources held apart whose owner is in {@code include} ({@code jvm},
     * {@code runner}, {@code agents}: {@code report.include=}) are listed by site, apart from the application's.
     */
    public static LeakReport build(RegistrySnapshot snapshot, String reason, Set<String> include) {
        Instant now = Instant.ofEpochMilli(snapshot.takenAtMillis());
        Map<String, KindCounts> counts = countsOf(snapshot.counts());
        List<ResourceView> all = new ArrayList<>(snapshot.open());
        all.addAll(snapshot.leaked());
        all.sort(Comparator.comparingLong(ResourceView::acquiredAtMillis).thenComparingLong(ResourceView::id));
        List<ResourceEntry> resources = new ArrayList<>();
        for (ResourceView v : all.subList(0, Math.min(all.size(), MAX_RESOURCES))) {
            resources.add(entryOf(v, snapshot.takenAtMillis()));
        }
        return new LeakReport(now, reason, new JvmInfo(ProcessHandle.current().pid(), System.getProperty("java.version")),
                              counts, resources, sites(snapshot), heldApart(snapshot, include),
                              snapshot.agentFailures(), 0);
    }

    /**
     * The release sites as the reports and the live view show them: those of {@code kind} ({@code null}: all), most
     * releases first.
     */
    public static List<ReleaseSite> releasesOf(List<ReleaseSiteView> views, String kind) {
        List<ReleaseSite> out = new ArrayList<>();
        for (ReleaseSiteView v : views) {
            if (kind != null && !kind.equals(v.kind())) {
                continue;
            }
            List<ReleasePlace> places = new ArrayList<>();
            for (ReleasePlaceView p : v.places()) {
                long[] h = p.holdTimes();
                HoldPercentiles hold = h == null || h[0] == 0 ? HoldPercentiles.NONE
                    : new HoldPercentiles(h[0], h[1], h[2], h[3], h[4]);
                places.add(new ReleasePlace(p.stack(), p.count(), p.otherThread(), p.threads(), hold));
            }
            places.sort(LeakReports.RELEASE_PLACE_ORDER);
            List<DoubleRelease> doubles = new ArrayList<>();
            for (DoubleReleaseView d : v.doubleReleases()) {
                doubles.add(new DoubleRelease(d.first(), d.second(), d.count()));
            }
            doubles.sort(LeakReports.DOUBLE_RELEASE_ORDER);
            out.add(new ReleaseSite(v.kind(), v.stack(), v.open(), v.leaked(), places, doubles,
                                    v.doubleReleaseIsFinding(), v.unplaced()));
        }
        out.sort(LeakReports.RELEASE_SITE_ORDER);
        return out;
    }

    /**
     * {@code report} with the open counts over the run: the registry's samples, and the report's own counts as the
     * last one (its moment).
     */
    public static LeakReport withHistory(LeakReport report, HistoryView view) {
        Map<String, Long> now = new LinkedHashMap<>();
        OpenHistory samples = historyOf(view).onlyKinds(report.counts().keySet());
        for (String kind : samples.open().keySet()) {
            now.put(kind, report.counts().get(kind).open());
        }
        return report.withHistory(samples.plus(report.createdAt().toEpochMilli(), now));
    }

    /**
     * {@code report} with each kind's hold-time distribution over the run from {@code histograms} ({@code null}:
     * none recorded, the live view being off), for the kinds the report counts.
     */
    public static LeakReport withHoldTimes(LeakReport report, io.leakwatch.jmx.HoldTimeHistograms histograms) {
        if (histograms == null) {
            return report;
        }
        List<io.leakwatch.report.HoldTimeDistribution> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e
             : histograms.distributions(io.leakwatch.report.HoldTimeDistribution.PERCENTILES).entrySet()) {
            if (!report.counts().containsKey(e.getKey())) {
                continue;
            }
            long[] v = e.getValue();
            List<Long> millis = new ArrayList<>(v.length - 1);
            for (int i = 1; i < v.length; i++) {
                millis.add(v[i]);
            }
            out.add(new io.leakwatch.report.HoldTimeDistribution(e.getKey(), v[0], millis));
        }
        return report.withHoldTimes(out);
    }

    /** The registry's samples of the open counts as the reports and the live view show them. */
    public static OpenHistory historyOf(HistoryView view) {
        long[] times = view.times();
        List<Long> timeList = new ArrayList<>(times.length);
        for (long t : times) {
            timeList.add(t);
        }
        Map<String, List<Long>> open = new LinkedHashMap<>();
        for (int i = 0; i < view.kinds().size(); i++) {
            List<Long> values = new ArrayList<>(times.length);
            for (long v : view.open(i)) {
                values.add(v);
            }
            open.put(view.kinds().get(i), values);
        }
        return new OpenHistory(timeList, open);
    }

    /** The counts of what is held apart, and the sites of the owners in {@code include}. */
    private static HeldApart heldApart(RegistrySnapshot snapshot, Set<String> include) {
        long[] open = new long[Owner.values().length];
        Map<List<Object>, Site> byKey = new LinkedHashMap<>();
        Map<List<Object>, ResourceView> firstOf = new LinkedHashMap<>();
        for (ResourceView v : snapshot.heldApart()) {
            Owner owner = Owner.fromLabel(v.owner());
            if (owner == null) {
                continue;
            }
            open[owner.ordinal()]++;
            if (include.contains(v.owner())) {
                List<Object> key = List.of(v.owner(), v.kind(), v.stack());
                firstOf.putIfAbsent(key, v);
                byKey.computeIfAbsent(key, k -> new Site(v.stack())).add(v.description(), v.bytes());
            }
        }
        List<HeldApart.OwnedSite> sites = new ArrayList<>();
        for (Map.Entry<List<Object>, Site> e : byKey.entrySet()) {
            ResourceView first = firstOf.get(e.getKey());
            Site site = e.getValue();
            sites.add(new HeldApart.OwnedSite(first.owner(), new SiteEntry(first.kind(), ResourceState.OPEN, site.count,
                                                                          first.stack(), site.examples, site.bytes)));
        }
        sites.sort(Comparator.comparing((HeldApart.OwnedSite s) -> HeldApart.OWNERS.indexOf(s.owner()))
                             .thenComparing(Comparator.comparingLong((HeldApart.OwnedSite s) -> s.site().count())
                                                      .reversed()));
        return new HeldApart(open[Owner.JVM.ordinal()], open[Owner.RUNNER.ordinal()], open[Owner.AGENT.ordinal()],
                             snapshot.unusedPools(), sites);
    }

    private static List<SiteEntry> sites(RegistrySnapshot snapshot) {
        // grouped by kind and interned stack first (the stack by identity: no frame is hashed or compared per
        // resource, which with 100,000 open took most of a report), then merged by application frames; the kind is part of
        // the key because one stack can acquire two kinds (a pool's first borrow records the pool and the connection)
        Map<StackOfKind, Site> byStack = new LinkedHashMap<>();
        Map<StackOfKind, ResourceView> firstOf = new LinkedHashMap<>();
        for (ResourceView v : snapshot.open()) {
            StackOfKind key = new StackOfKind(v.siteKey(), v.kind());
            Site site = byStack.get(key);
            if (site == null) {
                site = new Site(v.stack());
                byStack.put(key, site);
                firstOf.put(key, v);
            }
            site.add(v.description(), v.bytes());
        }
        Map<SiteKey, Site> sites = new LinkedHashMap<>();
        for (Map.Entry<StackOfKind, Site> e : byStack.entrySet()) {
            ResourceView first = firstOf.get(e.getKey());
            Site site = e.getValue();
            sites.computeIfAbsent(SiteKey.of(first.kind(), ResourceState.OPEN, first.stack(), first.test()),
                                  k -> new Site(first.stack()))
                 .add(site.count, site.examples, site.bytes);
        }
        for (SiteCount c : snapshot.leakedSites()) {
            sites.computeIfAbsent(SiteKey.of(c.kind(), ResourceState.LEAKED, c.stack(), c.test()),
                                  k -> new Site(c.stack()))
                 .add(c.count(), c.examples(), -1);
        }
        List<SiteEntry> out = new ArrayList<>();
        for (Map.Entry<SiteKey, Site> e : sites.entrySet()) {
            SiteKey k = e.getKey();
            Site site = e.getValue();
            out.add(new SiteEntry(k.kind(), k.state(), site.count, site.stack, site.examples, site.bytes, k.test()));
        }
        // the most bytes first where sites have sizes (a 1 GiB leak matters more than ten 1 KiB ones), then the most
        // resources
        out.sort(Comparator.comparingLong(SiteEntry::bytes).reversed()
                           .thenComparing(Comparator.comparingLong(SiteEntry::count).reversed())
                           .thenComparing(s -> s.state() == ResourceState.OPEN ? 1 : 0));
        return out;
    }

    /** An interned stack (equal by identity: it does not override equals) and a kind. */
    private record StackOfKind(Object stack, String kind) {
    }

    /**
     * Sites are the same when kind, state, application frames ({@link SiteIdentity}: several raw stacks can trim to
     * the same frames, and the JDK's frames between them can differ) and test are.
     */
    private record SiteKey(String kind, ResourceState state, List<String> frames, String test) {
        static SiteKey of(String kind, ResourceState state, List<String> stack, String test) {
            return new SiteKey(kind, state, SiteIdentity.frames(stack), test);
        }
    }

    /** Count and distinct examples of one site. Not thread-safe; used while building one report. */
    private static final class Site {
        /** The stack shown: the first one met of those with the site's application frames. */
        final List<String> stack;
        long count;
        /** Total bytes, for kinds measured in bytes; -1 for the others. */
        long bytes = -1;
        final List<String> examples = new ArrayList<>(EXAMPLES);

        Site(List<String> stack) {
            this.stack = stack;
        }

        /** One resource. */
        void add(String description, long size) {
            count++;
            if (size >= 0) {
                bytes = Math.max(bytes, 0) + size;
            }
            if (examples.size() < EXAMPLES && !examples.contains(description)) {
                examples.add(description);
            }
        }

        void add(long n, List<String> descriptions, long size) {
            count += n;
            if (size >= 0) {
                bytes = Math.max(bytes, 0) + size;
            }
            for (String d : descriptions) {
                if (examples.size() < EXAMPLES && !examples.contains(d)) {
                    examples.add(d);
                }
            }
        }
    }
}
