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
