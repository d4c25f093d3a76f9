package io.leakwatch.report;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Suppression rules, as read from a suppression file, and their application to a report. Used by the agent's exit
 * gate ({@code suppressions=FILE}) and by the command line ({@code --suppressions FILE}).
 *
 * <p>The file holds one {@link SuppressionRule} a line, {@code kind:pattern}, like LeakSanitizer's {@code leak:}
 * lines; blank lines and lines starting with {@code #} are ignored:
 *
 * <pre>
 * # the cache keeps its files open on purpose
 * file:com.example.Cache.load
 * *:com.example.legacy.*
 * socket:*:5432
 * </pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Suppressions {

    /**
     * What a rule line looks like, for error messages; made when one is needed (the list of kinds is read from the
     * jar, which the agent's start should not pay for).
     */
    static String validLine() {
        return "write kind:pattern, kind one of *, " + Kinds.choices() + "; pattern a glob (* for any characters) "
               + "matching a stack frame's method or a description, e.g. file:com.example.Cache.load";
    }

    private static final Suppressions NONE = new Suppressions(List.of());

    private final List<SuppressionRule> rules;

    private Suppressions(List<SuppressionRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** No rules: {@link #apply} returns reports unchanged. */
    public static Suppressions none() {
        return NONE;
    }

    /** These rules. */
    public static Suppressions of(List<SuppressionRule> rules) {
        return new Suppressions(rules);
    }

    /**
     * Reads a suppression file (UTF-8).
     *
     * @throws ReportInputException naming the file (and the line, for a bad one) when it cannot be read or a line is
     *                              not a rule
     */
    public static Suppressions load(Path file) throws ReportInputException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ReportInputException(file + ": no such suppression file; give a text file of kind:pattern lines",
                                           e);
        } catch (CharacterCodingException e) {
            throw new ReportInputException(file + ": is not UTF-8 text; a suppression file holds kind:pattern lines", e);
        } catch (IOException e) {
            throw new ReportInputException(file + ": the suppression file cannot be read (" + e + ")", e);
        }
        return parse(text, file.toString());
    }

    /**
     * Parses rules from {@code text}; {@code source} names it in error messages.
     *
     * @throws ReportInputException for the first line that is not a rule, as {@code source:line: what is wrong; the
     *                              valid form}
     */
    public static Suppressions parse(String text, String source) throws ReportInputException {
        List<SuppressionRule> rules = new ArrayList<>();
        // a byte-order mark, as some Windows editors write, is not part of the first rule's kind
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] lines = body.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String at = source + ":" + (i + 1) + ": ";
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new ReportInputException(at + "'" + line + "' is not a rule (no ':'); " + validLine());
            }
            String kind = line.substring(0, colon).strip();
            String pattern = line.substring(colon + 1).strip();
            if (!kind.equals(SuppressionRule.ANY_KIND) && !Kinds.isKnown(kind)) {
                throw new ReportInputException(at + "'" + kind + "' is not a kind; " + validLine());
            }
            if (pattern.isEmpty()) {
                throw new ReportInputException(at + "'" + line + "' has no pattern; " + validLine());
            }
            rules.add(new SuppressionRule(kind, pattern));
        }
        return new Suppressions(rules);
    }

    /** The rules, in file order. */
    public List<SuppressionRule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Whether any rule silences {@code site}. */
    public boolean suppresses(SiteEntry site) {
        for (SuppressionRule r : rules) {
            if (r.matches(site)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The report without the sites a rule matches and without their resources.
     *
     * <p>Sites decide, since their counts are exact (the listed resources may be capped): a resource goes with its
     * site (same kind, state and stack). For each kind, {@code open} and {@code leaked} lose the suppressed sites'
     * counts and {@code acquired} loses them too, so that {@code acquired - released == open + leaked} still holds;
     * {@code bytes} loses the suppressed sites' bytes, and the per-device breakdown, which sites cannot be attributed
     * to, is dropped for a kind that lost any. {@link LeakReport#suppressed()} grows by the resources taken out.
     * The release sites are kept as they are.
     */
    public LeakReport apply(LeakReport report) {
        Objects.requireNonNull(report, "report");
        if (rules.isEmpty()) {
            return report;
        }
        List<SiteEntry> sites = new ArrayList<>();
        Set<SiteKey> removed = new HashSet<>();
        Map<String, Removed> perKind = new LinkedHashMap<>();
        long suppressed = 0;
        for (SiteEntry site : report.sites()) {
            if (suppresses(site)) {
                removed.add(new SiteKey(site.kind(), site.state(), site.stack()));
                perKind.computeIfAbsent(site.kind(), k -> new Removed()).add(site);
                suppressed += site.count();
            } else {
                sites.add(site);
            }
        }
        if (removed.isEmpty()) {
            return report;
        }
        List<ResourceEntry> resources = new ArrayList<>();
        for (ResourceEntry r : report.resources()) {
            if (!removed.contains(new SiteKey(r.kind(), r.state(), r.stack()))) {
                resources.add(r);
            }
        }
        Map<String, KindCounts> counts = new LinkedHashMap<>();
        for (Map.Entry<String, KindCounts> e : report.counts().entrySet()) {
            Removed gone = perKind.get(e.getKey());
            counts.put(e.getKey(), gone == null ? e.getValue() : gone.takenFrom(e.getValue()));
        }
        // release sites stay: they say where resources were closed, which a rule about what stays open does not cover
        return new LeakReport(report.createdAt(), report.reason(), report.jvm(), counts, resources, sites,
                              report.heldApart(), report.agentFailures(), report.suppressed() + suppressed,
                              report.releases(), report.history(), report.holdTimes());
    }

    @Override
    public String toString() {
        return rules.toString();
    }

    /** The identity of a site within one report. */
    private record SiteKey(String kind, ResourceState state, List<String> stack) {
    }

    /** What the suppressed sites of one kind held. Not thread-safe; used within one {@link #apply}. */
    private static final class Removed {
        long open;
        long leaked;
        long bytes;

        void add(SiteEntry site) {
            if (site.state() == ResourceState.OPEN) {
                open += site.count();
            } else {
                leaked += site.count();
            }
            bytes += Math.max(0, site.bytes());
        }

        KindCounts takenFrom(KindCounts c) {
            // Reports merged from several JVMs need not add up exactly; never let a counter go below zero.
            return new KindCounts(Math.max(0, c.open() - open), Math.max(0, c.leaked() - leaked), c.peak(),
                                  Math.max(0, c.acquired() - open - leaked), c.released(),
                                  c.bytes() < 0 ? -1 : Math.max(0, c.bytes() - bytes), List.of());
        }
    }
}
