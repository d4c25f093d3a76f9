package io.leakwatch.report;

import java.util.Objects;

/**
 * Hands out the {@link ReportFormat} for a {@link ReportFormatType}.
 *
 * <p>Thread-safe: the formats are stateless singletons shared by all callers.
 */
public final class ReportFormats {

    private ReportFormats() {
    }

    /** The format that writes {@code type}; never {@code null}. */
    public static ReportFormat of(ReportFormatType type) {
        Objects.requireNonNull(type, "type");
        switch (type) {
            case TEXT:
                return Text.FORMAT;
            case JSON:
                return Json.FORMAT;
            case HTML:
                return Html.FORMAT;
            default:
                // Only reachable if a constant is added without a writer; fail loudly rather than write the wrong form.
                throw new IllegalArgumentException("no writer for report format " + type);
        }
    }

    // Stateless, so one instance each serves every report. Each is made when first asked for, in a holder class of its
    // own: a JVM that writes a JSON report at exit does not initialize the HTML format (whose page policy hashes its
    // style and script, loading the JDK's security providers).

    private static final class Text {
        static final ReportFormat FORMAT = new TextReportFormat();
    }

    private static final class Json {
        static final ReportFormat FORMAT = new JsonReportFormat();
    }

    private static final class Html {
        static final ReportFormat FORMAT = new HtmlReportFormat();
    }
}
