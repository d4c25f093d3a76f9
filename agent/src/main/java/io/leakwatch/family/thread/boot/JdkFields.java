package io.leakwatch.family.thread.boot;

import java.lang.reflect.Field;

/**
 * The JDK internals the {@code thread} family reads, resolved once: a thread's task ({@code Thread.target} on JDK 17,
 * {@code Thread.holder.task} from JDK 19), a timer's thread and queue ({@code Timer.thread}, {@code Timer.queue}), a
 * timer thread's queue ({@code TimerThread.queue}), and a task queue's size ({@code TaskQueue.size}). Checked against
 * JDK 17 and 25; {@code java.lang} and {@code java.util} are opened to the boot loader's code by the agent. A field
 * this JDK lacks reads as {@code null} (or as unknown): a missed rule, never an error.
 *
 * <p>Thread-safe: the fields are resolved in the holder classes' initializers.
 */
final class JdkFields {
    private static final String POOL_WORKER = "java.util.concurrent.ThreadPoolExecutor$Worker";
    private static final String TIMER_THREAD = "java.util.TimerThread";
    private static final String AGENT_LOADER = "io.leakwatch.agent.premain.AgentClassLoader";

    private JdkFields() {
    }

    /** Whether {@code thread} runs a {@code ThreadPoolExecutor}'s worker (the pool made it for itself). */
    static boolean isPoolWorker(Thread thread) {
        Object task = taskOf(thread);
        return task != null && task.getClass().getName().equals(POOL_WORKER);
    }

    /**
     * Whether {@code thread} is the agent's own: its class or its task's was loaded by the agent's private class
     * loader (the exit report's shutdown hook, the live view's threads).
     */
    static boolean isAgents(Thread thread) {
        Object task = taskOf(thread);
        return isAgents(thread.getClass()) || task != null && isAgents(task.getClass());
    }

    private static boolean isAgents(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader != null && loader.getClass().getName().equals(AGENT_LOADER);
    }

    /** Whether {@code thread} is one of the JDK's system threads ({@code jdk.internal.misc.InnocuousThread}). */
    static boolean isSystemThread(Thread thread) {
        return thread.getClass().getName().equals("jdk.internal.misc.InnocuousThread");
    }

    /** Whether {@code thread} is a {@code Timer}'s. */
    static boolean isTimerThread(Thread thread) {
        return thread.getClass().getName().equals(TIMER_THREAD);
    }

    /** The {@code Runnable} a thread was made with, or {@code null}. */
    private static Object taskOf(Thread thread) {
        if (ThreadTask.TARGET != null) {
            return read(ThreadTask.TARGET, thread);
        }
        Object holder = ThreadTask.HOLDER == null ? null : read(ThreadTask.HOLDER, thread);
        return holder == null || ThreadTask.TASK == null ? null : read(ThreadTask.TASK, holder);
    }

    /** A timer's thread, or {@code null}. */
    static Thread threadOf(Object timer) {
        Object t = TimerParts.THREAD == null ? null : read(TimerParts.THREAD, timer);
        return t instanceof Thread ? (Thread) t : null;
    }

    /** How many tasks a timer's queue holds, or -1 when unknown. */
    static int queuedTasksOf(Object timer) {
        Object queue = TimerParts.QUEUE == null ? null : read(TimerParts.QUEUE, timer);
        return sizeOf(queue);
    }

    /**
     * Whether the thread of a collected timer will end of itself: it has ended, or its queue is empty (no task can be
     * added to a collected timer, and a periodic task stays queued while it runs, so the JDK's cleaner stops such a
     * thread). {@code false} when unknown.
     */
    static boolean collectedTimerEnding(Thread thread) {
        if (!thread.isAlive()) {
            return true;
        }
        Object queue = TimerParts.THREAD_QUEUE == null ? null : read(TimerParts.THREAD_QUEUE, thread);
        return sizeOf(queue) == 0;
    }

    private static int sizeOf(Object queue) {
        Object size = queue == null || TimerParts.SIZE == null ? null : read(TimerParts.SIZE, queue);
        return size instanceof Integer ? (Integer) size : -1;
    }

    private static Object read(Field f, Object o) {
        try {
            return f.get(o);
        } catch (IllegalAccessException | RuntimeException e) {
            return null;
        }
    }

    private static Field field(String type, String name) {
        try {
            Field f = Class.forName(type, false, null).getDeclaredField(name);
            return f.trySetAccessible() ? f : null;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** Where a thread keeps its task: {@code target} (JDK 17), else {@code holder.task}. */
    private static final class ThreadTask {
        static final Field TARGET = field("java.lang.Thread", "target");
        static final Field HOLDER = TARGET != null ? null : field("java.lang.Thread", "holder");
        static final Field TASK = TARGET != null ? null : field("java.lang.Thread$FieldHolder", "task");
    }

    /** A timer's parts. */
    private static final class TimerParts {
        static final Field THREAD = field("java.util.Timer", "thread");
        static final Field QUEUE = field("java.util.Timer", "queue");
        static final Field THREAD_QUEUE = field(TIMER_THREAD, "queue");
        static final Field SIZE = field("java.util.TaskQueue", "size");
    }
}
