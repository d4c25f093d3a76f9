package io.leakwatch.agent.report;

import io.leakwatch.agent.config.LeakWatchOptions;
import io.leakwatch.bootstrap.Hooks;
import io.leakwatch.bootstrap.RegistrySnapshot;
import io.leakwatch.bootstrap.ResourceRegistry;
import io.leakwatch.report.LeakReport;
import io.leakwatch.report.ReportFiles;
import io.leakwatch.report.ReportFormatType;
import io.leakwatch.report.ReportFormats;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The shutdown hook that writes the report at exit: to {@code report=PATH} when given (atomically, so a crash never
 * leaves half a report), else a short summary on stderr when anything is open or leaked.
 *
 * <p>Thread-safe: runs once, on the JVM's shutdown-hook thread.
 */
public final class ExitReporter implements Runnable {
    private static final int SUMMARY_SITES = 5;
    private final ResourceRegistry registry;
    private final LeakWatchOptions options;

    public ExitReporter(ResourceRegistry registry, LeakWatchOptions options) {
        this.registry = registry;
        this.options = options;
    }

    @Override
    public void run() {
        Hooks.enterAgent();
        try {
            RegistrySnapshot snapshot = registry.snapshot();
            if (options.gcAtExit() && !snapshot.open().isEmpty()) {
                // unreachable but not yet collected resources would otherwise show as open, not leaked
                System.gc();
                snapshot = registry.snapshot();
            }
            LeakReport report = ReportBuilder.build(snapshot, "exit");
            if (options.reportPath().isPresent()) {
                String path = ReportFiles.expandPlaceholders(options.reportPath().get(), report.jvm().pid(), Instant.now());
                ReportFiles.writeAtomically(report, options.formatFor(path), Path.of(path));
            } else if (options.summary() && report.hasUnreleased()) {
                System.err.print(summary(report));
                System.err.flush();
            }
        } catch (Throwable t) {
            System.err.println("leakwatch: the exit report could not be written: " + t);
        } finally {
            Hooks.exitAgent();
        }
    }

    /** The text report limited to the largest sites: enough to act on, short enough for a console. */
    static String summary(LeakReport report) {
        LeakReport top = new LeakReport(report.createdAt(), report.reason(), report.jvm(), report.counts(),
                                        report.resources(),
                                        report.sites().subList(0, Math.min(SUMMARY_SITES, report.sites().size())),
                                        report.jvmInternalOpen(), report.agentFailures());
        StringWriter out = new StringWriter();
        try (PrintWriter w = new PrintWriter(out)) {
            w.println();
            if (report.sites().size() > SUMMARY_SITES) {
                w.println("leakwatch: the " + SUMMARY_SITES + " largest of " + report.sites().size()
                          + " sites; the full report: -javaagent:leakwatch-agent.jar=report=leaks.txt");
            }
            ReportFormats.of(ReportFormatType.TEXT).write(top, w);
        } catch (java.io.IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return out.toString();
    }
}
