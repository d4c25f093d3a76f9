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

/** The stderr summary shows the largest sites and counts all of them. */
class ExitSummaryTest {
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
