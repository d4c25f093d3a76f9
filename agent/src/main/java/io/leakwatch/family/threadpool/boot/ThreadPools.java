package io.leakwatch.family.threadpool.boot;

import io.leakwatch.bootstrap.KindRules;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Describes thread pools: at creation, what they are (class, sizes, thread name prefix), and at a report, what they
 * hold now (live threads, queued tasks). Only public {@code java.util.concurrent} API is called, except for the name
 * prefix of the JDK's default thread factory, read through {@code java.util.concurrent} opened to the agent.
 *
 * <p>Also the family's {@link KindRules}: a pool is described by its shape and what it holds now, and one dropped before
 * it ever started a thread held nothing.
 *
 * <p>Thread-safe. A description is best effort: any failure yields a shorter one, never an error.
 */
final class ThreadPools implements KindRules {
    ThreadPools() {
    }

    @Override
    public String describe(Object detail, int flags, Object resource) {
        return resource == null ? String.valueOf(detail) : describeNow(String.valueOf(detail), resource);
    }

    @Override
    public boolean heldNothing(Object detail) {
        return neverStartedAThread(detail);
    }

    /**
     * What a pool is, read at creation (a few field reads, no formatting: creating a pool is a hot path in
     * pool-per-request code); {@link Shape#toString()} formats it when a report asks.
     */
    static Object describeAtCreation(Object pool) {
        try {
            if (pool instanceof ThreadPoolExecutor) {
                ThreadPoolExecutor tpe = (ThreadPoolExecutor) pool;
                return new Shape(pool.getClass().getName(), tpe.getCorePoolSize(), tpe.getMaximumPoolSize(),
                                 prefixOf(tpe.getThreadFactory()), false);
            }
            if (pool instanceof ForkJoinPool) {
                return new Shape(pool.getClass().getName(), ((ForkJoinPool) pool).getParallelism(), 0, null, true);
            }
        } catch (Throwable ignored) {
            // a subclass overriding a getter badly: the class name is description enough
        }
        return pool.getClass().getName();
    }

    /**
     * Whether a pool described by {@code detail} (from {@link #describeAtCreation}) is a {@code ThreadPoolExecutor}
     * that never started a thread. Only those are told (see {@link #startedAThread}); any other pool counts as one
     * that did.
     */
    static boolean neverStartedAThread(Object detail) {
        return detail instanceof Shape && !((Shape) detail).forkJoin && !((Shape) detail).startedThread;
    }

    /** The pool described by {@code detail} started a thread. */
    static void startedAThread(Object detail) {
        if (detail instanceof Shape) {
            ((Shape) detail).startedThread = true;
        }
    }

    /**
     * A pool's class and sizes, and whether it ever started a thread. Thread-safe: the description is immutable; the
     * flag is set once, by the thread that starts the pool's first worker, and read when the pool is found dropped.
     */
    static final class Shape {
        final String type;
        final int core;
        final int max;
        final String prefix;
        final boolean forkJoin;
        volatile boolean startedThread;

        Shape(String type, int core, int max, String prefix, boolean forkJoin) {
            this.type = type;
            this.core = core;
            this.max = max;
            this.prefix = prefix;
            this.forkJoin = forkJoin;
        }

        @Override
        public String toString() {
            if (forkJoin) {
                return type + " parallelism " + core;
            }
            String s = type + " core " + core + ", max " + max;
            return prefix == null ? s : s + ", thread names " + prefix + "N";
        }
    }

    /**
     * The creation-time description plus what the pool holds now. Never blocks: this runs in the exit hook, and a
     * pool's {@code terminated()} may call {@code System.exit} while holding the pool's main lock, so the lock is only
     * tried; and only the JDK's own queues are asked for their size (an application's queue may do anything).
     */
    static String describeNow(String atCreation, Object pool) {
        try {
            if (pool instanceof ThreadPoolExecutor) {
                ThreadPoolExecutor tpe = (ThreadPoolExecutor) pool;
                ReentrantLock mainLock = MainLock.of(tpe);
                if (mainLock == null || !mainLock.tryLock()) {
                    return atCreation;
                }
                int threads;
                try {
                    threads = tpe.getPoolSize();
                } finally {
                    mainLock.unlock();
                }
                BlockingQueue<Runnable> queue = tpe.getQueue();
                String queued = queue.getClass().getName().startsWith("java.util.concurrent.")
                    ? queue.size() + " queued tasks" : "queue " + queue.getClass().getName();
                return atCreation + "; " + threads + " live threads, " + queued;
            }
            if (pool instanceof ForkJoinPool) {
                ForkJoinPool fjp = (ForkJoinPool) pool;
                return atCreation + "; " + fjp.getPoolSize() + " live threads, "
                       + (fjp.getQueuedSubmissionCount() + fjp.getQueuedTaskCount()) + " queued tasks";
            }
        } catch (Throwable ignored) {
            // as at creation
        }
        return atCreation;
    }

    /** ThreadPoolExecutor.mainLock (JDK 17 to 25), resolved on first use. */
    private static final class MainLock {
        static final VarHandle MAIN_LOCK;

        static {
            VarHandle h = null;
            try {
                h = MethodHandles.privateLookupIn(ThreadPoolExecutor.class, MethodHandles.lookup())
                    .findVarHandle(ThreadPoolExecutor.class, "mainLock", ReentrantLock.class);
            } catch (Throwable unavailable) {
                h = null;
            }
            MAIN_LOCK = h;
        }

        static ReentrantLock of(ThreadPoolExecutor tpe) {
            return MAIN_LOCK == null ? null : (ReentrantLock) MAIN_LOCK.get(tpe);
        }
    }

    private static String prefixOf(ThreadFactory factory) {
        if (factory != null && DefaultFactory.TYPE != null && factory.getClass() == DefaultFactory.TYPE) {
            return (String) DefaultFactory.NAME_PREFIX.get(factory);
        }
        return null;
    }

    /** Executors.DefaultThreadFactory's name prefix ({@code pool-3-thread-}), resolved on first use. */
    private static final class DefaultFactory {
        static final Class<?> TYPE;
        static final VarHandle NAME_PREFIX;

        static {
            Class<?> type = null;
            VarHandle prefix = null;
            try {
                type = Class.forName("java.util.concurrent.Executors$DefaultThreadFactory");
                prefix = MethodHandles.privateLookupIn(type, MethodHandles.lookup())
                    .findVarHandle(type, "namePrefix", String.class);
            } catch (Throwable unavailable) {
                type = null;
            }
            TYPE = type;
            NAME_PREFIX = prefix;
        }
    }
}
