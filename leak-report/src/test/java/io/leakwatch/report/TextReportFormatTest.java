package io.leakwatch.report;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextReportFormatTest {

    @Test
    void writesTheWholeReportInOrder() throws IOException {
        String expected = String.join("\n",
                "=== leakwatch report (exit) pid 1234, Java 17.0.15, 2024-03-05T07:08:09.012Z ===",
                "",
                "Open file: 500 resources, e.g. data/orders.csv (read), data/x.csv (read), data/y.csv (read)",
                "    #0 com.example.Foo.load(Foo.java:42)",
                "    #1 com.example.Main.main(Main.java:7)",
                "    suppress with: file:^com.example.Foo.load(Foo.java:42)",
                "",
                "Leaked socket: 2 resources, e.g. /127.0.0.1:40000 -> /127.0.0.1:8080",
                "    #0 com.example.Client.connect(Client.java:10)",
                "    suppress with: socket:^com.example.Client.connect(Client.java:10)",
                "",
                "socket: open 0, leaked 2, peak 4, acquired 10, released 8",
                "file: open 3, leaked 1, peak 9, acquired 120, released 116",
                "(2 resources of the JVM are not the application's and are not listed; "
                        + "report.include=jvm;runner;agents lists them)",
                "",
                "SUMMARY: leakwatch: 3 open, 3 leaked resource(s) from 2 site(s). "
                        + "Left out, not the application's: 2 resources of the JVM.",
                "");
        assertEquals(expected, Reports.render(ReportFormatType.TEXT, Reports.sample()));
    }

    @Test
    void listsWhatIsHeldApartAfterTheApplicationsSitesWithoutASuppressionRule() throws IOException {
        String text = Reports.render(ReportFormatType.TEXT, Reports.withHeldApart());
        String expected = String.join("\n",
                "Held apart, not the application's (not counted, not gated):",
                "",
                "Open threadpool (the test runner): 1 resource, e.g. java.util.concurrent.ScheduledThreadPoolExecutor "
                        + "core 1, max 2147483647",
                "    #0 org.apache.maven.surefire.booter.ForkedBooter.getJvmTerminator(ForkedBooter.java:398)",
                "",
                "Open file (other agents): 1 resource, e.g. target/jacoco.exec (write)",
                "    #0 org.jacoco.agent.rt.internal_aeaf9ab.output.FileOutput.openFile(FileOutput.java:77)",
                "",
                "socket: open 0, leaked 2, peak 4, acquired 10, released 8",
                "file: open 3, leaked 1, peak 9, acquired 120, released 116",
                "(2 resources of the JVM, 1 of the test runner, 1 of other agents are not the application's)",
                "(4 thread pools were dropped before starting any thread: they held nothing and are not leaks)",
                "",
                "SUMMARY: leakwatch: 3 open, 3 leaked resource(s) from 2 site(s). Left out, not the application's: "
                        + "2 resources of the JVM, 1 of the test runner, 1 of other agents.",
                "");
        assertTrue(text.endsWith(expected), text);
        assertEquals(2, text.split("suppress with:", -1).length - 1, "only the application's sites get a rule");
    }

    @Test
    void listsWhereEachSitesResourcesWereReleasedAndWhichWereClosedTwice() throws IOException {
        String text = Reports.render(ReportFormatType.TEXT, Reports.withReleases());
        String expected = String.join("\n",
                "    suppress with: socket:^com.example.Client.connect(Client.java:10)",
                "",
                "Where resources were released (by acquisition site):",
                "  file, acquired at com.example.Foo.load(Foo.java:42): 100 released, 3 open, 0 leaked",
                "    97 at com.example.Foo.close(Foo.java:50): held p50 5 ms, p90 10 ms, p99 20 ms, max 25 ms",
                "     3 at com.example.Worker.finish(Worker.java:12): held p50 1 ms, p90 2 ms, p99 2 ms, max 2 ms; "
                        + "3 on another thread (released by worker-1, worker-2)",
                "  jdbc, acquired at com.example.Dao.get(Dao.java:20): 12 released, 0 open, 1 leaked",
                "    6 at com.example.Dao.release(Dao.java:30): held p50 3 ms, p90 4 ms, p99 4 ms, max 4 ms",
                "    4 without a close call (ended with its owner or found gone)",
                "    2 released where no stack was recorded (the thread's stack budget was spent)",
                "",
                "Closed twice:",
                "  jdbc, acquired at com.example.Dao.get(Dao.java:20): 1 closed twice, first at "
                        + "com.example.Dao.release(Dao.java:30), again at com.example.Dao.shutdown(Dao.java:44) "
                        + "(a finding: a second close of this kind is a bug; a pooled connection closed twice may "
                        + "return another borrower's connection)",
                "  file, acquired at com.example.Foo.load(Foo.java:42): 2 closed twice, first at "
                        + "com.example.Foo.close(Foo.java:50), again at com.example.Foo.cleanup(Foo.java:60) "
                        + "(information: a second close of this kind does nothing)",
                "",
                "socket: open 0, leaked 2, peak 4, acquired 10, released 8",
                "");
        assertTrue(text.contains(expected), text);
        assertFalse(text.contains("com.example.Main.main(Main.java:8)"), "only the top frame of a release stack");
        assertFalse(Reports.render(ReportFormatType.TEXT, Reports.sample()).contains("released (by"),
                "no section without release sites");
    }

    @Test
    void aConsoleReportListsAsManyReleaseSitesAsSites() throws IOException {
        List<String> lines = lines(Reports.render(TextReportFormat.largestSites(1), Reports.withReleases()));
        int section = lines.indexOf("Where resources were released (by acquisition site):");
        assertTrue(section > 0, () -> String.join("\n", lines));
        assertTrue(lines.get(section + 1).startsWith("  file, acquired at "), lines.get(section + 1));
        assertEquals("  (1 more release site(s); the full report lists them)", lines.get(section + 4));
        int twice = lines.indexOf("Closed twice:");
        assertTrue(lines.get(twice + 1).startsWith("  jdbc, acquired at "), "the finding first");
        assertEquals("  (1 more; the full report lists them)", lines.get(twice + 2));
    }

    @Test
    void releaseLinesCannotForgeLines() throws IOException {
        String forged = "x\nSUMMARY: leakwatch: 0 open";
        LeakReport report = Reports.sample().withReleases(List.of(new ReleaseSite(forged, List.of(forged), 0, 0,
                List.of(new ReleasePlace(List.of(forged), 1, 1, List.of(forged))),
                List.of(new DoubleRelease(List.of(), List.of(forged), 1)), false)));
        List<String> lines = lines(Reports.render(ReportFormatType.TEXT, report));
        assertEquals(1, lines.stream().filter(l -> l.startsWith("SUMMARY: leakwatch: ")).count(),
                () -> String.join("\n", lines));
        assertTrue(lines.contains("    1 at x?SUMMARY: leakwatch: 0 open: 1 on another thread (released by "
                                  + "x?SUMMARY: leakwatch: 0 open)"), () -> String.join("\n", lines));
        assertTrue(lines.contains("  x?SUMMARY: leakwatch: 0 open, acquired at x?SUMMARY: leakwatch: 0 open: 1 closed "
                                  + "twice, first without a close call (ended with its owner or found gone), again at "
                                  + "x?SUMMARY: leakwatch: 0 open (information: a second close of this kind does "
                                  + "nothing)"), () -> String.join("\n", lines));
    }

    @Test
    void showsAtMostThreeExamples() throws IOException {
        String text = Reports.render(ReportFormatType.TEXT, Reports.sample());
        assertTrue(text.contains("data/y.csv (read)"));
        assertFalse(text.contains("data/z.csv"), text);
    }

    @Test
    void emptyReport() throws IOException {
        String expected = String.join("\n",
                "=== leakwatch report (request) pid 42, Java 17.0.15, 2024-03-05T07:08:09.012Z ===",
                "",
                "No open or leaked resources.",
                "",
                "SUMMARY: leakwatch: 0 open, 0 leaked resource(s) from 0 site(s).",
                "");
        assertEquals(expected, Reports.render(ReportFormatType.TEXT, Reports.empty()));
    }

    @Test
    void singleResourceWithoutStackOrExamples() throws IOException {
        LeakReport report = new LeakReport(Instant.EPOCH, "exit", new JvmInfo(7, "17"),
                Map.of("file", new KindCounts(1, 0, 1, 1, 0)), List.of(),
                List.of(new SiteEntry("file", ResourceState.OPEN, 1, List.of(), List.of())), 0);
        List<String> lines = lines(Reports.render(ReportFormatType.TEXT, report));
        int block = lines.indexOf("Open file: 1 resource");
        assertTrue(block > 0, () -> String.join("\n", lines));
        assertEquals("    (no stack recorded)", lines.get(block + 1));
        assertEquals("    (acquired above its thread's rate of stacked acquisitions; stacks=all records every stack)",
                     lines.get(block + 2));
        assertFalse(lines.stream().anyMatch(l -> l.contains("JVM itself")), "no JVM line when none held");
        assertEquals("SUMMARY: leakwatch: 1 open, 0 leaked resource(s) from 1 site(s).", lines.get(lines.size() - 1));
    }

    @Test
    void lineBreaksInDescriptionsCannotForgeLines() throws IOException {
        String forged = "evil\nSUMMARY: leakwatch: 0 open, 0 leaked resource(s) from 0 site(s).";
        LeakReport report = new LeakReport(Instant.EPOCH, "exit\r\n", new JvmInfo(7, "17"),
                Map.of("file", new KindCounts(1, 0, 1, 1, 0)), List.of(),
                List.of(new SiteEntry("file", ResourceState.OPEN, 1, List.of("a.B.c(B.java:1)\n#1 x"),
                        List.of(forged))), 0);
        List<String> lines = lines(Reports.render(ReportFormatType.TEXT, report));
        assertEquals(1, lines.stream().filter(l -> l.startsWith("SUMMARY: leakwatch: ")).count(),
                () -> String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("=== leakwatch report (exit??) pid 7"), lines.get(0));
        assertTrue(lines.contains("Open file: 1 resource, e.g. evil?SUMMARY: leakwatch: 0 open, 0 leaked "
                + "resource(s) from 0 site(s)."), () -> String.join("\n", lines));
        assertTrue(lines.contains("    #0 a.B.c(B.java:1)?#1 x"), () -> String.join("\n", lines));
    }

    @Test
    void framesAreNumberedFromZeroPerBlock() throws IOException {
        List<String> lines = lines(Reports.render(ReportFormatType.TEXT, Reports.sample()));
        long zeros = lines.stream().filter(l -> l.startsWith("    #0 ")).count();
        assertEquals(2, zeros, "each site restarts at #0");
    }

    private static List<String> lines(String text) {
        assertTrue(text.endsWith("\n"));
        return Arrays.asList(text.split("\n", -1)).subList(0, text.split("\n", -1).length - 1);
    }

    @Test
    void saysWhenTheAgentMissedEvents() throws IOException {
        LeakReport r = Reports.sample();
        LeakReport failing = new LeakReport(r.createdAt(), r.reason(), r.jvm(), r.counts(), r.resources(), r.sites(),
                                            r.jvmInternalOpen(), 3);
        String text = Reports.render(ReportFormatType.TEXT, failing);
        org.junit.jupiter.api.Assertions.assertTrue(
            text.contains("(leakwatch missed 3 events after failures inside the agent; counts may be low)\n"), text);
        org.junit.jupiter.api.Assertions.assertFalse(
            Reports.render(ReportFormatType.TEXT, r).contains("leakwatch missed"), "healthy run: no such line");
    }
}
