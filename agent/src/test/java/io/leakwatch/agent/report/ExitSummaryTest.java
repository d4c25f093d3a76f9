package io.leakwatch.agent.report;

import io.leakwatch.report.JvmInfo;
import io.leakwatch.report.KindCounts;
import io.leakwatch.report.LeakReport;
import io.leakwatch.report.ResourceState;
import io.leakwatch.report.SiteEntry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the exit reporter says on stderr: the summary, and a report path that cannot be written, at start-up. */
class ExitSummaryTest {
    @Test
    void aReportPathThatCannotBeWrittenIsSaidAtStartUp(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
        throws Exception {
        assertEquals(java.util.Optional.empty(), ExitReporter.unwritable(dir + "/new/sub/leaks-{pid}.json", 42),
                     "missing directories are made when the report is written");
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("plain-file"), "x");
        assertEquals(java.util.Optional.of("report=" + file + "/leaks.json: " + file + " is not a directory; the "
                                           + "report cannot be written there (it will be tried again at exit)"),
                     ExitReporter.unwritable(file + "/leaks.json", 42));
        assertEquals(java.util.Optional.of("report=" + dir + ": " + dir + " is a directory; give a file path, e.g. "
                                           + dir.resolve("leaks-{pid}.json")),
                     ExitReporter.unwritable(dir.toString(), 42));
    }

    @Test
    void theSummaryLineCountsEverySiteWhenOnlyTheLargestAreShown() {
        List<SiteEntry> sites = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sites.add(new SiteEntry("file", ResourceState.OPEN, 6 - i, List.of("com.example.A.m" + i + "(A.java:" + i + ")"),
                                    List.of("f" + i)));
        }
        LeakReport report = new LeakReport(Instant.EPOCH, "exit", new JvmInfo(1, "17"),
                                           Map.of("file", new KindCounts(21, 0, 21, 21, 0)), List.of(), sites, 0);
        String summary = ExitReporter.summary(report);
        assertTrue(summary.contains("leakwatch: the 5 largest of 6 sites;"), summary);
        assertTrue(summary.contains("SUMMARY: leakwatch: 21 open, 0 leaked resource(s) from 6 site(s)."), summary);
        assertTrue(summary.contains("com.example.A.m4(A.java:4)") && !summary.contains("com.example.A.m5(A.java:5)"),
                   "the 5 largest site blocks only: " + summary);
    }
}
