package io.leakwatch.report;

import java.io.IOException;

/**
 * Input a tool was given cannot be used: a report file that is missing, malformed or of another format, a
 * suppression file with a bad line, or a trace file that is missing, not a trace, or has a malformed line. The message
 * is one line that names the input, says what is wrong with it and what would be valid, ready to print as it is.
 *
 * <p>Immutable and thread-safe.
 */
public final class ReportInputException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message one line: the input, what is wrong, what is valid (line breaks are flattened to spaces) */
    public ReportInputException(String message) {
        super(oneLine(message));
    }

    /** As {@link #ReportInputException(String)}, keeping the low-level cause for debugging. */
    public ReportInputException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    // Parser messages and file names can carry line breaks; a tool prints this message as its single error line.
    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n]+\\s*", " ");
    }
}
