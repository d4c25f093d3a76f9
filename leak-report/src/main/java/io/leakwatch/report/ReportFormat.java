package io.leakwatch.report;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes a {@link LeakReport} in one format.
 *
 * <p>Implementations are stateless and thread-safe. Obtain one with {@link ReportFormats#of(ReportFormatType)}.
 */
public interface ReportFormat {

    /** Writes {@code report} to {@code out}; does not close {@code out}. */
    void write(LeakReport report, Writer out) throws IOException;
}
