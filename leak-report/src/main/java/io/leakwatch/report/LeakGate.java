package io.leakwatch.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The CI gate's decision on a report: which of its unreleased resources fail a build, and the one line per site a
 * build log shows for them. Shared by the command line's {@code check} and the Maven plugin's {@code check} goal, so
 * that both judge and word a report the same way.
 *
 * <p>Thread-safe: stateless; reports are immutable.
 */
public final class LeakGate {

    /** Which unreleased resources fail the gate. */
    public enum FailOn {
        /** Open and leaked resources alike: what a test left behind, reachable or not. */
        ANY("any"),
        /** Only resources that became unreachable while open (found by a collection). */
        LEAKED("leaked");

        private final String label;

        FailOn(String label) {
            this.label = label;
        }

        /** The value as options and parameters write it. */
        public String label() {
            return label;
        }

        /**
         * The value named {@code label}, in any case.
         *
         * @throws IllegalArgumentException naming the valid values
         */
        public static FailOn fromLabel(String label) {
            String l = label == null ? "" : label.strip().toLowerCase(Locale.ROOT);
            for (FailOn f : values()) {
                if (f.label.equals(l)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("'" + label + "' is not a failOn value; valid: any, leaked");
        }

        /** Whether a resource in {@code state} counts against the gate. */
        public boolean counts(ResourceState state) {
            return this == ANY || state == ResourceState.LEAKED;
        }
    }

    /**
     * The gate's decision.
     *
     * @param passed  whether the report is within the allowance
     * @param failing how many resources count against the gate (from the exact counters)
     * @param sites   the sites of those resources, largest first
     */
    public record Verdict(boolean passed, long failing, List<SiteEntry> sites) {
        public Verdict {
            sites = List.copyOf(sites);
        }
    }

    private LeakGate() {
    }

    /** Judges {@code report}: it passes when at most {@code max} of its resources count under {@code failOn}. */
    public static Verdict judge(LeakReport report, FailOn failOn, long max) {
        long failing = report.total(ResourceState.LEAKED)
                       + (failOn == FailOn.ANY ? report.total(ResourceState.OPEN) : 0);
        List<SiteEntry> sites = new ArrayList<>();
        for (SiteEntry s : report.sites()) {
            if (failOn.counts(s.state())) {
                sites.add(s);
            }
        }
        return new Verdict(failing <= max, failing, sites);
    }

    /**
     * One site as a line of a build log: {@code 20 open file at a.B.c(B.java:1) in test a.BTest.reads; suppress
     * with: file:a.B.c}.
     * Descriptions and frames come from the report, which may come from anywhere: control characters become
     * {@code ?}.
     */
    public static String siteLine(SiteEntry s) {
        return siteLine(s, true);
    }

    /** {@link #siteLine(SiteEntry)}, without the test when {@code withTest} is false (a log grouped by test). */
    public static String siteLine(SiteEntry s, boolean withTest) {
        StringBuilder b = new StringBuilder();
        b.append(s.count()).append(' ').append(s.state().label()).append(' ').append(safe(s.kind()));
        if (s.bytes() >= 0) {
            b.append(" (").append(Bytes.format(s.bytes())).append(')');
        }
        b.append(" at ").append(s.stack().isEmpty() ? "(no stack recorded)" : safe(s.stack().get(0)));
        if (withTest && s.test() != null) {
            b.append(" in test ").append(safe(s.test()));
        }
        SuppressionRule.suggestFor(s.kind(), s.stack()).ifPresent(r -> b.append("; suppress with: ").append(safe(r)));
        return b.toString();
    }

    /**
     * The sites grouped by the test that acquired them, for a log: by test class (in the order of each class's largest
     * site), then by method ({@code ""} for the class's own set-up); sites acquired while no test ran come last,
     * under the class {@code ""}.
     */
    public static java.util.Map<String, java.util.Map<String, List<SiteEntry>>> byTest(List<SiteEntry> sites) {
        java.util.Map<String, java.util.Map<String, List<SiteEntry>>> out = new java.util.LinkedHashMap<>();
        List<SiteEntry> outside = new ArrayList<>();
        for (SiteEntry s : sites) {
            if (s.test() == null) {
                outside.add(s);
                continue;
            }
            int hash = s.test().indexOf('#');
            String cls = hash < 0 ? s.test() : s.test().substring(0, hash);
            String method = hash < 0 ? "" : s.test().substring(hash + 1);
            out.computeIfAbsent(cls, c -> new java.util.LinkedHashMap<>())
               .computeIfAbsent(method, m -> new ArrayList<>()).add(s);
        }
        if (!outside.isEmpty()) {
            out.put("", new java.util.LinkedHashMap<>(java.util.Map.of("", outside)));
        }
        return out;
    }

    /** Untrusted text for one console line: control characters, terminal escapes included, become {@code ?}. */
    public static String safe(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.toString();
    }
}
