package io.leakwatch.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Operations that make one report out of others: merging the reports of several JVMs (a Surefire run with forks
 * leaves one per JVM), and keeping only some kinds.
 *
 * <p>Thread-safe: stateless; reports are immutable.
 */
public final class LeakReports {

    /** Examples kept per merged site, as many as the agent keeps per site. */
    static final int EXAMPLES = 3;

    /** The order the agent lists sites in: most bytes first (where measured), then most resources, leaked first. */
    public static final Comparator<SiteEntry> SITE_ORDER = Comparator.comparingLong(SiteEntry::bytes).reversed()
            .thenComparing(Comparator.comparingLong(SiteEntry::count).reversed())
            .thenComparing(s -> s.state() == ResourceState.OPEN ? 1 : 0);

    /** The order release sites are listed in: most released first, then most still open or leaked. */
    public static final Comparator<ReleaseSite> RELEASE_SITE_ORDER = Comparator
            .comparingLong(ReleaseSite::released).reversed()
            .thenComparing(Comparator.comparingLong((ReleaseSite s) -> s.open() + s.leaked()).reversed());

    /** The order a release site's places are listed in: most releases first. */
    public static final Comparator<ReleasePlace> RELEASE_PLACE_ORDER =
            Comparator.comparingLong(ReleasePlace::count).reversed();

    /** The order a release site's double releases are listed in: most first. */
    public static final Comparator<DoubleRelease> DOUBLE_RELEASE_ORDER =
            Comparator.comparingLong(DoubleRelease::count).reversed();

    private LeakReports() {
    }

    /**
     * One report holding what all of {@code reports} hold. A single report is returned as it is.
     *
     * <ul>
     *   <li>counts: per kind, {@code open}, {@code leaked}, {@code acquired}, {@code released} and {@code bytes}
     *       summed, and per device; {@code peak} is the largest of the peaks, since peaks of different JVMs need not
     *       have been at the same time (the merged peak is the most one JVM held at once);</li>
     *   <li>sites with the same kind, state, application frames ({@link SiteIdentity}) and test become one, with the
     *       first one's stack, counts and bytes summed, examples the first three
     *       distinct ones; then sorted as the agent sorts them;</li>
     *   <li>resources are concatenated, in report order (ids are unique only within their JVM);</li>
     *   <li>release sites with the same kind and application frames become one, with the first one's stack, its
     *       {@code open} and {@code leaked} summed; their places with the same application frames become one (counts
     *       and {@code otherThread} summed, threads the first three distinct ones, hold times as
     *       {@link HoldPercentiles} merges them: <em>the merged percentiles are approximate</em>, those of the
     *       part with more samples), and so do their double releases with the same first and second frames (counts
     *       summed); a kind's double release is a finding when it is in any report; then all sorted most first
     *       ({@link #RELEASE_SITE_ORDER}, {@link #RELEASE_PLACE_ORDER}, {@link #DOUBLE_RELEASE_ORDER});</li>
     *   <li>what is held apart (counts summed, equal sites merged), {@code agentFailures} and {@code suppressed}
     *       summed;</li>
     *   <li>{@code createdAt} the latest; {@code reason} {@code merged from N reports}; the JVM pid 0 (there is no one
     *       pid) and its Java version the distinct versions joined with {@code ", "}.</li>
     * </ul>
     *
     * @throws IllegalArgumentException when {@code reports} is empty
     */
    public static LeakReport merge(List<LeakReport> reports) {
        if (reports.isEmpty()) {
            throw new IllegalArgumentException("no report to merge");
        }
        if (reports.size() == 1) {
            return reports.get(0);
        }
        Instant createdAt = Instant.MIN;
        Set<String> versions = new LinkedHashSet<>();
        Map<String, CountsSum> counts = new LinkedHashMap<>();
        Map<SiteKey, SiteSum> sites = new LinkedHashMap<>();
        Map<List<Object>, ReleaseSum> releases = new LinkedHashMap<>();
        List<ResourceEntry> resources = new ArrayList<>();
        HeldApart apart = HeldApart.NONE;
        long failures = 0;
        long suppressed = 0;
        for (LeakReport r : reports) {
            createdAt = r.createdAt().isAfter(createdAt) ? r.createdAt() : createdAt;
            versions.add(String.valueOf(r.jvm().javaVersion()));
            r.counts().forEach((kind, c) -> counts.computeIfAbsent(kind, k -> new CountsSum()).add(c));
            for (SiteEntry s : r.sites()) {
                // the same application frames are the same site, whichever JDK's frames lie between them
                sites.computeIfAbsent(new SiteKey(s.kind(), s.state(), SiteIdentity.frames(s.stack()), s.test()),
                                      k -> new SiteSum(s.stack())).add(s);
            }
            for (ReleaseSite s : r.releases()) {
                releases.computeIfAbsent(List.of(s.kind(), SiteIdentity.frames(s.stack())),
                                         k -> new ReleaseSum(s.kind(), s.stack())).add(s);
            }
            resources.addAll(r.resources());
            apart = apart.plus(r.heldApart());
            failures += r.agentFailures();
            suppressed += r.suppressed();
        }
        Map<String, KindCounts> mergedCounts = new LinkedHashMap<>();
        counts.forEach((kind, sum) -> mergedCounts.put(kind, sum.toCounts()));
        List<SiteEntry> mergedSites = new ArrayList<>();
        sites.forEach((key, sum) -> mergedSites.add(new SiteEntry(key.kind(), key.state(), sum.count, sum.stack,
                                                                  sum.examples, sum.bytes, key.test())));
        mergedSites.sort(SITE_ORDER);
        List<ReleaseSite> mergedReleases = new ArrayList<>();
        for (ReleaseSum sum : releases.values()) {
            mergedReleases.add(sum.toSite());
        }
        mergedReleases.sort(RELEASE_SITE_ORDER);
        return new LeakReport(createdAt, "merged from " + reports.size() + " reports",
                              new JvmInfo(0, String.join(", ", versions)), mergedCounts, resources, mergedSites,
                              apart, failures, suppressed, mergedReleases);
    }

