package io.leakwatch.report;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The human-readable report, shaped like LeakSanitizer's: one block per acquisition site with its stack, then where
 * each site's resources were released and which were closed twice (when the report has release sites), then the
 * counters, then a single {@code SUMMARY:} line that CI logs can grep for. Release places show only their top frame;
 * the JSON and HTML forms carry the whole stacks.
 *
 * <p>Thread-safe: stateless.
 */
public final class TextReportFormat implements ReportFormat {

    // More examples than this turn a block header into a wall of file names; the JSON form carries them all.
    private static final int MAX_EXAMPLES = 3;

    // "\n" rather than the platform separator, so reports are byte-identical whichever OS wrote them.
    private static final String NL = "\n";

    /**
     * Site blocks written at most, and release sites and double releases each; the counts and the {@code SUMMARY:}
     * line always cover every site.
     */
    private final int maxSites;

    /** The whole report. */
    TextReportFormat() {
        this(Integer.MAX_VALUE);
    }

    private TextReportFormat(int maxSites) {
        this.maxSites = maxSites;
    }

    /**
     * The report with only its {@code maxSites} largest sites written out (and as many release sites and double
     * releases), for a console; its counts and {@code SUMMARY:} line still count every site.
     */
    public static ReportFormat largestSites(int maxSites) {
        return new TextReportFormat(maxSites);
    }

    @Override
    public void write(LeakReport report, Writer out) throws IOException {
        StringBuilder sb = new StringBuilder(256);
        JvmInfo jvm = report.jvm();
        sb.append("=== leakwatch report (").append(oneLine(report.reason())).append(')');
        // a report merged from several JVMs has no one pid (LeakReports.merge gives 0)
        if (jvm.pid() > 0) {
            sb.append(" pid ").append(jvm.pid()).append(',');
        }
        sb.append(" Java ").append(oneLine(jvm.javaVersion())).append(", ").append(report.createdAt())
                .append(" ===").append(NL).append(NL);

        if (report.sites().isEmpty()) {
            sb.append("No open or leaked resources.").append(NL).append(NL);
        }
        List<SiteEntry> sites = report.sites();
        for (SiteEntry site : sites.subList(0, Math.min(maxSites, sites.size()))) {
            appendSite(sb, site, null);
        }
        HeldApart apart = report.heldApart();
        if (!apart.sites().isEmpty()) {
            sb.append("Held apart, not the application's (not counted, not gated):").append(NL).append(NL);
            for (HeldApart.OwnedSite site : apart.sites()) {
                appendSite(sb, site.site(), site.owner());
            }
        }
        appendReleases(sb, consoleOrAll(report.releases()));
        appendDoubleReleases(sb, report.releases());

        for (Map.Entry<String, KindCounts> e : report.counts().entrySet()) {
            KindCounts c = e.getValue();
            sb.append(oneLine(e.getKey())).append(": open ").append(c.open());
            if (c.bytes() >= 0) {
                sb.append(" (").append(Bytes.format(c.bytes())).append(')');
            }
            sb.append(", leaked ").append(c.leaked())
                    .append(", peak ").append(c.peak()).append(", acquired ").append(c.acquired())
                    .append(", released ").append(c.released()).append(NL);
            for (DeviceCounts d : c.devices()) {
                sb.append("  device ").append(d.device()).append(": open ").append(d.open()).append(" (")
                        .append(Bytes.format(d.bytes())).append(')').append(NL);
            }
        }
        if (apart.open() > 0) {
            sb.append('(').append(apartCounts(apart)).append(" are not the application's");
            if (apart.sites().isEmpty()) {
                sb.append(" and are not listed; report.include=jvm;runner;agents lists them");
            }
            sb.append(')').append(NL);
        }
        if (apart.unusedPools() > 0) {
            sb.append('(').append(apart.unusedPools()).append(apart.unusedPools() == 1 ? " thread pool was" : " thread pools were")
                    .append(" dropped before starting any thread: they held nothing and are not leaks)").append(NL);
        }
        if (report.suppressed() > 0) {
            sb.append('(').append(report.suppressed())
                    .append(" open or leaked resources matched suppression rules and are not listed)").append(NL);
        }
        if (report.agentFailures() > 0) {
            sb.append("(leakwatch missed ").append(report.agentFailures())
                    .append(" events after failures inside the agent; counts may be low)").append(NL);
        }
        if (!report.counts().isEmpty() || apart.open() > 0 || apart.unusedPools() > 0 || report.agentFailures() > 0
                || report.suppressed() > 0) {
            sb.append(NL);
        }

        sb.append("SUMMARY: leakwatch: ").append(report.total(ResourceState.OPEN)).append(" open, ")
                .append(report.total(ResourceState.LEAKED)).append(" leaked resource(s) from ")
                .append(report.sites().size()).append(" site(s).");
        if (apart.open() > 0) {
            // what was left out of the gate, said where CI logs are read
            sb.append(" Left out, not the application's: ").append(apartCounts(apart)).append('.');
        }
        sb.append(NL);

        // One write: the agent may be writing this at shutdown, where fewer, larger writes are kinder.
        out.write(sb.toString());
        out.flush();
    }

