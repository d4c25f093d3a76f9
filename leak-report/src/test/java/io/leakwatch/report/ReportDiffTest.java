package io.leakwatch.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReportDiffTest {

    private static final List<String> LOAD = List.of("com.example.Foo.load(Foo.java:42)", "com.example.Main.main(Main.java:7)");
    private static final List<String> LOAD_MOVED = List.of("com.example.Foo.load(Foo.java:45)",
                                                           "com.example.Main.main(Main.java:7)");
    private static final List<String> SAVE = List.of("com.example.Foo.save(Foo.java:60)");

    @Test
    void listsNewAndGrownSitesOnly() {
        LeakReport base = report(new SiteEntry("file", ResourceState.OPEN, 3, LOAD, List.of()),
                                 new SiteEntry("file", ResourceState.LEAKED, 5, SAVE, List.of()),
                                 new SiteEntry("cuda", ResourceState.OPEN, 1, SAVE, List.of(), 100));
        LeakReport head = report(new SiteEntry("file", ResourceState.OPEN, 4, LOAD_MOVED, List.of()),
                                 new SiteEntry("file", ResourceState.LEAKED, 2, SAVE, List.of()),
                                 new SiteEntry("file", ResourceState.OPEN, 1, SAVE, List.of()),
                                 new SiteEntry("cuda", ResourceState.OPEN, 1, SAVE, List.of(), 300));

        List<ReportDiff.Change> changes = ReportDiff.newOrGrown(base, head);

        assertEquals(List.of(
                new ReportDiff.Change("cuda", ResourceState.OPEN, SAVE, false, 1, 1, 100, 300),
                new ReportDiff.Change("file", ResourceState.OPEN, LOAD_MOVED, false, 3, 4, -1, -1),
                new ReportDiff.Change("file", ResourceState.OPEN, SAVE, true, 0, 1, -1, -1)), changes,
                "the moved line is the same site; the shrunk leaked site is not listed; another state is another site");
    }

    @Test
    void sitesDifferingOnlyInLineNumbersCountTogether() {
        LeakReport base = report(new SiteEntry("file", ResourceState.OPEN, 3, LOAD, List.of()));
        LeakReport head = report(new SiteEntry("file", ResourceState.OPEN, 2, LOAD, List.of()),
                                 new SiteEntry("file", ResourceState.OPEN, 2, LOAD_MOVED, List.of()));
        assertEquals(List.of(new ReportDiff.Change("file", ResourceState.OPEN, LOAD, false, 3, 4, -1, -1)),
                ReportDiff.newOrGrown(base, head));
        assertEquals(List.of(), ReportDiff.newOrGrown(head, base));
    }

    @Test
    void identicalReportsHaveNoChange() {
        assertEquals(List.of(), ReportDiff.newOrGrown(Reports.sample(), Reports.sample()));
        assertEquals(2, ReportDiff.newOrGrown(Reports.empty(), Reports.sample()).size());
        assertEquals(List.of(), ReportDiff.newOrGrown(Reports.sample(), Reports.empty()));
    }

    private static LeakReport report(SiteEntry... sites) {
        return new LeakReport(Reports.CREATED, "exit", new JvmInfo(1, "17"), Map.of(), List.of(), List.of(sites), 0);
    }
}
