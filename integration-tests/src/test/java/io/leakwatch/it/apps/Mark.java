package io.leakwatch.it.apps;

/**
 * Tells the test, on stdout, where the scenario's next acquiring call is and which values (ports, pids) it met.
 *
 * <p>Convention used by every scenario: {@code Mark.next("name")} stands alone on the line right before the acquiring
 * statement, which fits on one line. The test then expects {@code stack[0]} of that resource to be exactly the
 * printed frame (class, method, file and line, in {@link StackTraceElement#toString()} form).
 */
public final class Mark {
    private Mark() {
    }

    /** Prints {@code SITE <name> <frame of the caller's next line>}. */
    public static void next(String name) {
        StackTraceElement caller = new Throwable().getStackTrace()[1];
        StackTraceElement next = new StackTraceElement(caller.getClassName(), caller.getMethodName(),
                                                       caller.getFileName(), caller.getLineNumber() + 1);
        System.out.println("SITE " + name + " " + next);
    }

    /** Prints {@code VAL <key> <value>}. */
    public static void val(String key, Object value) {
        System.out.println("VAL " + key + " " + value);
    }
}