    /** "3 resources of the JVM, 2 of the test runner": the owners that hold any, in a fixed order. */
    static String apartCounts(HeldApart apart) {
        StringBuilder sb = new StringBuilder();
        for (String owner : HeldApart.OWNERS) {
            long n = apart.open(owner);
            if (n > 0) {
                sb.append(sb.length() == 0 ? n + (n == 1 ? " resource of " : " resources of ") : ", " + n + " of ")
                        .append(ownerPhrase(owner));
            }
        }
        return sb.toString();
    }

    /** How the text names an owner: "the JVM", "the test runner", "other agents". */
    static String ownerPhrase(String owner) {
        switch (owner) {
            case "jvm":
                return "the JVM";
            case "runner":
                return "the test runner";
            case "agents":
                return "other agents";
            default:
                return oneLine(owner);
        }
    }

    /** One site's block; {@code owner} is that of a site held apart, or {@code null} for the application's. */
    private static void appendSite(StringBuilder sb, SiteEntry site, String owner) {
        sb.append(capitalize(site.state().label())).append(' ').append(oneLine(site.kind()));
        if (owner != null) {
            sb.append(" (").append(ownerPhrase(owner)).append(')');
        }
        sb.append(": ")
                .append(site.count()).append(site.count() == 1 ? " resource" : " resources");
        if (site.bytes() >= 0) {
            sb.append(", ").append(Bytes.format(site.bytes()));
        }
        List<String> examples = site.examples();
        if (!examples.isEmpty()) {
            sb.append(", e.g. ");
            int shown = Math.min(MAX_EXAMPLES, examples.size());
            for (int i = 0; i < shown; i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(oneLine(examples.get(i)));
            }
        }
        sb.append(NL);
        List<String> stack = site.stack();
        if (stack.isEmpty()) {
            sb.append("    (no stack recorded)").append(NL);
            // how to get them, said where they are missing: a thread went over stacks=adaptive's rate
            sb.append("    (acquired above its thread's rate of stacked acquisitions; stacks=all records every stack)")
                    .append(NL);
        }
        for (int i = 0; i < stack.size(); i++) {
            sb.append("    #").append(i).append(' ').append(oneLine(stack.get(i))).append(NL);
        }
        if (site.test() != null) {
            sb.append("    in test ").append(oneLine(site.test())).append(NL);
        }
        // ready to paste into a suppressions= file when the leak is known and accepted (nothing held apart needs one)
        if (owner == null) {
            SuppressionRule.suggestFor(site.kind(), stack).ifPresent(
                    rule -> sb.append("    suppress with: ").append(oneLine(rule)).append(NL));
        }
        sb.append(NL);
    }

    /**
     * Where each site's resources were released, a line per place under a line per site. Counts are right-aligned
     * within a site, so that its places read as a column.
     */
    /**
     * On a console ({@link #largestSites}) only the release sites that still have resources open or leaked: where the
     * rest of a leaking line's resources were closed is what a leak hunt asks; the full report lists every site.
     */
    private List<ReleaseSite> consoleOrAll(List<ReleaseSite> releases) {
        if (maxSites == Integer.MAX_VALUE) {
            return releases;
        }
        List<ReleaseSite> unreleased = new ArrayList<>();
        for (ReleaseSite s : releases) {
            if (s.open() + s.leaked() > 0) {
                unreleased.add(s);
            }
        }
        return unreleased;
    }

