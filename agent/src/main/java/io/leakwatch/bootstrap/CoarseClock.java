package io.leakwatch.bootstrap;

/**
 * The wall clock at {@value #RESOLUTION_MILLIS} ms resolution, for acquisition times. Reading
 * {@code System.currentTimeMillis()} costs about 30 ns here, as much as the rest of recording a pooled connection's
 * borrow; reading this clock costs a volatile read. A daemon thread ({@code leakwatch-clock}) advances it; until that
 * thread runs (a registry used without the agent, in tests), the real clock is read.
 *
 * <p>Thread-safe.
 */
final class CoarseClock implements Runnable {
    static final long RESOLUTION_MILLIS = 5;
    private static volatile long now;
    private static volatile boolean running;

    private CoarseClock() {
    }

    /** Milliseconds since the epoch, at most {@value #RESOLUTION_MILLIS} ms behind (more if the machine stalls). */
    static long millis() {
        return running ? now : System.currentTimeMillis();
    }

    /** Starts the clock thread (once; later calls do nothing). */
    static synchronized void start() {
        if (running) {
            return;
        }
        now = System.currentTimeMillis();
        Thread t = new Thread(new CoarseClock(), "leakwatch-clock");
        t.setDaemon(true);
        t.start();
        running = true;
    }

    @Override
    public void run() {
        try {
            while (true) {
                now = System.currentTimeMillis();
                Thread.sleep(RESOLUTION_MILLIS);
            }
        } catch (Throwable stopped) {
            // interrupted by someone tearing down threads: fall back to the real clock
            running = false;
        }
    }
}
