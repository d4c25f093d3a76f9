package io.leakwatch.it.apps;

import java.lang.reflect.Method;
import java.net.http.HttpClient;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Thread pool scenarios (kind {@code threadpool}).
 *
 * <pre>
 * apis open|closed       every pool API once, each from its own method (distinct sites); closed: shut down with
 *                        shutdown(), shutdownNow(), close() (try-with-resources, JDK 19+) or all of them
 * dropped                pools dropped without shutdown: threadless ones, single-thread executors that ran a task,
 *                        pools whose live worker threads keep them reachable
 * dropped-unused         pools dropped before they ever started a thread (a single-thread executor, whose wrapper
 *                        shuts it down from the JDK's finalizer or cleaner, and a plain one), and one that ran a task
 *                        and whose only thread ended before it was dropped
 * per-request-fixed      300 x newFixedThreadPool(2) running one task, never shut down, from one site
 * per-request-single     300 x newSingleThreadExecutor() running one task, dropped, until all are collected
 * jdk-owned              pools the JDK uses or makes for itself: common pool, parallel streams, CompletableFuture,
 *                        virtual threads, process reaper, asynchronous channel group, HTTP client
 * </pre>
 *
 * <p>Values printed: {@code cpus} (available processors), {@code prefix.<site>} (the name prefix, e.g.
 * {@code pool-7-thread-}, of a pool made with the JDK's default thread factory), {@code virtual-per-task} and
 * {@code thread-per-task} ({@code ran} on JDK 21+, {@code absent} before), {@code closeable} (whether an
 * ExecutorService is AutoCloseable, JDK 19+), {@code collected} (whether every dropped single-thread executor's
 * worker ended, i.e. its pool was shut down by the JDK's finalizer or cleaner).
 *
 * <p>Every run ends with {@code System.exit}: the pools left running have non-daemon threads that would keep the JVM
 * alive, and the agent's exit report runs in a shutdown hook.
 */
public final class ThreadPoolApis {
    public static final int REQUESTS = 300;
    /** Generous: a loaded machine may be slow to collect; an unloaded one takes well under a second. */
    static final long COLLECT_DEADLINE_MILLIS = 10_000;
    /** Blocks the first task of {@code tpe-factory} until its pool is shut down with shutdownNow(). */
    static final CountDownLatch NEVER = new CountDownLatch(1);
    /** Worker threads of pools the scenario dropped, to see when they end (holding a Thread keeps no pool alive). */
    static final List<Thread> DROPPED_WORKERS = new ArrayList<>();

    private ThreadPoolApis() {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            Mark.val("cpus", Runtime.getRuntime().availableProcessors());
            switch (args[0]) {
                case "apis":
                    Hold.mode(args[1]);
                    apis();
                    break;
                case "dropped":
                    dropped();
                    break;
                case "dropped-unused":
                    droppedUnused();
                    break;
                case "per-request-fixed":
                    perRequestFixed();
                    break;
                case "per-request-single":
                    perRequestSingle();
                    break;
                case "jdk-owned":
                    jdkOwned();
                    break;
                default:
                    throw new IllegalArgumentException(args[0]);
            }
            System.out.println("done");
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }

    // ---------------------------------------------------------------- apis

    static void apis() throws Exception {
        Mark.val("closeable", AutoCloseable.class.isAssignableFrom(ExecutorService.class));
        tpeConstructor();
        tpeConstructorWithFactory();
        tpeSubclass();
        stpeConstructor();
        fixed();
        fixedWithFactory();
        cached();
        single();
        singleWithFactory();
        scheduled();
        singleScheduled();
        unconfigurable();
        unconfigurableScheduled();
        forkJoin();
        forkJoinDefault();
        forkJoinWithTask();
        workStealing();
        workStealingParallelism();
        virtualPerTask();
        threadPerTask();
    }

    static void tpeConstructor() throws Exception {
        Mark.next("tpe-new");
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        prefix("tpe-new", runOne(pool));
        done(pool, "close");
    }

    static void tpeConstructorWithFactory() throws Exception {
        Mark.next("tpe-factory");
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(8), named("tpe-custom"));
        pool.execute(ThreadPoolApis::awaitNever); // the worker's first task: 1 live thread, never queued
        pool.execute(() -> { });
        pool.execute(() -> { });                  // 2 queued behind it
        done(pool, "shutdownNow");
    }

    /** The application's own subclass: its constructor's super(...) line is the first application frame. */
    static final class CountingPool extends ThreadPoolExecutor {
        final AtomicInteger started = new AtomicInteger();

        CountingPool(int core, int max) {
            super(core, max, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
            markPrevious("tpe-subclass");
        }

        @Override
        protected void beforeExecute(Thread t, Runnable r) {
            started.incrementAndGet();
        }
    }

    static void tpeSubclass() throws Exception {
        Mark.next("tpe-subclass-new");
        CountingPool pool = new CountingPool(3, 5);
        prefix("tpe-subclass", factoryThreadName(pool));
        done(pool, "shutdown");
    }

    static void stpeConstructor() throws Exception {
        Mark.next("stpe-new");
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1);
        prefix("stpe-new", factoryThreadName(pool));
        done(pool, "shutdown");
    }

    static void fixed() throws Exception {
        Mark.next("fixed");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        prefix("fixed", runOne(pool));
        done(pool, "all");
    }

    static void fixedWithFactory() throws Exception {
        Mark.next("fixed-factory");
        ExecutorService pool = Executors.newFixedThreadPool(2, named("fixed-custom"));
        done(pool, "shutdownNow");
    }

    static void cached() throws Exception {
        Mark.next("cached");
        ExecutorService pool = Executors.newCachedThreadPool();
        prefix("cached", runOne(pool));
        done(pool, "close");
    }

    static void single() throws Exception {
        Mark.next("single");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        prefix("single", runOne(pool));
        done(pool, "close");
    }

    static void singleWithFactory() throws Exception {
        Mark.next("single-factory");
        ExecutorService pool = Executors.newSingleThreadExecutor(named("single-custom"));
        done(pool, "shutdownNow");
    }

    static void scheduled() throws Exception {
        Mark.next("scheduled");
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(2);
        prefix("scheduled", runOne(pool));                               // starts worker 1, runs, leaves the queue
        ScheduledFuture<?> later = pool.schedule(() -> { }, 1, TimeUnit.HOURS); // starts worker 2, stays queued
        if (Hold.mode() == Hold.Mode.CLOSED) {
            later.cancel(false);
        }
        done(pool, "shutdownNow");
    }

    static void singleScheduled() throws Exception {
        Mark.next("single-scheduled");
        ScheduledExecutorService pool = Executors.newSingleThreadScheduledExecutor();
        prefix("single-scheduled", runOne(pool));
        ScheduledFuture<?> later = pool.schedule(() -> { }, 1, TimeUnit.HOURS);
        if (Hold.mode() == Hold.Mode.CLOSED) {
            later.cancel(false); // a cancelled task does not hold up termination: close() returns at once
        }
        done(pool, "close");
    }

    static void unconfigurable() throws Exception {
        Mark.next("unconfigurable");
        ExecutorService pool = Executors.unconfigurableExecutorService(Executors.newFixedThreadPool(3));
        prefix("unconfigurable", runOne(pool));
        done(pool, "shutdown");
    }

    static void unconfigurableScheduled() throws Exception {
        Mark.next("unconfigurable-scheduled");
        ScheduledExecutorService pool = Executors.unconfigurableScheduledExecutorService(Executors.newScheduledThreadPool(1));
        prefix("unconfigurable-scheduled", runOne(pool));
        done(pool, "close");
    }

    static void forkJoin() throws Exception {
        Mark.next("fork-join");
        ForkJoinPool pool = new ForkJoinPool(3);
        done(pool, "close");
    }

    static void forkJoinDefault() throws Exception {
        Mark.next("fork-join-default");
        ForkJoinPool pool = new ForkJoinPool();
        done(pool, "shutdownNow");
    }

    static void forkJoinWithTask() throws Exception {
        Mark.next("fork-join-task");
        ForkJoinPool pool = new ForkJoinPool(1);
        runOne(pool); // parallelism 1: exactly one worker, idle afterwards
        done(pool, "shutdown");
    }

    static void workStealing() throws Exception {
        Mark.next("work-stealing");
        ExecutorService pool = Executors.newWorkStealingPool();
        done(pool, "shutdown");
    }

    static void workStealingParallelism() throws Exception {
        Mark.next("work-stealing-4");
        ExecutorService pool = Executors.newWorkStealingPool(4);
        done(pool, "close");
    }

    /** JDK 21+: {@code Executors.newVirtualThreadPerTaskExecutor()}, by reflection (compiled for 17). */
    static void virtualPerTask() throws Exception {
        Method factory = executorsMethod("newVirtualThreadPerTaskExecutor");
        Mark.val("virtual-per-task", factory == null ? "absent" : "ran");
        if (factory == null) {
            return;
        }
        Mark.next("virtual-per-task");
        ExecutorService pool = (ExecutorService) factory.invoke(null);
        runOne(pool); // a virtual thread: the JDK's scheduler pool is made now, and must not be listed
        done(pool, "close");
    }

    /** JDK 21+: {@code Executors.newThreadPerTaskExecutor(ThreadFactory)}, by reflection. */
    static void threadPerTask() throws Exception {
        Method factory = executorsMethod("newThreadPerTaskExecutor", ThreadFactory.class);
        Mark.val("thread-per-task", factory == null ? "absent" : "ran");
        if (factory == null) {
            return;
        }
        ThreadFactory threads = named("per-task");
        Mark.next("thread-per-task");
        ExecutorService pool = (ExecutorService) factory.invoke(null, threads);
        runOne(pool);
        done(pool, "shutdown");
    }

    // ---------------------------------------------------------------- dropped

    static void dropped() throws Exception {
        droppedThreadless();
        droppedForkJoin();
        droppedSingle();
        droppedSingleWithFactory();
        droppedFixed();
        droppedSingleScheduled();
        Mark.val("collected", awaitDroppedWorkers());
        Hold.collect();
    }

    static void droppedUnused() throws Exception {
        Mark.next("unused-single");
        Executors.newSingleThreadExecutor();
        Mark.next("unused-tpe");
        new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        droppedAfterItsThreadEnded();
        // the single-thread executor's pool is shut down by the JDK's finalizer or cleaner some time after a
        // collection: wait until the agent's MBean counts both unused pools (registered as this gets the server)
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        javax.management.ObjectName bean = new javax.management.ObjectName("io.leakwatch:type=LeakWatch");
        long unused = -1;
        for (long deadline = System.currentTimeMillis() + COLLECT_DEADLINE_MILLIS;
             System.currentTimeMillis() < deadline; ) {
            System.gc();
            Thread.sleep(100);
            if (server.isRegistered(bean)) {
                unused = (Long) server.getAttribute(bean, "UnusedPoolCount");
                if (unused == 2) {
                    break;
                }
            }
        }
        Mark.val("unused-mbean", unused);
        Hold.collect();
    }

    /** A pool whose one thread ran a task and timed out before the pool was dropped: it held a thread, so it leaked. */
    static void droppedAfterItsThreadEnded() throws Exception {
        Mark.next("idle-then-dropped");
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, 1, 20, TimeUnit.MILLISECONDS, new SynchronousQueue<>());
        pool.submit(() -> { }).get();
        while (pool.getPoolSize() > 0) {
            Thread.sleep(10);
        }
    }

    static void droppedThreadless() {
        Mark.next("dropped-tpe");
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        prefix("dropped-tpe", factoryThreadName(pool));
    }

    static void droppedForkJoin() {
        Mark.next("dropped-fork-join");
        ForkJoinPool pool = new ForkJoinPool(2);
        pool.getParallelism();
    }

    static void droppedSingle() throws Exception {
        Mark.next("dropped-single");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        prefix("dropped-single", runOneDropped(pool));
    }

    static void droppedSingleWithFactory() throws Exception {
        Mark.next("dropped-single-factory");
        ExecutorService pool = Executors.newSingleThreadExecutor(named("dropped-custom"));
        runOneDropped(pool);
    }

    static void droppedFixed() throws Exception {
        Mark.next("dropped-fixed");
        ExecutorService pool = Executors.newFixedThreadPool(1);
        prefix("dropped-fixed", runOne(pool)); // its idle core thread keeps it reachable
    }

    static void droppedSingleScheduled() throws Exception {
        Mark.next("dropped-single-scheduled");
        ScheduledExecutorService pool = Executors.newSingleThreadScheduledExecutor();
        prefix("dropped-single-scheduled", runOne(pool)); // no finalizer or cleaner on this wrapper: stays running
    }

    // ---------------------------------------------------------------- pool per request

    static void perRequestFixed() throws Exception {
        Mark.next("per-request-fixed");
        for (int i = 0; i < REQUESTS; i++) runOne(Executors.newFixedThreadPool(2));
    }

    static void perRequestSingle() throws Exception {
        Mark.next("per-request-single");
        for (int i = 0; i < REQUESTS; i++) runOneDropped(Executors.newSingleThreadExecutor());
        Mark.val("collected", awaitDroppedWorkers());
        Hold.collect();
    }

    // ---------------------------------------------------------------- pools of the JDK

    static void jdkOwned() throws Exception {
        int common = ForkJoinPool.commonPool().submit(() -> 1).get(5, TimeUnit.SECONDS);
        long parallel = IntStream.range(0, 20_000).parallel().asLongStream().sum();
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            numbers.add(i);
        }
        int listSum = numbers.parallelStream().mapToInt(Integer::intValue).sum();
        int async = CompletableFuture.supplyAsync(() -> 2).get(5, TimeUnit.SECONDS);
        CountDownLatch delayed = new CountDownLatch(1);
        CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS).execute(delayed::countDown);
        boolean delayedRan = delayed.await(5, TimeUnit.SECONDS);
        String later = CompletableFuture.supplyAsync(() -> "late", CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS))
            .get(5, TimeUnit.SECONDS);
        Mark.val("jdk-owned.values", common + " " + parallel + " " + listSum + " " + async + " " + delayedRan + " " + later);

        Method startVirtual = threadMethod("startVirtualThread", Runnable.class);
        Mark.val("virtual-thread", startVirtual == null ? "absent" : "ran");
        if (startVirtual != null) {
            Thread vt = (Thread) startVirtual.invoke(null, (Runnable) () -> { });
            vt.join(5_000);
        }

        Process process = new ProcessBuilder("true").start(); // the process reaper's pool
        process.getOutputStream().close();
        process.getInputStream().close();
        process.getErrorStream().close();
        Mark.val("process.exit", process.onExit().get(5, TimeUnit.SECONDS).exitValue());

        try (AsynchronousServerSocketChannel server = AsynchronousServerSocketChannel.open()) { // default group's pool
            Mark.val("async-channel.open", server.isOpen());
        }

        HttpClient client = HttpClient.newHttpClient(); // its default executor
        Mark.val("http-client", client.version());
        Hold.keep(client);
    }

    // ---------------------------------------------------------------- helpers

    /** Keeps {@code pool} running (mode open) or releases it as {@code how} says (mode closed). */
    static void done(ExecutorService pool, String how) throws Exception {
        if (Hold.mode() == Hold.Mode.OPEN) {
            Hold.keep(pool);
            return;
        }
        if (Hold.mode() != Hold.Mode.CLOSED) {
            throw new IllegalStateException("mode " + Hold.mode());
        }
        switch (how) {
            case "shutdown":
                pool.shutdown();
                break;
            case "shutdownNow":
                pool.shutdownNow();
                break;
            case "close":
                close(pool);
                break;
            case "all": // releasing again is a no-op
                pool.shutdown();
                pool.shutdownNow();
                close(pool);
                pool.shutdown();
                break;
            default:
                throw new IllegalArgumentException(how);
        }
        if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
            throw new IllegalStateException("not terminated after " + how + ": " + pool);
        }
    }

    /** try-with-resources where an ExecutorService is AutoCloseable (JDK 19+), shutdown() before. */
    static void close(ExecutorService pool) throws Exception {
        if (pool instanceof AutoCloseable) {
            try (AutoCloseable closing = (AutoCloseable) pool) {
                closing.hashCode();
            }
        } else {
            pool.shutdown();
        }
    }

    /** Runs one task on {@code pool}, waits for it and returns the name of the thread that ran it. */
    static String runOne(ExecutorService pool) throws Exception {
        return pool.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
    }

    /** As {@link #runOne}, remembering the worker thread so {@link #awaitDroppedWorkers} can see it end. */
    static String runOneDropped(ExecutorService pool) throws Exception {
        Thread worker = pool.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
        DROPPED_WORKERS.add(worker);
        return worker.getName();
    }

    /**
     * Collects garbage until every remembered worker thread has ended, i.e. the JDK's finalizer (JDK 17) or cleaner
     * (JDK 21+) has shut down each dropped single-thread executor's pool; then lets that shutdown() call return.
     */
    static boolean awaitDroppedWorkers() throws InterruptedException {
        long start = System.currentTimeMillis();
        long deadline = start + COLLECT_DEADLINE_MILLIS;
        while (true) {
            boolean allEnded = true;
            for (Thread t : DROPPED_WORKERS) {
                allEnded &= !t.isAlive();
            }
            if (allEnded) {
                Mark.val("collected.millis", System.currentTimeMillis() - start);
                Thread.sleep(200);
                return true;
            }
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            System.gc();
            Thread.sleep(50);
        }
    }

    /** The name a thread of {@code pool}'s own factory gets (the thread is never started). */
    static String factoryThreadName(ThreadPoolExecutor pool) {
        return pool.getThreadFactory().newThread(() -> { }).getName();
    }

    /** Prints {@code VAL prefix.<site> pool-K-thread-} from a thread name {@code pool-K-thread-M}. */
    static void prefix(String site, String threadName) {
        Mark.val("prefix." + site, threadName.substring(0, threadName.lastIndexOf('-') + 1));
    }

    static ThreadFactory named(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> new Thread(r, name + "-" + n.incrementAndGet());
    }

    static void awaitNever() {
        try {
            NEVER.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutdownNow()
        }
    }

    /**
     * Prints {@code SITE <name> <frame of the caller's previous line>}: for a {@code super(...)} call, before which
     * no statement (no {@link Mark#next}) may stand.
     */
    static void markPrevious(String name) {
        StackTraceElement caller = new Throwable().getStackTrace()[1];
        StackTraceElement previous = new StackTraceElement(caller.getClassName(), caller.getMethodName(),
                                                           caller.getFileName(), caller.getLineNumber() - 1);
        System.out.println("SITE " + name + " " + previous);
    }

    static Method executorsMethod(String name, Class<?>... parameters) {
        try {
            return Executors.class.getMethod(name, parameters);
        } catch (NoSuchMethodException absentBeforeJdk21) {
            return null;
        }
    }

    static Method threadMethod(String name, Class<?>... parameters) {
        try {
            return Thread.class.getMethod(name, parameters);
        } catch (NoSuchMethodException absentBeforeJdk21) {
            return null;
        }
    }
}