    private void appendReleases(StringBuilder sb, List<ReleaseSite> releases) {
        if (releases.isEmpty()) {
            return;
        }
        sb.append("Where resources were released (by acquisition site):").append(NL);
        int shown = Math.min(maxSites, releases.size());
        for (ReleaseSite site : releases.subList(0, shown)) {
            sb.append("  ").append(oneLine(site.kind())).append(", acquired at ").append(topFrame(site.stack()))
                    .append(": ").append(site.released()).append(" released, ").append(site.open()).append(" open, ")
                    .append(site.leaked()).append(" leaked").append(NL);
            int width = 1;
            for (ReleasePlace place : site.places()) {
                width = Math.max(width, Long.toString(place.count()).length());
            }
            for (ReleasePlace place : site.places()) {
                String count = Long.toString(place.count());
                sb.append("    ").append(" ".repeat(width - count.length())).append(count).append(' ')
                        .append(releasedAt(place.stack()));
                HoldPercentiles hold = place.holdTimes();
                String sep = ": ";
                if (!hold.isEmpty()) {
                    sb.append(sep).append("held p50 ").append(hold.p50()).append(" ms, p90 ").append(hold.p90())
                            .append(" ms, p99 ").append(hold.p99()).append(" ms, max ").append(hold.max()).append(" ms");
                    sep = "; ";
                }
                if (place.otherThread() > 0) {
                    // the names may include the acquiring thread's: they are the releasing threads, not the others
                    sb.append(sep).append(place.otherThread()).append(" on another thread");
                    if (!place.threads().isEmpty()) {
                        sb.append(" (released by ").append(oneLine(String.join(", ", place.threads()))).append(')');
                    }
                }
                sb.append(NL);
            }
            if (site.unplaced() > 0) {
                sb.append("    ").append(site.unplaced())
                        .append(" released where no stack was recorded (the thread's stack budget was spent)").append(NL);
            }
        }
        if (shown < releases.size()) {
            sb.append("  (").append(releases.size() - shown).append(" more release site(s); the full report lists them)")
                    .append(NL);
        }
        sb.append(NL);
    }

    /**
     * The resources closed a second time, a line each, those whose second close is a bug first, then most first:
     * whether it is a bug depends on the kind, so each line says which it is.
     */
    private void appendDoubleReleases(StringBuilder sb, List<ReleaseSite> releases) {
        List<ClosedTwice> all = new ArrayList<>();
        for (ReleaseSite site : releases) {
            for (DoubleRelease d : site.doubleReleases()) {
                all.add(new ClosedTwice(site, d));
            }
        }
        if (all.isEmpty()) {
            return;
        }
        // a stable sort: the report's order among equals
        all.sort(CLOSED_TWICE_ORDER);
        sb.append("Closed twice:").append(NL);
        int shown = Math.min(maxSites, all.size());
        for (ClosedTwice c : all.subList(0, shown)) {
            ReleaseSite site = c.site();
            DoubleRelease d = c.twice();
            sb.append("  ").append(oneLine(site.kind())).append(", acquired at ").append(topFrame(site.stack()))
                    .append(": ").append(d.count()).append(" closed twice, first ");
            sb.append(releasedAt(d.first())).append(", again at ").append(topFrame(d.second()));
            sb.append(site.doubleReleaseIsFinding()
                    ? " (a finding: a second close of this kind is a bug; a pooled connection closed twice may "
                      + "return another borrower's connection)"
                    : " (information: a second close of this kind does nothing)");
            sb.append(NL);
        }
        if (shown < all.size()) {
            sb.append("  (").append(all.size() - shown).append(" more; the full report lists them)").append(NL);
        }
        sb.append(NL);
    }

    /** A double release with its site. */
    private record ClosedTwice(ReleaseSite site, DoubleRelease twice) {
    }

    /** Bugs before information, then most first. */
    private static final Comparator<ClosedTwice> CLOSED_TWICE_ORDER =
            Comparator.comparing((ClosedTwice c) -> !c.site().doubleReleaseIsFinding())
                    .thenComparing(Comparator.comparingLong((ClosedTwice c) -> c.twice().count()).reversed());

    /** "at a.B.c(B.java:1)", or what an empty release stack means. */
    private static String releasedAt(List<String> stack) {
        return stack.isEmpty() ? "without a close call (ended with its owner or found gone)"
                : "at " + oneLine(stack.get(0));
    }

    /** A stack's application frame, the one a line has room for. */
    private static String topFrame(List<String> stack) {
        return stack.isEmpty() ? "(no stack recorded)" : oneLine(stack.get(0));
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /**
     * Descriptions come from the application (file names may contain line breaks); flattening control characters
     * keeps the block structure intact and makes sure nothing can forge a second {@code SUMMARY:} line.
     */
    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                if (b == null) {
                    b = new StringBuilder(s.length()).append(s, 0, i);
                }
                b.append('?');
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
