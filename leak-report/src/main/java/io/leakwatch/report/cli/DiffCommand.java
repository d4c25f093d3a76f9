package io.leakwatch.report.cli;

import io.leakwatch.report.Bytes;
import io.leakwatch.report.LeakReport;
import io.leakwatch.report.ReportDiff;
import io.leakwatch.report.ReportInputException;
import io.leakwatch.report.SuppressionRule;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code diff BASE HEAD [--kinds K1,K2] [--suppressions FILE]}: the acquisition sites that are new in {@code HEAD} or
 * hold more resources (or bytes) there than in {@code BASE} (see {@link ReportDiff} for how sites are matched). Exit
 * status 1 when there is any, 0 when none. {@code BASE} and {@code HEAD} are each a report or a directory of reports.
 *
 * <p>Thread-safe: stateless.
 */
final class DiffCommand {
    static final String NAME = "diff";
    static final String SYNOPSIS = "diff BASE HEAD [--kinds K1,K2] [--suppressions FILE]";

    private DiffCommand() {
    }

    static int run(String[] argv, PrintStream out) throws UsageException, ReportInputException {
        Arguments args = Arguments.parse(NAME, argv, Inputs.FILTER_OPTIONS);
        if (args.positional().size() != 2) {
            throw new UsageException(NAME + ": " + args.positional().size() + " report(s) given, two needed (each a "
                                     + "report or a directory of reports); usage: " + SYNOPSIS);
        }
        Inputs.kinds(args);
        String baseName = args.positional().get(0);
        String headName = args.positional().get(1);
        LeakReport base = Inputs.filter(Inputs.read(List.of(baseName)).report(), args);
        LeakReport head = Inputs.filter(Inputs.read(List.of(headName)).report(), args);
        List<ReportDiff.Change> changes = ReportDiff.newOrGrown(base, head);
        if (changes.isEmpty()) {
            out.println("leakwatch diff: no site is new or grew in " + headName + " compared to " + baseName);
            return 0;
        }
        out.println("leakwatch diff: " + changes.size() + " site(s) new or grown in " + headName + " compared to "
                    + baseName);
        for (ReportDiff.Change c : changes) {
            out.println("  " + line(c));
        }
        return 1;
    }

    /** {@code NEW  3 open file at a.B.c(B.java:1); suppress with: file:a.B.c}, or {@code GREW 4 (base 3) ...}. */
    static String line(ReportDiff.Change c) {
        StringBuilder b = new StringBuilder();
        b.append(c.isNew() ? "NEW  " : "GREW ").append(c.headCount()).append(' ').append(c.state().label())
         .append(' ').append(Inputs.safe(c.kind()));
        if (c.headBytes() >= 0) {
            b.append(" (").append(Bytes.format(c.headBytes())).append(')');
        }
        if (!c.isNew()) {
            b.append(", base ").append(c.baseCount());
            if (c.baseBytes() >= 0) {
                b.append(" (").append(Bytes.format(c.baseBytes())).append(')');
            }
        }
        b.append(" at ").append(c.stack().isEmpty() ? "(no stack recorded)" : Inputs.safe(c.stack().get(0)));
        SuppressionRule.suggestFor(c.kind(), c.stack()).ifPresent(r -> b.append("; suppress with: ")
                                                                         .append(Inputs.safe(r)));
        return b.toString();
    }
}
