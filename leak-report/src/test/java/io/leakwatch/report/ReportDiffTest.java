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
    void aLeakAtANewLineOfAMethodThatLeakedElsewhereIsNew() {
        // the rough edge: "GREW 60 leaked file at Foo.read(Foo.java:33)" when line 34 began to leak too
        LeakReport base = report(new SiteEntry("file", ResourceState.OPEN, 3, LOAD, List.of()));
        LeakReport head = report(new SiteEntry("file", ResourceState.OPEN, 2, LOAD, List.of()),
                                 new SiteEntry("file", ResourceState.OPEN, 2, LOAD_MOVED, List.of()));
        assertEquals(List.of(new ReportDiff.Change("file", ResourceState.OPEN, LOAD_MOVED, true, 0, 2, -1, -1)),
                ReportDiff.newOrGrown(base, head));
        assertEquals(List.of(new ReportDiff.Change("file", ResourceState.OPEN, LOAD, false, 2, 3, -1, -1)),
                ReportDiff.newOrGrown(head, base), "the line both have grew; the one base lacks is matched first");
    }

    @Test
    void theJdksFramesBetweenTheApplicationsAreNotPartOfASite() {
        // the same leak run on JDK 17 and on JDK 25: reflection frames differ between versions
        List<String> on17 = List.of("com.example.Foo.load(Foo.java:42)",
                                    "java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)",
                                    "java.base/java.lang.reflect.Method.invoke(Method.java:569)",
                                    "com.example.Main.main(Main.java:7)");
        List<String> on25 = List.of("com.example.Foo.load(Foo.java:42)",
                                    "java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
                                    "java.base/java.lang.reflect.Method.invoke(Method.java:580)",
                                    "app//com.example.Main.main(Main.java:7)");
        LeakReport base = report(new SiteEntry("file", ResourceState.OPEN, 3, on17, List.of()));
        LeakReport head = report(new SiteEntry("file", ResourceState.OPEN, 3, on25, List.of()));
        assertEquals(List.of(), ReportDiff.newOrGrown(base, head));
        assertEquals(List.of(new SiteEntry("file", ResourceState.OPEN, 6, on17, List.of())),
                     LeakReports.merge(List.of(base, head)).sites(), "a merge makes them one site too");
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
