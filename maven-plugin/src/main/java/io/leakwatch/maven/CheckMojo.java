package io.leakwatch.maven;

import io.leakwatch.report.LeakGate;
import io.leakwatch.report.LeakReport;
import io.leakwatch.report.ReportInputException;
import io.leakwatch.report.SiteEntry;
import io.leakwatch.report.Suppressions;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CI gate: fails the build when the module's test JVMs left resources open or leaked, beyond the suppressions.
 * The failure lists each site: how many, the state, the kind, the first application frame, and the test that
 * acquired them. A module whose tests wrote no report is passed over quietly.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class CheckMojo extends AbstractMojo {
    /** Skips the plugin. */
    @Parameter(property = "leakwatch.skip", defaultValue = "false")
    private boolean skip;

    /** Where the test JVMs wrote their reports. */
    @Parameter(property = "leakwatch.outputDirectory", defaultValue = "${project.build.directory}/leakwatch")
    private File outputDirectory;

    /**
     * What fails the build: {@code any} (resources left open, reachable or not) or {@code leaked} (only those found
     * unreachable while open).
     */
    @Parameter(property = "leakwatch.failOn", defaultValue = "any")
    private String failOn;

    /** How many resources may be left before the build fails. */
    @Parameter(property = "leakwatch.maxLeaks", defaultValue = "0")
    private long maxLeaks;

    /** {@code false}: report the leaks as an error in the log, and let the build go on. */
    @Parameter(property = "leakwatch.haltOnFailure", defaultValue = "true")
    private boolean haltOnFailure;

    /** A suppression file ({@code kind:pattern} rules, one a line): the leaks it matches do not fail the build. */
    @Parameter(property = "leakwatch.suppressions")
    private File suppressions;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            return;
        }
        LeakGate.FailOn on;
        try {
            on = LeakGate.FailOn.fromLabel(failOn);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("leakwatch: failOn: " + e.getMessage());
        }
        if (maxLeaks < 0) {
            throw new MojoExecutionException("leakwatch: maxLeaks: " + maxLeaks + " is negative; valid: 0 or more");
        }
        Path dir = outputDirectory.toPath();
        ForkReports.Merged merged;
        LeakReport report;
        try {
            merged = ForkReports.read(dir);
            if (merged == null) {
                getLog().debug("leakwatch: no test JVM reports in " + dir + "; nothing to check");
                return;
            }
            report = merged.report();
            if (suppressions != null) {
                report = Suppressions.load(suppressions.toPath()).apply(report);
            }
        } catch (ReportInputException e) {
            throw new MojoExecutionException("leakwatch: " + e.getMessage(), e);
        }
        LeakGate.Verdict verdict = LeakGate.judge(report, on, maxLeaks);
        if (verdict.passed()) {
            getLog().info("leakwatch check: PASSED: " + verdict.failing() + " resource(s) left "
                          + (on == LeakGate.FailOn.ANY ? "open or leaked" : "leaked") + " by " + merged.files()
                          + " test JVM(s); at most " + maxLeaks + " allowed"
                          + (report.suppressed() > 0 ? "; " + report.suppressed() + " suppressed" : ""));
            return;
        }
        String message = String.join(System.lineSeparator(), failure(verdict, on, merged.files(), report));
        if (haltOnFailure) {
            throw new MojoFailureException(message);
        }
        getLog().error(message);
    }

    /** The failure's lines: the verdict, then one line per site. */
    static List<String> failure(LeakGate.Verdict verdict, LeakGate.FailOn on, int files, LeakReport report) {
        List<String> lines = new ArrayList<>();
        lines.add("leakwatch check: FAILED: " + verdict.failing() + " resource(s) left "
                  + (on == LeakGate.FailOn.ANY ? "open or leaked" : "leaked") + " by the tests (" + files
                  + " test JVM report(s)" + (report.suppressed() > 0 ? ", " + report.suppressed() + " suppressed" : "")
                  + "):");
        for (Map.Entry<String, Map<String, List<SiteEntry>>> byClass : LeakGate.byTest(verdict.sites()).entrySet()) {
            lines.add("  " + (byClass.getKey().isEmpty() ? "outside any test:" : LeakGate.safe(byClass.getKey()) + ":"));
            for (Map.Entry<String, List<SiteEntry>> byMethod : byClass.getValue().entrySet()) {
                String who = byClass.getKey().isEmpty() ? ""
                    : byMethod.getKey().isEmpty() ? "(class set-up) " : LeakGate.safe(byMethod.getKey()) + ": ";
                for (SiteEntry s : byMethod.getValue()) {
                    lines.add("    " + who + LeakGate.siteLine(s, false));
                }
            }
        }
        lines.add("Close them, or list known ones in a suppression file (<suppressions>); the whole report: "
                  + ForkReports.MERGED_HTML + " after leakwatch:report");
        return lines;
    }
}
