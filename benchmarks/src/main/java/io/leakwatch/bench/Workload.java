package io.leakwatch.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One benchmark workload, run in its own JVM by {@link BenchmarkRunner}; prints one {@code RESULT <value>} line.
 *
 * <p>Workloads: {@code fis} (FileInputStream open, read 4 KiB, close), {@code nio} (the same through
 * {@code Files.newInputStream}), {@code fis-2t} (fis on two threads at once; the value is nanoseconds per operation
 * per thread), and {@code heap} (bytes of heap per open FileInputStream, 19,000 held open from one site, opened at
 * the given stack depth), {@code hikari} (borrow a connection from a HikariCP pool over H2 in memory and return it)
 * and {@code pool} (create a fixed thread pool of 4 and shut it down, no task run: the pure cost of the pool's
 * creation and shutdown, which the agent instruments), and the realistic forms of both: {@code hikari-query}
 * (borrow, run {@code SELECT 1}, return) and {@code pool-task} (a one-thread pool runs one task, is shut down and
 * awaited), {@code thread} (start a platform thread that does nothing and join it: what the {@code thread} kind
 * adds to a start), and {@code live} (the live view with 100,000 resources open: see {@link LiveViewWorkload}).
 *
 * <p>Usage: {@code java [-javaagent:...] -cp benchmarks/target/classes io.leakwatch.bench.Workload <name> <millis> [depth]}
 *
 * <p>Not thread-safe: a command-line program; {@code fis-2t} runs its two threads on separate state.
 */
public final class Workload {
    private static volatile long sink;

    private Workload() {
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        long millis = Long.parseLong(args[1]);
        int depth = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        File file = File.createTempFile("leakwatch-bench", ".dat");
        file.deleteOnExit();
        Files.write(file.toPath(), new byte[4096]);
        double result;
        switch (name) {
            case "fis":
                result = timed(() -> fis(file), millis);
                break;
            case "nio":
                result = timed(() -> nio(file.toPath()), millis);
                break;
            case "fis-2t":
                result = twoThreads(file, millis);
                break;
            case "heap":
                result = heapPerResource(file, 19_000, depth);
                break;
            case "hikari":
                result = hikari(millis);
                break;
            case "hikari-held":
                result = hikariHeld(millis);
                break;
            case "hikari-query":
                result = hikariQuery(millis);
                break;
            case "pool":
                result = timed(Workload::pool, millis);
                break;
            case "pool-task":
                result = timed(Workload::poolTask, millis);
                break;
            case "thread":
                result = timed(Workload::thread, millis);
                break;
            case "live":
                // prints its own lines; depth is the number of open resources
                LiveViewWorkload.run(depth > 0 ? depth : 100_000);
                return;
            default:
                throw new IllegalArgumentException("unknown workload " + name
                                                   + "; valid: fis, nio, fis-2t, heap, hikari, hikari-held, hikari-query, pool, pool-task, "
                                                   + "thread, live");
        }
        System.out.println("RESULT " + result);
    }

    interface Op {
        void run() throws IOException;
    }

    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[4096]);

    static void fis(File file) throws IOException {
        try (FileInputStream in = new FileInputStream(file)) {
            sink += in.read(BUFFER.get());
        }
    }

    static void nio(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            sink += in.read(BUFFER.get());
        }
    }

    /** The last pool made: a real pool escapes its creating method (escape analysis must not remove it). */
    private static volatile ExecutorService lastPool;

    static void pool() {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        lastPool = pool;
        pool.shutdown();
    }

    /** A platform thread started and joined; its task does nothing. */
    static void thread() throws IOException {
        Thread t = new Thread(() -> sink++);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    /** A fixed pool that runs one task: created, used, shut down and awaited, as pool-per-request code does. */
    static void poolTask() throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(1);
        lastPool = pool;
        pool.execute(() -> sink++);
        pool.shutdown();
        try {
            pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    /**
     * The last connection borrowed by {@code hikari-held}: a plain field, as a framework binds the connection to the
     * transaction (no fence of its own).
     */
    private static Connection lastConnection;

    /**
     * Borrow and return, the connection handed to the application's code in between (here a field). In the bare
     * {@code hikari} loop the proxy never leaves the loop, and JDK 25's JIT then removes the lock HikariCP's
     * {@code close} takes on it; a connection that is used anywhere else keeps that lock, with or without the agent.
     * A method of its own rather than a flag on {@link #hikari}: the bare loop stays the code its history measured.
     */
    private static double hikariHeld(long millis) throws Exception {
        try (HikariDataSource pool = hikariPool()) {
            return timed(() -> {
                try (Connection c = pool.getConnection()) {
                    lastConnection = c;
                    sink += c.hashCode();
                } catch (SQLException e) {
                    throw new IOException(e);
                }
            }, millis);
        }
    }

    private static double hikariQuery(long millis) throws Exception {
        try (HikariDataSource pool = hikariPool()) {
            return timed(() -> {
                try (Connection c = pool.getConnection();
                     java.sql.Statement s = c.createStatement();
                     java.sql.ResultSet rs = s.executeQuery("SELECT 1")) {
                    rs.next();
                    sink += rs.getInt(1);
                } catch (SQLException e) {
                    throw new IOException(e);
                }
            }, millis);
        }
    }

    private static HikariDataSource hikariPool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
        config.setPassword("");
        config.setMinimumIdle(2);
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }

    private static double hikari(long millis) throws Exception {
        try (HikariDataSource pool = hikariPool()) {
            return timed(() -> {
                try (Connection c = pool.getConnection()) {
                    sink += c.hashCode();
                } catch (SQLException e) {
                    throw new IOException(e);
                }
            }, millis);
        }
    }

    /** Warms up for a third of the time, then returns nanoseconds per operation over the rest. */
    private static double timed(Op op, long millis) throws IOException {
        long warmEnd = System.nanoTime() + millis * 1_000_000L / 3;
        while (System.nanoTime() < warmEnd) {
            for (int i = 0; i < 100; i++) {
                op.run();
            }
        }
        long ops = 0;
        long start = System.nanoTime();
        long end = start + millis * 2_000_000L / 3;
        long now;
        do {
            for (int i = 0; i < 100; i++) {
                op.run();
            }
            ops += 100;
        } while ((now = System.nanoTime()) < end);
        return (now - start) / (double) ops;
    }

    private static double twoThreads(File file, long millis) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        AtomicLong total = new AtomicLong();
        double[] perThread = new double[2];
        Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                try {
                    start.await();
                    perThread[id] = timed(() -> fis(file), millis);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            threads[t].start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        total.set(0);
        return (perThread[0] + perThread[1]) / 2;
    }

    /** Heap after a full collection with {@code n} streams held open, minus before, per stream. */
    private static double heapPerResource(File file, int n, int depth) throws Exception {
        FileInputStream[] held = new FileInputStream[n];
        fis(file); // load and link everything the loop uses before the first measurement
        long before = usedAfterGc();
        openAt(depth, held, file);
        long after = usedAfterGc();
        double per = (after - before) / (double) n;
        for (FileInputStream in : held) {
            in.close();
        }
        return per;
    }

    private static void openAt(int depth, FileInputStream[] held, File file) throws IOException {
        if (depth > 0) {
            openAt(depth - 1, held, file);
            return;
        }
        for (int i = 0; i < held.length; i++) {
            held[i] = new FileInputStream(file);
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
