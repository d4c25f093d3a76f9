package io.leakwatch.report.cli;

import io.leakwatch.report.HoldPercentiles;
import io.leakwatch.report.ReportInputException;
import io.leakwatch.report.trace.ResourceLife;
import io.leakwatch.report.trace.SiteHistory;
import io.leakwatch.report.trace.TraceEvent;
import io.leakwatch.report.trace.TraceReader;
import io.leakwatch.report.trace.TraceSpan;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code trace FILE (--id N | --site S)}: reads the audit trail the agent wrote with {@code trace=FILE} (and its
 * rotated siblings, oldest first) and prints the life of one resource, or every acquisition at one site with how each
 * ended. Exit status 0 when the trace has the resource or site, 1 when not (said in one line on stderr).
 *
 * <p>Thread-safe: stateless.
 */
final class TraceCommand {
    static final String NAME = "trace";
    static final String SYNOPSIS = "trace FILE (--id N | --site S)";

    private static final Map<String, String> OPTIONS = options();

    private TraceCommand() {
    }

    private static Map<String, String> options() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("--id", "N");
        m.put("--site", "S");
        return m;
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws UsageException, ReportInputException {
        Arguments args = Arguments.parse(NAME, argv, OPTIONS);
        if (args.positional().size() != 1) {
            throw new UsageException(NAME + ": " + (args.positional().isEmpty() ? "no trace file given"
                    : args.positional().size() + " files given, one needed (its rotated FILE.1, FILE.2, ... are read "
                      + "with it)") + "; usage: " + SYNOPSIS);
        }
        Optional<String> id = args.option("--id");
        Optional<String> site = args.option("--site");
        if (id.isPresent() == site.isPresent()) {
            throw new UsageException(NAME + ": " + (id.isPresent() ? "--id and --site are both given" : "neither --id "
                    + "nor --site is given") + "; give one: --id N follows one resource, --site S lists a site's "
                    + "acquisitions; usage: " + SYNOPSIS);
        }
        String file = args.positional().get(0);
        if (id.isPresent()) {
            return resource(number(id.get(), "--id", "resource id"), file, out, err);
        }
        return site(number(site.get(), "--site", "site id"), file, out, err);
    }

    private static int resource(long id, String file, PrintStream out, PrintStream err) throws ReportInputException {
        ResourceLife life = new ResourceLife(id);
        TraceSpan span = TraceReader.read(Path.of(file), life);
        if (!life.found()) {
            err.println("leakwatch: resource " + id + " is not in the trace " + file + " (" + describe(span) + ")");
            return 1;
        }
        Optional<TraceEvent> acquired = life.acquired();
        Optional<TraceEvent> ended = life.ended();
        TraceEvent any = acquired.orElseGet(ended::get);
        out.println("resource " + id + ", " + safe(any.kind()) + ": " + safe(any.description()));
        if (acquired.isPresent()) {
            TraceEvent a = acquired.get();
            out.println("  acquired " + safe(a.time()) + " on thread " + safe(a.thread()) + ", at site " + a.site()
                        + ":");
        } else {
            // a leak names the acquiring thread; a release only the releasing one
            TraceEvent e = ended.get();
            out.println("  acquired before the oldest trace file"
                        + (e.type() == TraceEvent.Type.LEAK ? " on thread " + safe(e.thread()) : "") + ", at site "
                        + e.site() + ":");
        }
        printStack(out, "    ", life.stack(), any.site());
        if (ended.isEmpty()) {
            out.println("  still open at the end of the trace (" + safe(span.lastTime()) + ", the last event's time)");
        } else if (ended.get().type() == TraceEvent.Type.RELEASE) {
            TraceEvent r = ended.get();
            out.println("  released " + safe(r.time()) + " on thread " + safe(r.thread()) + held(r.heldMillis()));
        } else {
            TraceEvent l = ended.get();
            out.println("  leaked " + safe(l.time()) + " (found unreachable while open)" + held(l.heldMillis()));
        }
        return 0;
    }

    private static int site(long site, String file, PrintStream out, PrintStream err) throws ReportInputException {
        SiteHistory history = new SiteHistory(site);
        TraceSpan span = TraceReader.read(Path.of(file), history);
        if (!history.found()) {
            err.println("leakwatch: site " + site + " is not in the trace " + file + " (" + describe(span) + ")");
            return 1;
        }
        List<SiteHistory.Acquisition> all = history.acquisitions();
        out.println("site " + site + ", " + history.kind().map(k -> safe(k) + ", ").orElse("") + all.size()
                    + (all.size() == 1 ? " acquisition:" : " acquisitions:"));
        printStack(out, "    ", history.stack(), site);
        if (!all.isEmpty()) {
            SiteTable.print(out, "    ", all);
        }
        out.println(summary(history));
        return 0;
    }

    /** {@code released 1 (held p50 15 ms, max 15 ms), leaked 1, still open 1}, and the refused ones if any. */
    private static String summary(SiteHistory h) {
        StringBuilder b = new StringBuilder();
        b.append("released ").append(h.count(SiteHistory.Ending.RELEASED));
        HoldPercentiles hold = h.releasedHold();
        if (!hold.isEmpty()) {
            b.append(" (held p50 ").append(hold.p50()).append(" ms, max ").append(hold.max()).append(" ms)");
        }
        b.append(", leaked ").append(h.count(SiteHistory.Ending.LEAKED))
         .append(", still open ").append(h.count(SiteHistory.Ending.OPEN));
        if (h.refused() > 0) {
            b.append(", refused ").append(h.refused());
        }
        return b.toString();
    }

    private static void printStack(PrintStream out, String indent, Optional<List<String>> stack, long site) {
        if (stack.isEmpty()) {
            // the agent declares every site before using it; a trace cut by hand may not
            out.println(indent + "(site " + site + " is not declared in the trace)");
        } else if (stack.get().isEmpty()) {
            out.println(indent + "(no stack recorded)");
        } else {
            for (String frame : stack.get()) {
                out.println(indent + safe(frame));
            }
        }
    }

    /** {@code , held 15 ms}, or nothing when the trace does not say. */
    private static String held(long millis) {
        return millis < 0 ? "" : ", held " + millis + " ms";
    }

    /** {@code 3 file(s), from 2026-...Z to 2026-...Z}: what was searched, for a "not found". */
    private static String describe(TraceSpan span) {
        return span.files() + " file(s), " + (span.firstTime() == null ? "no events"
                : "from " + safe(span.firstTime()) + " to " + safe(span.lastTime()));
    }

    private static long number(String value, String option, String what) throws UsageException {
        try {
            long n = Long.parseLong(value.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the valid range
        }
        throw new UsageException(NAME + ": " + option + ": '" + value + "' is not a " + what + " (a whole number of "
                                 + "0 or more)");
    }

    private static String safe(String s) {
        return Inputs.safe(s);
    }
}
