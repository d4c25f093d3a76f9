package io.leakwatch.maven;

import io.leakwatch.report.JsonReportReader;
import io.leakwatch.report.LeakReport;
import io.leakwatch.report.LeakReports;
import io.leakwatch.report.ReportInputException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reports the test JVMs of one module wrote into its output directory, read and merged into one.
 *
 * <p>Thread-safe: stateless.
 */
final class ForkReports {
    /** The test JVMs' report files, as {@link AgentArgument#FORK_REPORT} names them. */
    static final String FORK_REPORT_GLOB = "leaks-*.json";
    /** The merged report {@code report} writes beside them. */
    static final String MERGED_JSON = "leaks.json";
    /** Its self-contained HTML form. */
    static final String MERGED_HTML = "index.html";

    private ForkReports() {
    }

    /**
     * The merged report of the test JVMs' reports in {@code dir}, with how many there were; {@code null} when there
     * are none (a module without tests, or tests not run).
     *
     * @throws ReportInputException naming the file that is not a leakwatch report
     */
    static Merged read(Path dir) throws ReportInputException {
        List<Path> files = files(dir);
        if (files.isEmpty()) {
            return null;
        }
        List<LeakReport> reports = new ArrayList<>(files.size());
        for (Path f : files) {
            reports.add(JsonReportReader.read(f));
        }
        return new Merged(LeakReports.merge(reports), files.size());
    }

    /** The test JVMs' report files in {@code dir}, sorted (a merge lists sites in the same order every run). */
    static List<Path> files(Path dir) throws ReportInputException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, FORK_REPORT_GLOB)) {
            for (Path f : found) {
                if (Files.isRegularFile(f)) {
                    files.add(f);
                }
            }
        } catch (IOException e) {
            throw new ReportInputException(dir + ": the directory cannot be read (" + e + ")", e);
        }
        files.sort(null);
        return files;
    }

    /**
     * The test JVMs' reports merged.
     *
     * @param report the merged report
     * @param files  how many reports it was merged from
     */
    record Merged(LeakReport report, int files) {
    }
}
