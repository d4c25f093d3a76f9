package io.leakwatch.agent.report;

import io.leakwatch.agent.config.LeakWatchOptions;
import io.leakwatch.bootstrap.Hooks;
import io.leakwatch.bootstrap.KindCountsView;
import io.leakwatch.bootstrap.RegistrySnapshot;
import io.leakwatch.bootstrap.ResourceRegistry;
import io.leakwatch.report.LeakReport;
import io.leakwatch.report.ReportFiles;
import io.leakwatch.report.TextReportFormat;
import io.leakwatch.report.ResourceState;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * The shutdown hook that writes the report at exit: to {@code report=PATH} when given (atomically, so a crash never
 * leaves half a report), else a short summary on stderr when anything is open or leaked. Sites matched by
 * {@code suppressions=} are left out of both. With {@code exitcode=N}, when a resource is still open or leaked (only
 * leaked with {@code failon=leaked}) once the report is written, the JVM ends with status {@code N}.
 *
 * <p>Thread-safe: runs once, on the JVM's shutdown-hook thread.
 */
public final class ExitReporter implements Runnable {
    private static final int SUMMARY_SITES = 5;
    private final ResourceRegistry registry;
    private final LeakWatchOptions options;
    private final ExitGate gate;

    /** Reads the suppression file now (at start-up), so that a bad line is said at once. */
    public ExitReporter(ResourceRegistry registry, LeakWatchOptions options) {
        this.registry = registry;
        this.options = options;
        this.gate = ExitGate.of(options.gate(), System.err);
        // a service that runs for days must not learn at exit that its evidence had nowhere to go
        if (options.reportPath().isPresent()) {
            // pid 0: asking for the pid would initialize the JDK's process handles (and their reaper pool) for the
            // agent; only the directories matter here, and a {pid} in one is a directory still to be made either way
            unwritable(options.reportPath().get(), 0)
                .ifPresent(problem -> System.err.println("leakwatch: " + problem));
        }
    }

    /**
     * Why the report {@code pathPattern} could not be written now, in one line, or empty when it could (the directory
     * is there and writable, or its nearest existing ancestor is, where the report will create it). Opens nothing.
     */
    static java.util.Optional<String> unwritable(String pathPattern, long pid) {
        Path target = Path.of(ReportFiles.expandPlaceholders(pathPattern, pid, Instant.now())).toAbsolutePath();
        if (java.nio.file.Files.isDirectory(target)) {
            return java.util.Optional.of("report=" + pathPattern + ": " + target + " is a directory; give a file "
                                         + "path, e.g. " + target.resolve("leaks-{pid}.json"));
        }
        Path dir = target.getParent();
        while (dir != null && !java.nio.file.Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null) {
            return java.util.Optional.empty();
        }
        if (!java.nio.file.Files.isDirectory(dir)) {
            return java.util.Optional.of("report=" + pathPattern + ": " + dir + " is not a directory; the report "
                                         + "cannot be written there (it will be tried again at exit)");
        }
        if (!java.nio.file.Files.isWritable(dir) || !java.nio.file.Files.isExecutable(dir)) {
            return java.util.Optional.of("report=" + pathPattern + ": the directory " + dir + " cannot be written "
                                         + "by this process; the report will be tried again at exit, and lost "
                                         + "unless that changes");
        }
        return java.util.Optional.empty();
    }

    @Override
    public void run() {
        boolean writes = options.reportPath().isPresent();
        if (!writes && !options.summary() && !gate.canFail()) {
            return; // no report to write, no summary, no exit status to decide: nothing to make
        }
        Hooks.enterAgent();
        try {
            RegistrySnapshot snapshot = registry.snapshot();
            if (options.gcAtExit() && !snapshot.open().isEmpty()) {
                // unreachable but not yet collected resources would otherwise show as open, not leaked
                System.gc();
                snapshot = registry.snapshot();
            }
            if (!writes && !unreleased(snapshot)) {
                // the summary and the gate speak only of what is open or leaked: a clean run makes no report
                return;
            }
            LeakReport report = gate.suppress(ReportBuilder.withHoldTimes(ReportBuilder.withHistory(
                ReportBuilder.build(snapshot, "exit", options.include())
                    .withReleases(ReportBuilder.releasesOf(registry.releaseSites(), null)), registry.history()),
                io.leakwatch.agent.live.LiveViewStarter.holdTimes()));
            try {
                if (options.reportPath().isPresent()) {
                    String path = ReportFiles.expandPlaceholders(options.reportPath().get(), report.jvm().pid(),
                                                                 Instant.now());
                    ReportFiles.writeAtomically(report, options.formatFor(path), Path.of(path));
                    if (options.summary()) {
                        System.err.println("leakwatch: report written to " + Path.of(path).toAbsolutePath() + " ("
                                           + report.total(ResourceState.OPEN) + " open, "
                                           + report.total(ResourceState.LEAKED) + " leaked)");
                    }
                } else if (options.summary() && report.hasUnreleased()) {
                    System.err.print(summary(report));
                    System.err.flush();
                }
            } catch (Throwable t) {
                // the gate still decides: a report that could not be written must not turn a failing run green
                System.err.println("leakwatch: the exit report could not be written: " + t);
            }
            OptionalInt status = gate.failureStatus(report);
            if (status.isPresent()) {
                fail(report, status.getAsInt());
            }
        } catch (Throwable t) {
            System.err.println("leakwatch: the exit report could not be made: " + t);
        } finally {
            Hooks.exitAgent();
        }
    }

    /** Whether any resource of the application is open or leaked (the counts the report's totals are). */
    private static boolean unreleased(RegistrySnapshot snapshot) {
        for (KindCountsView c : snapshot.counts()) {
            if (c.open() > 0 || c.leaked() > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Ends the JVM with {@code status}. {@code halt}, because {@code System.exit} from a shutdown hook blocks forever
     * (the JVM is already exiting); halting also cuts short any other shutdown hook still running, so the streams
     * are flushed first.
     */
    private void fail(LeakReport report, int status) {
        System.err.println("leakwatch: exit status " + status + ": " + report.total(ResourceState.OPEN) + " open, "
                           + report.total(ResourceState.LEAKED) + " leaked resource(s) at exit (exitcode=" + status
                           + ", failon=" + gate.failOn() + ", " + report.suppressed() + " suppressed)");
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    /** The text report limited to the largest sites: enough to act on, short enough for a console. */
    static String summary(LeakReport report) {
        StringWriter out = new StringWriter();
        try (PrintWriter w = new PrintWriter(out)) {
            w.println();
            if (report.sites().size() > SUMMARY_SITES) {
                w.println("leakwatch: the " + SUMMARY_SITES + " largest of " + report.sites().size()
                          + " sites; the full report: -javaagent:leakwatch-agent.jar=report=leaks.txt");
            }
            // the SUMMARY line counts every site, the blocks are the largest ones
            TextReportFormat.largestSites(SUMMARY_SITES).write(report, w);
        } catch (java.io.IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return out.toString();
    }
}