    /**
     * The report restricted to {@code kinds}: their counts, sites, resources and release sites only, and of what is
     * held apart their sites only. The counts held apart, {@code agentFailures} and {@code suppressed} are kept (they are not per
     * kind).
     */
    public static LeakReport onlyKinds(LeakReport report, Collection<String> kinds) {
        Objects.requireNonNull(kinds, "kinds");
        Map<String, KindCounts> counts = new LinkedHashMap<>();
        report.counts().forEach((kind, c) -> {
            if (kinds.contains(kind)) {
                counts.put(kind, c);
            }
        });
        List<SiteEntry> sites = new ArrayList<>();
        for (SiteEntry s : report.sites()) {
            if (kinds.contains(s.kind())) {
                sites.add(s);
            }
        }
        List<ResourceEntry> resources = new ArrayList<>();
        for (ResourceEntry r : report.resources()) {
            if (kinds.contains(r.kind())) {
                resources.add(r);
            }
        }
        List<ReleaseSite> releases = new ArrayList<>();
        for (ReleaseSite s : report.releases()) {
            if (kinds.contains(s.kind())) {
                releases.add(s);
            }
        }
        return new LeakReport(report.createdAt(), report.reason(), report.jvm(), counts, resources, sites,
                              report.heldApart().onlyKinds(kinds), report.agentFailures(), report.suppressed(),
                              releases, report.history().onlyKinds(kinds),
                              report.holdTimes().stream().filter(h -> kinds.contains(h.kind())).toList());
    }

    /** The identity of a site across reports. */
    private record SiteKey(String kind, ResourceState state, List<String> stack, String test) {
    }

    /** One kind's counters summed over reports. Not thread-safe; used within one {@link #merge}. */
    private static final class CountsSum {
        long open;
        long leaked;
        long peak;
        long acquired;
        long released;
        long bytes = -1;
        final Map<Integer, long[]> devices = new TreeMap<>();

        void add(KindCounts c) {
            open += c.open();
            leaked += c.leaked();
            peak = Math.max(peak, c.peak());
            acquired += c.acquired();
            released += c.released();
            if (c.bytes() >= 0) {
                bytes = Math.max(bytes, 0) + c.bytes();
            }
            for (DeviceCounts d : c.devices()) {
                long[] sum = devices.computeIfAbsent(d.device(), k -> new long[2]);
                sum[0] += d.open();
                sum[1] += d.bytes();
            }
        }

