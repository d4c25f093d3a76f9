package io.leakwatch.report.cli;

import io.leakwatch.report.JsonReportReader;
import io.leakwatch.report.Kinds;
import io.leakwatch.report.LeakReport;
import io.leakwatch.report.LeakReports;
import io.leakwatch.report.ReportInputException;
import io.leakwatch.report.Suppressions;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The reports a command works on: read from files or directories of {@code *.json} reports, merged, then restricted
 * to {@code --kinds} and with {@code --suppressions} applied.
 *
 * <p>Thread-safe: stateless.
 */
final class Inputs {

    /** The options every command accepts, with their value's name. */
    static final Map<String, String> FILTER_OPTIONS = filterOptions();

    private Inputs() {
    }

    private static Map<String, String> filterOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("--kinds", "K1,K2");
        m.put("--suppressions", "FILE");
        return m;
    }

    /**
     * The report the arguments {@code paths} name, merged: each a report file or a directory whose {@code *.json}
     * files (not its subdirectories') are all reports.
     */
    static Loaded read(List<String> paths) throws ReportInputException {
        List<LeakReport> reports = new ArrayList<>();
        for (Path file : files(paths)) {
            reports.add(JsonReportReader.read(file));
        }
        return new Loaded(LeakReports.merge(reports), reports.size());
    }

    /**
     * Reports read and merged.
     *
     * @param report the merged report
     * @param files  how many report files it was merged from
     */
    record Loaded(LeakReport report, int files) {
    }

    /** The report files, each once even when named twice (a file and its directory): merging it twice would count
     *  its resources twice. */
    private static List<Path> files(List<String> paths) throws ReportInputException {
        List<Path> files = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (String p : paths) {
            Path path = Path.of(p);
            if (!Files.isDirectory(path)) {
                if (seen.add(path.toAbsolutePath().normalize())) {
                    files.add(path);
                }
                continue;
            }
            List<Path> found = new ArrayList<>();
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(path, "*.json")) {
                for (Path f : dir) {
                    if (Files.isRegularFile(f)) {
                        found.add(f);
                    }
                }
            } catch (IOException e) {
                throw new ReportInputException(p + ": the directory cannot be read (" + e + ")", e);
            }
            if (found.isEmpty()) {
                throw new ReportInputException(p + ": is a directory without *.json reports; give report files, or "
                                               + "a directory holding " + String.join(" or ", JsonReportReader.FORMATS)
                                               + " JSON reports");
            }
            // sorted, so that a merge lists resources and examples in the same order on every run
            found.sort(null);
            for (Path f : found) {
                if (seen.add(f.toAbsolutePath().normalize())) {
                    files.add(f);
                }
            }
        }
        return files;
    }

    /** The report restricted to {@code --kinds} and with {@code --suppressions} applied, when given. */
    static LeakReport filter(LeakReport report, Arguments args) throws UsageException, ReportInputException {
        LeakReport out = report;
        Optional<Set<String>> kinds = kinds(args);
        if (kinds.isPresent()) {
            out = LeakReports.onlyKinds(out, kinds.get());
        }
        Optional<String> file = args.option("--suppressions");
        if (file.isPresent()) {
            out = Suppressions.load(Path.of(file.get())).apply(out);
        }
        return out;
    }

    /** The kinds {@code --kinds} names; empty when it is not given or is {@code all}. */
    static Optional<Set<String>> kinds(Arguments args) throws UsageException {
        Optional<String> value = args.option("--kinds");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Set<String> kinds = new LinkedHashSet<>();
        for (String k : value.get().split("[,;]")) {
            String kind = k.strip().toLowerCase(Locale.ROOT);
            if (kind.equals("all")) {
                return Optional.empty();
            }
            if (!Kinds.isKnown(kind)) {
                throw new UsageException(args.command() + ": --kinds: '" + k.strip() + "' is not a kind; valid: all, "
                                         + Kinds.choices() + " (comma separated)");
            }
            kinds.add(kind);
        }
        return Optional.of(kinds);
    }

    /**
     * Untrusted text (descriptions, frames) for one console line: control characters, terminal escapes included,
     * become {@code ?}.
     */
    static String safe(String s) {
        return io.leakwatch.report.LeakGate.safe(s);
    }
}
