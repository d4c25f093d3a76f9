package io.leakwatch.maven;

import io.leakwatch.report.LeakGate;
import io.leakwatch.report.LeakReport;
import io.leakwatch.report.ReportFiles;
import io.leakwatch.report.ReportFormatType;
import io.leakwatch.report.ReportInputException;
import io.leakwatch.report.ResourceState;
import io.leakwatch.report.SiteEntry;
import org.apache.maven.doxia.sink.Sink;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.reporting.MavenReport;
import org.apache.maven.reporting.MavenReportException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Merges the reports of every test JVM of the module into {@code target/leakwatch/leaks.json} and a self-contained
 * {@code target/leakwatch/index.html}, and prints a summary. A module whose tests wrote no report (no tests, or tests
 * skipped) is passed over quietly.
 *
 * <p>Also a site report: listed under {@code <reporting>}, {@code mvn verify site} puts the same two files into
 * {@code target/site/leakwatch/} and links them from the project's reports. It is an external report (its page is
 * leakwatch's own self-contained HTML, not one rendered through the site's skin), like JaCoCo's. It needs
 * maven-site-plugin 3.21.0 or later, the first built on Maven Reporting API 4.
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class ReportMojo extends AbstractMojo implements MavenReport {
    /** The report's folder in the site, and the page the site links to ({@code leakwatch/index.html}). */
    static final String SITE_FOLDER = "leakwatch";

    /** Sites listed in the summary. */
    static final int SUMMARY_SITES = 5;

    /** Skips the plugin. */
    @Parameter(property = "leakwatch.skip", defaultValue = "false")
    private boolean skip;

    /** Where the test JVMs wrote their reports, and where the merged ones go. */
    @Parameter(property = "leakwatch.outputDirectory", defaultValue = "${project.build.directory}/leakwatch")
    private File outputDirectory;

    /** Where the site report goes: the site plugin sets it to the site's folder, the report adds its own below. */
    @Parameter(defaultValue = "${project.reporting.outputDirectory}/" + SITE_FOLDER, readonly = true)
    private File reportOutputDirectory;

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
        try {
            write(merged.report(), dir);
        } catch (IOException e) {
            throw new MojoExecutionException("leakwatch: cannot write the merged report into " + dir + ": " + e, e);
        }
        for (String line : summary(merged.report(), merged.files())) {
            getLog().info(line);
        }
        getLog().info("leakwatch: merged report: " + dir.resolve(ForkReports.MERGED_JSON) + ", "
                      + dir.resolve(ForkReports.MERGED_HTML));
    }

    /** Writes {@code report} into {@code dir} as {@code leaks.json} and {@code index.html}, each atomically. */
    private static void write(LeakReport report, Path dir) throws IOException {
        ReportFiles.writeAtomically(report, ReportFormatType.JSON, dir.resolve(ForkReports.MERGED_JSON));
        ReportFiles.writeAtomically(report, ReportFormatType.HTML, dir.resolve(ForkReports.MERGED_HTML));
    }

    // ---- the site report (MavenReport), called by maven-site-plugin instead of execute()

    /** Writes the merged report into the site; the site's sink is not used (an external report writes its own page). */
    @Override
    public void generate(Sink sink, Locale locale) throws MavenReportException {
        ForkReports.Merged merged;
        try {
            merged = ForkReports.read(outputDirectory.toPath());
        } catch (ReportInputException e) {
            throw new MavenReportException("leakwatch: " + e.getMessage(), e);
        }
        if (merged == null) {
            return; // canGenerateReport() said no; the site plugin asks it first
        }
        try {
            write(merged.report(), reportOutputDirectory.toPath());
        } catch (IOException e) {
            throw new MavenReportException("leakwatch: cannot write the site report into " + reportOutputDirectory
                                           + ": " + e, e);
        }
    }

    /** Only a module whose tests wrote reports has a page (a module without tests is left out of its site). */
    @Override
    public boolean canGenerateReport() throws MavenReportException {
        if (skip) {
            return false;
        }
        try {
            return !ForkReports.files(outputDirectory.toPath()).isEmpty();
        } catch (ReportInputException e) {
            throw new MavenReportException("leakwatch: " + e.getMessage(), e);
        }
    }

    @Override
    public String getOutputName() {
        return SITE_FOLDER + "/index";
    }

    @Override
    public String getCategoryName() {
        return CATEGORY_PROJECT_REPORTS;
    }

    @Override
    public String getName(Locale locale) {
        return "leakwatch";
    }

    @Override
    public String getDescription(Locale locale) {
        return "Resources the tests left open or leaked (files, sockets, connections, ...), with the test and the "
               + "line that acquired each.";
    }

    /** The site plugin passes the site's folder; the report's own folder is below it, as its output name says. */
    @Override
    public void setReportOutputDirectory(File siteDirectory) {
        reportOutputDirectory = siteDirectory != null && !siteDirectory.getName().equals(SITE_FOLDER)
            ? new File(siteDirectory, SITE_FOLDER) : siteDirectory;
    }

    @Override
    public File getReportOutputDirectory() {
        return reportOutputDirectory;
    }

    @Override
    public boolean isExternalReport() {
        return true;
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