        KindCounts toCounts() {
            List<DeviceCounts> list = new ArrayList<>();
            devices.forEach((device, sum) -> list.add(new DeviceCounts(device, sum[0], sum[1])));
            return new KindCounts(open, leaked, peak, acquired, released, bytes, list);
        }
    }

    /** One site summed over reports. Not thread-safe; used within one {@link #merge}. */
    private static final class SiteSum {
        /** The stack of the first report's site: the one shown. */
        final List<String> stack;
        long count;
        long bytes = -1;
        final List<String> examples = new ArrayList<>(EXAMPLES);

        SiteSum(List<String> stack) {
            this.stack = stack;
        }

        void add(SiteEntry s) {
            count += s.count();
            if (s.bytes() >= 0) {
                bytes = Math.max(bytes, 0) + s.bytes();
            }
            for (String e : s.examples()) {
                if (examples.size() < EXAMPLES && !examples.contains(e)) {
                    examples.add(e);
                }
            }
        }
    }

    /** One release site summed over reports. Not thread-safe; used within one {@link #merge}. */
    private static final class ReleaseSum {
        final String kind;
        /** The stack of the first report's site: the one shown. */
        final List<String> stack;
        long open;
        long leaked;
        long unplaced;
        boolean doubleReleaseIsFinding;
        final Map<List<String>, PlaceSum> places = new LinkedHashMap<>();
        final Map<List<List<String>>, DoubleSum> doubles = new LinkedHashMap<>();

        ReleaseSum(String kind, List<String> stack) {
            this.kind = kind;
            this.stack = stack;
        }

        void add(ReleaseSite s) {
            open += s.open();
            leaked += s.leaked();
            unplaced += s.unplaced();
            // the same kind's agents agree; should two differ, the stricter reading wins
            doubleReleaseIsFinding |= s.doubleReleaseIsFinding();
            for (ReleasePlace p : s.places()) {
                places.computeIfAbsent(SiteIdentity.frames(p.stack()), k -> new PlaceSum(p.stack())).add(p);
            }
            for (DoubleRelease d : s.doubleReleases()) {
                doubles.computeIfAbsent(List.of(SiteIdentity.frames(d.first()), SiteIdentity.frames(d.second())),
                                        k -> new DoubleSum(d.first(), d.second())).count += d.count();
            }
        }

        ReleaseSite toSite() {
            List<ReleasePlace> placeList = new ArrayList<>();
            for (PlaceSum p : places.values()) {
                placeList.add(new ReleasePlace(p.stack, p.count, p.otherThread, p.threads, p.holdTimes));
            }
            placeList.sort(RELEASE_PLACE_ORDER);
            List<DoubleRelease> doubleList = new ArrayList<>();
            for (DoubleSum d : doubles.values()) {
                doubleList.add(new DoubleRelease(d.first, d.second, d.count));
            }
            doubleList.sort(DOUBLE_RELEASE_ORDER);
            return new ReleaseSite(kind, stack, open, leaked, placeList, doubleList, doubleReleaseIsFinding, unplaced);
        }
    }

    /** One release place summed over reports. Not thread-safe; used within one {@link #merge}. */
    private static final class PlaceSum {
        /** The stack of the first report's place: the one shown. */
        final List<String> stack;
        long count;
        long otherThread;
        final List<String> threads = new ArrayList<>(ReleasePlace.MAX_THREADS);
        HoldPercentiles holdTimes = HoldPercentiles.NONE;

        PlaceSum(List<String> stack) {
            this.stack = stack;
        }

        void add(ReleasePlace p) {
            count += p.count();
            otherThread += p.otherThread();
            for (String t : p.threads()) {
                if (threads.size() < ReleasePlace.MAX_THREADS && !threads.contains(t)) {
                    threads.add(t);
                }
            }
            holdTimes = holdTimes.plus(p.holdTimes());
        }
    }

    /** One double release summed over reports. Not thread-safe; used within one {@link #merge}. */
    private static final class DoubleSum {
        final List<String> first;
        final List<String> second;
        long count;

        DoubleSum(List<String> first, List<String> second) {
            this.first = first;
            this.second = second;
        }
    }
}
