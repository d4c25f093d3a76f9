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

    private static ResourceEntry resource(long id, String kind, ResourceState state, String description,
                                          List<String> stack) {
        return new ResourceEntry(id, kind, state, description, "main", Instant.EPOCH, 0, stack);
    }
}
