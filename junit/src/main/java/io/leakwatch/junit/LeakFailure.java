package io.leakwatch.junit;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link AssertionError} a leaking test fails with: a headline, the agent's report (shortened by
 * {@link ReportText}), notes about lingering
 * and concurrent tests; and, as its stack trace, the acquiring stack of the oldest leaked resource, so that an IDE or
 * Surefire's summary points at the line that opened it rather than at the extension.
 *
 * <p>Thread-safe (stateless).
 */
final class LeakFailure {
    private LeakFailure() {
    }

    /**
     * @param test        the test's display name
     * @param settings    what it was checked with
     * @param leaks       what it left
     * @param overlapping other checked tests that ran at the same time
     * @param parallel    whether JUnit's parallel execution is enabled
     * @param limits      the limits reached while it ran (the agent's messages), told to the extension as a listener
     */
    static AssertionError of(String test, CheckSettings settings, Leaks leaks, List<String> overlapping,
                             boolean parallel, List<String> limits) {
        int total = leaks.open() + leaks.leaked();
        StringBuilder m = new StringBuilder(leaks.report().length() + 512);
        m.append("leakwatch: test ").append(test).append(" left ").append(total)
         .append(total == 1 ? " resource" : " resources").append(" behind (").append(leaks.open()).append(" open, ")
         .append(leaks.leaked()).append(" leaked)");
        if (settings.lingerMillis() > 0) {
            m.append(", still there after lingering ").append(settings.lingerMillis()).append(" ms");
        }
        m.append("; close ").append(total == 1 ? "it" : "them").append(", or allow ")
         .append(total == 1 ? "it" : "them").append(" with @LeakCheck(allow = ...)\n");
        m.append(ReportText.forTest(leaks.report()));
        if (!limits.isEmpty()) {
            m.append("Limits reached while it ran:\n");
            for (String l : limits) {
                m.append("  ").append(l).append('\n');
            }
        }
        if (!overlapping.isEmpty()) {
            m.append("Note: ").append(overlapping.size()).append(overlapping.size() == 1 ? " other test" : " other tests")
             .append(" checked by leakwatch ran at the same time: ").append(String.join(", ", overlapping))
             .append(". A resource is blamed on every test running when it was acquired, whichever thread acquired")
             .append(" it, so these may be theirs. Run leak-checked tests one at a time: @Execution(SAME_THREAD),")
             .append(" @ResourceLock or @Isolated.\n");
        } else if (parallel) {
            m.append("Note: parallel execution is enabled (junit.jupiter.execution.parallel.enabled); a test that")
             .append(" leakwatch does not check may have run at the same time and acquired these.\n");
        }
        AssertionError e = new AssertionError(m.toString());
        StackTraceElement[] stack = parse(leaks.oldestStack());
        if (stack.length > 0) {
            e.setStackTrace(stack);
        }
        return e;
    }

    /** Frames in {@link StackTraceElement#toString()} form back to elements; frames that do not parse are left out. */
    static StackTraceElement[] parse(List<String> frames) {
        List<StackTraceElement> out = new ArrayList<>(frames.size());
        for (String f : frames) {
            StackTraceElement e = parse(f);
            if (e != null) {
                out.add(e);
            }
        }
        return out.toArray(new StackTraceElement[0]);
    }

    /** {@code [loader/][module@version/]pkg.Class.method(File.java:12)}, or {@code null}. */
    static StackTraceElement parse(String frame) {
        int open = frame.lastIndexOf('(');
        if (open <= 0 || !frame.endsWith(")")) {
            return null;
        }
        String qualified = frame.substring(frame.lastIndexOf('/', open) + 1, open);
        int dot = qualified.lastIndexOf('.');
        if (dot <= 0 || dot == qualified.length() - 1) {
            return null;
        }
        String where = frame.substring(open + 1, frame.length() - 1);
        String file = null;
        int line = -1;
        if (where.equals("Native Method")) {
            line = -2;
        } else if (!where.equals("Unknown Source")) {
            int colon = where.lastIndexOf(':');
            file = colon < 0 ? where : where.substring(0, colon);
            if (colon >= 0) {
                try {
                    line = Integer.parseInt(where.substring(colon + 1));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return new StackTraceElement(qualified.substring(0, dot), qualified.substring(dot + 1), file, line);
    }
}
