package io.leakwatch.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The formats a {@link LeakReport} can be written in.
 *
 * <p>Immutable and thread-safe.
 */
public enum ReportFormatType {
    /** Human-readable, one block per acquisition site, like LeakSanitizer's report; ends with a {@code SUMMARY:} line. */
    TEXT,
    /** The {@code leakwatch-report/2} JSON contract that CI tools parse. */
    JSON,
    /** One self-contained HTML page (no fetches) with totals, sortable and filterable sites, stacks to expand. */
    HTML;

    /** The lower-case name used in options ({@code format=json}). */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The format named by an option value.
     *
     * @throws IllegalArgumentException naming the valid choices when {@code name} is none of them
     */
    public static ReportFormatType fromOptionName(String name) {
        for (ReportFormatType t : values()) {
            if (t.optionName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a report format; valid: " + choices());
    }

    /** The format a report path implies: JSON for {@code *.json}, HTML for {@code *.html} and {@code *.htm}, text otherwise. */
    public static ReportFormatType forPath(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.endsWith(".json")) {
            return JSON;
        }
        return p.endsWith(".html") || p.endsWith(".htm") ? HTML : TEXT;
    }

    /** The valid option names, comma separated. */
    public static String choices() {
        return Arrays.stream(values()).map(ReportFormatType::optionName).collect(Collectors.joining(", "));
    }
}
