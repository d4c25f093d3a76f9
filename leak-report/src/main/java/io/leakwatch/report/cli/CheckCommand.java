package io.leakwatch.report.cli;

import io.leakwatch.report.KindCounts;
import io.leakwatch.report.LeakGate;
import io.leakwatch.report.LeakReport;
import io.leakwatch.report.ReportInputException;
import io.leakwatch.report.ResourceState;
import io.leakwatch.report.SiteEntry;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code check REPORT... [--max N] [--kinds K1,K2] [--suppressions FILE]}: the CI gate. Exit status 0 when at most
 * {@code N} (default 0) resources are open or leaked, after suppressions and restricted to the kinds, else 1; prints
 * the verdict, the counts per kind and the largest sites.
 *
 * <p>Thread-safe: stateless.
 */
final class CheckCommand {
    static final String NAME = "check";
    static final String SYNOPSIS = "check REPORT... [--max N] [--kinds K1,K2] [--suppressions FILE]";

    /** Sites listed under the verdict: enough to act on, short enough for a CI log. */
    static final int TOP_SITES = 5;

    private static final Map<String, String> OPTIONS = options();

    private CheckCommand() {
    }

    private static Map<String, String> options() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("--max", "N");
        m.putAll(Inputs.FILTER_OPTIONS);
        return m;
    }

    static int run(String[] argv, PrintStream out) throws UsageException, ReportInputException {
        Arguments args = Arguments.parse(NAME, argv, OPTIONS);
        if (args.positional().isEmpty()) {
            throw new UsageException(NAME + ": no report given; usage: " + SYNOPSIS);
        }
        long max = max(args);
        Inputs.kinds(args);
        Inputs.Loaded loaded = Inputs.read(args.positional());
        LeakReport report = Inputs.filter(loaded.report(), args);

        long open = report.total(ResourceState.OPEN);
        long leaked = report.total(ResourceState.LEAKED);
        boolean pass = LeakGate.judge(report, LeakGate.FailOn.ANY, max).passed();
        out.println("leakwatch check: " + (pass ? "PASSED" : "FAILED") + ": " + open + " open, " + leaked
                    + " leaked resource(s) from " + report.sites().size() + " site(s); at most " + max + " allowed");
        out.println("checked " + loaded.files() + (loaded.files() == 1 ? " report" : " reports") + ", kinds "
                    + Inputs.kinds(args).map(k -> String.join(",", k)).orElse("all") + ", " + report.suppressed()
                    + " suppressed");
        for (Map.Entry<String, KindCounts> e : report.counts().entrySet()) {
            KindCounts c = e.getValue();
            if (c.open() + c.leaked() > 0) {
                out.println("  " + Inputs.safe(e.getKey()) + ": " + c.open() + " open, " + c.leaked() + " leaked");
            }
        }
        List<SiteEntry> sites = report.sites();
        for (SiteEntry s : sites.subList(0, Math.min(TOP_SITES, sites.size()))) {
            out.println("  " + siteLine(s));
        }
        if (sites.size() > TOP_SITES) {
            out.println("  ... and " + (sites.size() - TOP_SITES) + " more site(s); see them all with: render "
                        + "--format html --output leaks.html");
        }
        return pass ? 0 : 1;
    }

    /** {@code 20 open file at a.B.c(B.java:1); suppress with: file:a.B.c}. */
    static String siteLine(SiteEntry s) {
        return LeakGate.siteLine(s);
    }

    private static long max(Arguments args) throws UsageException {
        String value = args.option("--max").orElse("0");
        try {
            long n = Long.parseLong(value.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the valid range
        }
        throw new UsageException(NAME + ": --max: '" + value + "' is not a whole number of 0 or more");
    }
}
