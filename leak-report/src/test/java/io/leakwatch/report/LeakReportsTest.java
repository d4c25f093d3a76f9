package io.leakwatch.report;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LeakReportsTest {

    private static final List<String> A = List.of("com.example.A.open(A.java:1)");
    private static final List<String> B = List.of("com.example.B.open(B.java:2)");

    @Test
    void mergesCountsSitesAndResources() {
        Map<String, KindCounts> c1 = new LinkedHashMap<>();
        c1.put("file", new KindCounts(2, 1, 5, 10, 7));
        c1.put("cuda", new KindCounts(1, 0, 1, 1, 0, 100, List.of(new DeviceCounts(0, 1, 100))));
        LeakReport r1 = new LeakReport(Instant.parse("2024-01-01T00:00:00Z"), "exit", new JvmInfo(10, "17.0.15"), c1,
                List.of(resource(1, "file", ResourceState.OPEN, "a1", A), resource(2, "file", ResourceState.OPEN, "a2", A),
                        resource(3, "file", ResourceState.LEAKED, "b1", B)),
                List.of(new SiteEntry("file", ResourceState.OPEN, 2, A, List.of("a1", "a2")),
                        new SiteEntry("file", ResourceState.LEAKED, 1, B, List.of("b1")),
                        new SiteEntry("cuda", ResourceState.OPEN, 1, B, List.of("m1"), 100)), 2, 1, 4);
        Map<String, KindCounts> c2 = new LinkedHashMap<>();
        c2.put("file", new KindCounts(3, 0, 3, 4, 1));
        c2.put("socket", new KindCounts(0, 0, 2, 2, 2));
        c2.put("cuda", new KindCounts(2, 0, 2, 2, 0, 300,
                List.of(new DeviceCounts(1, 1, 200), new DeviceCounts(0, 1, 100))));
        LeakReport r2 = new LeakReport(Instant.parse("2024-01-01T00:00:05Z"), "exit", new JvmInfo(11, "25.0.1"), c2,
                List.of(resource(1, "file", ResourceState.OPEN, "a3", A)),
                List.of(new SiteEntry("file", ResourceState.OPEN, 3, A, List.of("a3", "a1", "a4")),
                        new SiteEntry("cuda", ResourceState.OPEN, 2, B, List.of("m2"), 300)), 1, 0, 0);

        LeakReport m = LeakReports.merge(List.of(r1, r2));

        assertEquals(Instant.parse("2024-01-01T00:00:05Z"), m.createdAt());
        assertEquals("merged from 2 reports", m.reason());
        assertEquals(new JvmInfo(0, "17.0.15, 25.0.1"), m.jvm());
        Map<String, KindCounts> counts = new LinkedHashMap<>();
        counts.put("file", new KindCounts(5, 1, 5, 14, 8));
        counts.put("cuda", new KindCounts(3, 0, 2, 3, 0, 400,
                List.of(new DeviceCounts(0, 2, 200), new DeviceCounts(1, 1, 200))));
        counts.put("socket", new KindCounts(0, 0, 2, 2, 2));
        assertEquals(counts, m.counts());
        assertEquals(List.of(new SiteEntry("cuda", ResourceState.OPEN, 3, B, List.of("m1", "m2"), 400),
                             new SiteEntry("file", ResourceState.OPEN, 5, A, List.of("a1", "a2", "a3")),
                             new SiteEntry("file", ResourceState.LEAKED, 1, B, List.of("b1"))), m.sites());
        assertEquals(List.of("a1", "a2", "b1", "a3"), m.resources().stream().map(ResourceEntry::description).toList());
        assertEquals(3, m.jvmInternalOpen());
        assertEquals(1, m.agentFailures());
        assertEquals(4, m.suppressed());
    }

    @Test
    void oneReportIsItsOwnMerge() {
        LeakReport sample = Reports.sample();
        assertSame(sample, LeakReports.merge(List.of(sample)));
        assertThrows(IllegalArgumentException.class, () -> LeakReports.merge(List.of()));
    }

    @Test
    void mergingAReportWithItselfDoublesItsCounts() {
        LeakReport sample = Reports.sample();
        LeakReport m = LeakReports.merge(List.of(sample, sample));
        assertEquals(2 * sample.total(ResourceState.OPEN), m.total(ResourceState.OPEN));
        assertEquals(2 * sample.total(ResourceState.LEAKED), m.total(ResourceState.LEAKED));
        assertEquals(List.of(1000L, 4L), m.sites().stream().map(SiteEntry::count).toList());
        assertEquals(List.of("data/orders.csv (read)", "data/x.csv (read)", "data/y.csv (read)"),
                m.sites().get(0).examples(), "at most three examples");
        assertEquals(4, m.resources().size());
    }

    @Test
    void keepsOnlyTheGivenKinds() {
        LeakReport only = LeakReports.onlyKinds(Reports.sample(), Set.of("socket"));
        assertEquals(List.of("socket"), List.copyOf(only.counts().keySet()));
        assertEquals(List.of("socket"), only.sites().stream().map(SiteEntry::kind).toList());
        assertEquals(List.of(18L), only.resources().stream().map(ResourceEntry::id).toList());
        assertEquals(0, only.total(ResourceState.OPEN));
        assertEquals(2, only.total(ResourceState.LEAKED));
        assertEquals(2, only.jvmInternalOpen());
    }

    @Test
    void mergesReleaseSitesByApplicationFrames() {
        List<String> close = List.of("com.example.A.close(A.java:9)");
        // the same places as seen on another JDK: its own frames between the application's differ
        List<String> aOnOtherJdk = List.of("com.example.A.open(A.java:1)",
                "java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)");
        List<String> closeOnOtherJdk = List.of("java.base/java.io.FileInputStream.close(FileInputStream.java:1)",
                "com.example.A.close(A.java:9)");
        List<String> worker = List.of("com.example.W.run(W.java:5)");
        List<String> again = List.of("com.example.A.finish(A.java:12)");
        LeakReport r1 = Reports.empty().withReleases(List.of(
                new ReleaseSite("file", A, 1, 0, List.of(
                        new ReleasePlace(close, 10, 1, List.of("main", "t1"), new HoldPercentiles(10, 5, 8, 9, 9)),
                        new ReleasePlace(List.of(), 2, 0, List.of())),
                        List.of(new DoubleRelease(close, again, 1)), false),
                new ReleaseSite("jdbc", B, 0, 0, List.of(new ReleasePlace(worker, 1, 0, List.of("main"))), List.of(),
                        true)));
        LeakReport r2 = Reports.empty().withReleases(List.of(
                new ReleaseSite("file", aOnOtherJdk, 2, 1, List.of(
                        new ReleasePlace(worker, 30, 30, List.of("w1", "w2", "w3"), new HoldPercentiles(30, 1, 2, 3, 4)),
                        new ReleasePlace(closeOnOtherJdk, 20, 2, List.of("t1", "t2", "t3"),
                                         new HoldPercentiles(20, 50, 80, 90, 7)),
                        new ReleasePlace(List.of(), 1, 0, List.of())),
                        List.of(new DoubleRelease(closeOnOtherJdk, again, 2), new DoubleRelease(worker, again, 5)),
                        false),
                new ReleaseSite("file", B, 0, 0, List.of(new ReleasePlace(close, 1, 0, List.of("main"))), List.of(),
                        false)));

        LeakReport m = LeakReports.merge(List.of(r1, r2));

        assertEquals(List.of(
                new ReleaseSite("file", A, 3, 1, List.of(
                        new ReleasePlace(close, 30, 3, List.of("main", "t1", "t2"),
                                         // percentiles of the part with more samples (approximate), the larger max
                                         new HoldPercentiles(30, 50, 80, 90, 9)),
                        new ReleasePlace(worker, 30, 30, List.of("w1", "w2", "w3"), new HoldPercentiles(30, 1, 2, 3, 4)),
                        new ReleasePlace(List.of(), 3, 0, List.of())),
                        List.of(new DoubleRelease(worker, again, 5), new DoubleRelease(close, again, 3)), false),
                new ReleaseSite("jdbc", B, 0, 0, List.of(new ReleasePlace(worker, 1, 0, List.of("main"))), List.of(),
                        true),
                new ReleaseSite("file", B, 0, 0, List.of(new ReleasePlace(close, 1, 0, List.of("main"))), List.of(),
                        false)), m.releases());
        assertEquals(63, m.releases().get(0).released());
    }

    @Test
    void holdTimesMergeApproximately() {
        HoldPercentiles few = new HoldPercentiles(2, 100, 200, 300, 400);
        HoldPercentiles many = new HoldPercentiles(8, 1, 2, 3, 4);
        assertEquals(new HoldPercentiles(10, 1, 2, 3, 400), few.plus(many));
        assertEquals(new HoldPercentiles(10, 1, 2, 3, 400), many.plus(few));
        assertEquals(few, few.plus(HoldPercentiles.NONE));
        assertEquals(few, HoldPercentiles.NONE.plus(few));
        assertEquals(HoldPercentiles.NONE, new HoldPercentiles(0, 1, 2, 3, 4), "no samples: nothing to say");
    }

    @Test
    void keepsOnlyTheReleaseSitesOfTheGivenKinds() {
        LeakReport only = LeakReports.onlyKinds(Reports.withReleases(), Set.of("jdbc"));
        assertEquals(List.of(Reports.releaseSites().get(1)), only.releases());
        assertEquals(List.of(), LeakReports.onlyKinds(Reports.withReleases(), Set.of("socket")).releases());
    }

    @Test
    void reportsKeepTheirReleaseSites() {
        LeakReport report = Reports.withReleases();
        assertEquals(Reports.releaseSites(), report.releases());
        assertEquals(report.releases(), report.withHeldApart(HeldApart.ofJvm(5)).releases());
        assertEquals(List.of(), Reports.sample().releases(), "the older constructors: none");
        assertEquals(Reports.sample(), report.withReleases(List.of()));
    }

    private static ResourceEntry resource(long id, String kind, ResourceState state, String description,
                                          List<String> stack) {
        return new ResourceEntry(id, kind, state, description, "main", Instant.EPOCH, 0, stack);
    }
}
