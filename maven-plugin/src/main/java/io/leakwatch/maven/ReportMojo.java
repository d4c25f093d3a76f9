package io.leakwatch.maven;

import io.leakwatch.report.LeakGate;
import io.leakwatch.report.LeakReport;
import io.leakwatch.report.ReportFiles;
import io.leakwatch.report.ReportFormatType;
import io.leakwatch.report.ReportInputException;
import io.leakwatch.report.ResourceState;
import io.leakwatch.report.SiteEntry;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges the reports of every test JVM of the module into {@code target/leakwatch/leaks.json} and a self-contained
 * {@code target/leakwatch/index.html}, and prints a summary. A module whose tests wrote no report (no tests, or tests
 * skipped) is passed over quietly.
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class ReportMojo extends AbstractMojo {
    /** Sites listed in the summary. */
    static final int SUMMARY_SITES = 5;

    /** Skips the plugin. */
    @Parameter(property = "leakwatch.skip", defaultValue = "false")
    private boolean skip;

    /** Where the test JVMs wrote their reports, and where the merged ones go. */
    @Parameter(property = "leakwatch.outputDirectory", defaultValue = "${project.build.directory}/leakwatch")
    private File outputDirectory;

    @Override
    public void execute() throws MojoExecutionException {
        if (skip) {
            return;
        }
        Path dir = outputDirectory.toPath();
        ForkReports.Merged merged;
        try {
            merged = ForkReports.read(dir);
        } catch (ReportInputException e) {
            throw new MojoExecutionException("leakwatch: " + e.getMessage(), e);
        }
        if (merged == null) {
            getLog().debug("leakwatch: no test JVM reports in " + dir + "; nothing to merge");
            return;
        }
        LeakReport report = merged.report();
        Path json = dir.resolve(ForkReports.MERGED_JSON);
        Path html = dir.resolve(ForkReports.MERGED_HTML);
        try {
            ReportFiles.writeAtomically(report, ReportFormatType.JSON, json);
            ReportFiles.writeAtomically(report, ReportFormatType.HTML, html);
        } catch (IOException e) {
            throw new MojoExecutionException("leakwatch: cannot write the merged report into " + dir + ": " + e, e);
        }
        for (String line : summary(report, merged.files())) {
            getLog().info(line);
        }
        getLog().info("leakwatch: merged report: " + json + ", " + html);
    }

    /** The summary's lines: the totals, then the largest sites. */
    static List<String> summary(LeakReport report, int files) {
        List<SiteEntry> sites = report.sites();
        List<String> lines = new ArrayList<>();
        lines.add("leakwatch: " + files + " test JVM report(s): " + report.total(ResourceState.OPEN) + " open, "
                  + report.total(ResourceState.LEAKED) + " leaked resource(s) from " + sites.size() + " site(s)"
                  + (report.suppressed() > 0 ? ", " + report.suppressed() + " suppressed" : ""));
        for (SiteEntry s : sites.subList(0, Math.min(SUMMARY_SITES, sites.size()))) {
            lines.add("  " + LeakGate.siteLine(s));
        }
        if (sites.size() > SUMMARY_SITES) {
            lines.add("  ... and " + (sites.size() - SUMMARY_SITES) + " more site(s) in " + ForkReports.MERGED_HTML);
        }
        return lines;
    }
}
