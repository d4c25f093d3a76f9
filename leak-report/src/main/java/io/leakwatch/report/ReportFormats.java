package io.leakwatch.report;

import java.util.Objects;

/**
 * Hands out the {@link ReportFormat} for a {@link ReportFormatType}.
 *
 * <p>Thread-safe: the formats are stateless singletons shared by all callers.
 */
public final class ReportFormats {

    // Stateless, so one instance each serves every report; nothing is allocated per lookup.
    private static final ReportFormat TEXT = new TextReportFormat();
    private static final ReportFormat JSON = new JsonReportFormat();
    private static final ReportFormat HTML = new HtmlReportFormat();

    private ReportFormats() {
    }

    /** The format that writes {@code type}; never {@code null}. */
    public static ReportFormat of(ReportFormatType type) {
        Objects.requireNonNull(type, "type");
        switch (type) {
            case TEXT:
                return TEXT;
            case JSON:
                return JSON;
            case HTML:
                return HTML;
            default:
                // Only reachable if a constant is added without a writer; fail loudly rather than write the wrong form.
                throw new IllegalArgumentException("no writer for report format " + type);
        }
    }
}
