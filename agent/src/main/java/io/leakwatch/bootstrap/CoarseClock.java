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
    /** Ticks between two runs of the slow tasks: about a second. */
    static final int SLOW_TICKS = 200;
    private static volatile long now;
    private static volatile boolean running;
    /** What runs every {@link #SLOW_TICKS} ticks, as the agent; copied on write. */
    private static volatile Runnable[] slowTasks = new Runnable[0];

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

    /**
     * Adds {@code task}, run on the clock's thread about every second (as the agent: what it opens is not tracked) until
     * it returns {@code false}: a check that costs a JVM nothing it needs no thread for (a recording started later).
     */
    static synchronized void everySecond(java.util.function.BooleanSupplier task) {
        Runnable[] now = slowTasks;
        Runnable[] more = java.util.Arrays.copyOf(now, now.length + 1);
        more[now.length] = new Runnable() {
            private boolean done;

            @Override
            public void run() {
                if (!done) {
                    done = !task.getAsBoolean();
                }
            }
        };
        slowTasks = more;
    }

    @Override
    public void run() {
        try {
            int ticks = 0;
            while (true) {
                now = System.currentTimeMillis();
                Thread.sleep(RESOLUTION_MILLIS);
                if (++ticks == SLOW_TICKS) {
                    ticks = 0;
                    runSlowTasks();
                }
            }
        } catch (Throwable stopped) {
            // interrupted by someone tearing down threads: fall back to the real clock
            running = false;
        }
    }

    private static void runSlowTasks() {
        ThreadState ts = ThreadState.current();
        ts.enter();
        try {
            for (Runnable r : slowTasks) {
                try {
                    r.run();
                } catch (Throwable t) {
                    // a missed check: the clock goes on
                }
            }
        } finally {
            ts.exit();
        }
    }
}
