package io.leakwatch.report;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test a site's and a resource's acquisitions ran under, through every format, the merge and the gate. */
class TestAttributionTest {
    private static final List<String> STACK = List.of("com.example.Files.read(Files.java:7)");
    private static final String READS = "com.example.FilesTest#reads";
    private static final String WRITES = "com.example.FilesTest#writes";

    private static LeakReport report() {
        return new LeakReport(Instant.parse("2024-01-01T00:00:00Z"), "exit", new JvmInfo(7, "17"),
                              Map.of("file", new KindCounts(3, 0, 3, 3, 0)),
                              List.of(new ResourceEntry(1, "file", ResourceState.OPEN, "a", "main",
                                                        Instant.parse("2024-01-01T00:00:00Z"), 5, STACK, -1, READS)),
                              List.of(new SiteEntry("file", ResourceState.OPEN, 2, STACK, List.of("a"), -1, READS),
                                      new SiteEntry("file", ResourceState.OPEN, 1, STACK, List.of("b"), -1, WRITES),
                                      new SiteEntry("file", ResourceState.OPEN, 1, STACK, List.of("c"))), 0);
    }

    @Test
    void jsonKeepsTheTestOfSitesAndResources(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("r.json");
        ReportFiles.writeAtomically(report(), ReportFormatType.JSON, file);
        LeakReport back = JsonReportReader.read(file);
        assertEquals(report().sites(), back.sites());
        assertEquals(READS, back.resources().get(0).test());
        assertTrue(Files.readString(file).contains("\"test\" : \"" + READS + "\"")
                   || Files.readString(file).contains("\"test\": \"" + READS + "\""));
    }

    @Test
    void aMergeKeepsSitesOfDifferentTestsApartAndAddsThoseOfTheSameTest() {
        LeakReport merged = LeakReports.merge(List.of(report(), report()));
        assertEquals(List.of(new SiteEntry("file", ResourceState.OPEN, 4, STACK, List.of("a"), -1, READS),
                             new SiteEntry("file", ResourceState.OPEN, 2, STACK, List.of("b"), -1, WRITES),
                             new SiteEntry("file", ResourceState.OPEN, 2, STACK, List.of("c"))), merged.sites());
    }

    @Test
    void theTextAndHtmlReportsAndTheGateNameTheTest() throws IOException {
        String text = Reports.render(ReportFormatType.TEXT, report());
        assertTrue(text.contains("Open file: 2 resources, e.g. a\n    #0 com.example.Files.read(Files.java:7)\n"
                                 + "    in test " + READS + "\n"), text);
        String html = Reports.render(ReportFormatType.HTML, report());
        assertTrue(html.contains("data-test=\"" + READS + "\"") && html.contains("in test <code>" + READS + "</code>"),
                   html);
        assertEquals("2 open file at com.example.Files.read(Files.java:7) in test " + READS
                     + "; suppress with: file:^com.example.Files.read(Files.java:7)", LeakGate.siteLine(report().sites().get(0)));
    }

    @Test
    void theGateGroupsSitesByTestClassThenMethodWithThoseOutsideAnyTestLast() {
        Map<String, Map<String, List<SiteEntry>>> grouped = LeakGate.byTest(report().sites());
        assertEquals(List.of("com.example.FilesTest", ""), List.copyOf(grouped.keySet()));
        assertEquals(List.of("reads", "writes"), List.copyOf(grouped.get("com.example.FilesTest").keySet()));
        assertEquals(List.of(report().sites().get(2)), grouped.get("").get(""));
    }
}
