package io.leakwatch.testsupport;

/**
 * Runs test code below a frame of "application" code: classes of the agent's packages are trimmed from stacks like
 * the agent's own, so a stack made only of them (and the JDK's) would count as the JVM's.
 */
public final class AppCode {
    private AppCode() {
    }

    /** Runs {@code r} on a new thread, below an application frame, and waits for it. */
    public static void onNewThread(Runnable r) throws InterruptedException {
        Thread t = new Thread(() -> run(r));
        t.start();
        t.join();
    }

    /** Starts {@code r} on a new thread below an application frame. */
    public static Thread start(Runnable r) {
        Thread t = new Thread(() -> run(r));
        t.start();
        return t;
    }

    public static void run(Runnable r) {
        r.run();
    }
}
