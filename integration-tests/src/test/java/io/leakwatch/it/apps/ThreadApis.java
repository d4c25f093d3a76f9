package io.leakwatch.it.apps;

import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;

/**
 * Thread and timer scenarios (kind {@code thread}), each from its own line.
 *
 * <pre>
 * lifecycle   joined; ended by itself, never joined; left running (not a daemon); a daemon left waiting; a pool's
 *             threads and a fork-join pool's (the pools are listed, their threads are not); a virtual thread left
 *             parked (JDK 21+, not tracked: VAL virtual); timers: cancelled, kept with a queued task, dropped with a
 *             periodic task (leaked), dropped idle (its thread ends: silent)
 * limit       limit.thread=2 with onlimit=fail: two threads, the third start refused (VAL refused); a pool's thread
 *             still starts (VAL pool-ran)
 * </pre>
 *
 * <p>Every run ends with {@code System.exit}: a thread left running would keep the JVM alive.
 */
public final class ThreadApis {
    private static final CountDownLatch NEVER = new CountDownLatch(1);

    private ThreadApis() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "lifecycle":
                lifecycle();
                break;
            case "limit":
                limit();
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
        Hold.collect();
        System.out.println("done");
        System.exit(0);
    }

    static void lifecycle() throws Exception {
        Thread joined = new Thread(ThreadApis::nothing, "joined");
        Mark.next("joined");
        joined.start();
        joined.join();

        Thread alone = new Thread(ThreadApis::nothing, "ended-alone");
        Mark.next("ended-alone");
        alone.start();
        while (alone.isAlive()) {
            Thread.sleep(5);
        }

        Thread running = new Thread(ThreadApis::sleepLong, "left-running");
        Mark.next("left-running");
        running.start();

        Thread daemon = new Thread(ThreadApis::waitForever, "daemon-waiting");
        daemon.setDaemon(true);
        Mark.next("daemon");
        daemon.start();

        Mark.next("pool");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        pool.submit(ThreadApis::nothing).get();
        Hold.keep(pool);
        Mark.next("fork-join");
        ForkJoinPool forkJoin = new ForkJoinPool(2);
        forkJoin.submit(ThreadApis::nothing).get();
        Hold.keep(forkJoin);

        Mark.val("virtual", startVirtual());

        Mark.next("timer-cancelled");
        Timer cancelled = new Timer("cancelled-timer");
        cancelled.schedule(task(), 60_000);
        cancelled.cancel();

        Mark.next("timer-kept");
        Timer kept = new Timer("kept-timer", true);
        kept.schedule(task(), 60_000);
        Hold.keep(kept);

        Mark.next("timer-dropped-periodic");
        new Timer("dropped-periodic", true).schedule(task(), 10, 10);

        Mark.next("timer-dropped-idle");
        new Timer("dropped-idle", true);
        // give the waiting threads time to reach their states
        Thread.sleep(200);
    }

    static void limit() throws Exception {
        for (int i = 0; i < 2; i++) {
            Thread t = new Thread(ThreadApis::waitForever, "limited-" + i);
            t.setDaemon(true);
            t.start();
        }
        Thread third = new Thread(ThreadApis::waitForever, "refused");
        third.setDaemon(true);
        try {
            third.start();
            Mark.val("refused", "no");
        } catch (OutOfMemoryError e) {
            Mark.val("refused", e.getMessage());
        }
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Mark.val("pool-ran", pool.submit(() -> "yes").get());
        pool.shutdown();
    }

    /** Starts a virtual thread left parked (JDK 21+), through reflection; says what it did. */
    private static String startVirtual() throws Exception {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> type = Class.forName("java.lang.Thread$Builder");
            type.getMethod("start", Runnable.class).invoke(builder, (Runnable) ThreadApis::waitForever);
            return "started";
        } catch (NoSuchMethodException e) {
            return "none";
        }
    }

    private static TimerTask task() {
        return new TimerTask() {
            @Override
            public void run() {
            }
        };
    }

    private static void nothing() {
    }

    private static void sleepLong() {
        try {
            Thread.sleep(120_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitForever() {
        try {
            NEVER.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
