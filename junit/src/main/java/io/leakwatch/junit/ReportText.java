package io.leakwatch.junit;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Shortens the agent's text report for a test failure: in each site's stack, the frames from the first one of
 * reflection or JUnit below the application's frames (how JUnit called the test: the same in every failure) are
 * replaced by one line saying how many were left out; the counter lines of kinds with nothing to report are
 * dropped; and so are the {@code suppress with:} lines, whose rules are for suppression files, not for
 * {@code @LeakCheck(allow = ...)}. Anything else, or a report in a form it does not recognize, is kept as it is.
 *
 * <p>Thread-safe (stateless).
 */
final class ReportText {
    /** Frames of the machinery that runs a test: reflection (JDK 17's and 18+'s) and JUnit itself. */
    private static final List<String> RUNNER_PREFIXES = List.of(
        "jdk.internal.reflect.", "java.lang.reflect.", "java.base/jdk.internal.reflect.", "java.base/java.lang.reflect.",
        "org.junit.");
    private static final Pattern FRAME = Pattern.compile(" {4}#(\\d+) (.*)");
    private static final String SUPPRESSION_RULE = "    suppress with: ";
    private static final Pattern EMPTY_COUNTS =
        Pattern.compile("[a-z]+: open 0( \\(0 B\\))?, leaked 0, peak 0, acquired 0, released 0");

    private ReportText() {
    }

    static String forTest(String report) {
        StringBuilder out = new StringBuilder(report.length());
        int leftOut = 0;
        for (String line : report.split("\n", -1)) {
            java.util.regex.Matcher frame = FRAME.matcher(line);
            boolean isFrame = frame.matches();
            if (isFrame && (leftOut > 0 || !frame.group(1).equals("0") && isRunner(frame.group(2)))) {
                leftOut++;
                continue;
            }
            if (line.startsWith(SUPPRESSION_RULE)) {
                continue;
            }
            if (leftOut > 0) {
                out.append("    (").append(leftOut).append(leftOut == 1 ? " frame" : " frames")
                   .append(" of reflection and JUnit left out)\n");
                leftOut = 0;
            }
            if (EMPTY_COUNTS.matcher(line).matches()) {
                continue;
            }
            out.append(line).append('\n');
        }
        // split(-1) gives a last, empty element for the final newline: one newline too many was appended
        return out.length() > 0 ? out.substring(0, out.length() - 1) : "";
    }

    private static boolean isRunner(String frame) {
        for (String p : RUNNER_PREFIXES) {
            if (frame.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
