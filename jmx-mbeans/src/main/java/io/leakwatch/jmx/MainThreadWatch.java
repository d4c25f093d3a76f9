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
     * a method named {@code main}. While an agent's {@code premain} runs, the bottom frame is the JDK's
     * ({@code sun.instrument.InstrumentationImpl.loadClassAndCallPremain}); while the launcher loads and initializes
     * the main class, it is the launcher's or the static initializer. Only the bottom frame counts: once {@code main}
     * runs, frames of a class being transformed ({@code sun.instrument.}) above it must not keep the thread being
     * looked at, since every look is a stack walk of a thread that may be deep in native code (JDK 17's G1 has
     * crashed at exit after many of them in a JVM running JCuda's native libraries).
     */
    static boolean started(Thread launcher) {
        if (launcher == null || !launcher.isAlive()) {
            return true;
        }
        StackTraceElement[] stack = launcher.getStackTrace();
        if (stack.length == 0) {
            return false;
        }
        StackTraceElement bottom = stack[stack.length - 1];
        return bottom.getMethodName().equals("main") && !bottom.getClassName().startsWith("sun.launcher.")
               && !bottom.getClassName().startsWith("sun.instrument.");
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
