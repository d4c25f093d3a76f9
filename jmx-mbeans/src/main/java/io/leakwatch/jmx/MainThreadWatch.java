package io.leakwatch.jmx;

/**
 * Tells when the application's {@code main} has started, by looking at the stack of the thread that ran
 * {@code premain} (the launcher's main thread).
 *
 * <p>Why: creating the platform MBeanServer initializes {@code java.util.logging.LogManager} (the platform logging
 * MXBean) and reads {@code javax.management.builder.initial}. Done in {@code premain}, before {@code main}, it would
 * fix both before the application had a chance to choose its own (an application that sets
 * {@code java.util.logging.manager} or its MBeanServer builder in {@code main}, or whose log manager needs its own
 * set-up first, would get the JDK's). So the live view waits until {@code main} runs, then a little longer.
 *
 * <p>Thread-safe (stateless).
 */
final class MainThreadWatch {
    private MainThreadWatch() {
    }

    /**
     * Whether {@code main} has started on {@code launcher}: the thread ended (main returned), or its bottom frame is
     * a method named {@code main} and no agent's {@code premain} is on its stack. While the launcher loads and
     * initializes the main class (its static initializer: bottom frame {@code <clinit>}), it has not.
     */
    static boolean started(Thread launcher) {
        if (launcher == null || !launcher.isAlive()) {
            return true;
        }
        StackTraceElement[] stack = launcher.getStackTrace();
        if (stack.length == 0) {
            return false;
        }
        for (StackTraceElement e : stack) {
            if (e.getClassName().startsWith("sun.instrument.")) {
                // still in premain (leakwatch's or another agent's)
                return false;
            }
        }
        StackTraceElement bottom = stack[stack.length - 1];
        return bottom.getMethodName().equals("main") && !bottom.getClassName().startsWith("sun.launcher.");
    }

    /**
     * Waits until {@link #started}, checking every {@code checkMillis}; gives up waiting after {@code maxMillis}
     * (a JVM whose launcher thread never runs a {@code main}, e.g. one embedded through JNI).
     */
    static void await(Thread launcher, long checkMillis, long maxMillis) throws InterruptedException {
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        while (!started(launcher) && System.nanoTime() < deadline) {
            Thread.sleep(checkMillis);
        }
    }
}
