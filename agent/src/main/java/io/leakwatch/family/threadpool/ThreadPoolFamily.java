package io.leakwatch.family.threadpool;

import io.leakwatch.agent.instrument.AdvicePlan;
import io.leakwatch.agent.instrument.Family;
import io.leakwatch.agent.instrument.Released;
import io.leakwatch.bootstrap.ResourceKind;
import io.leakwatch.family.threadpool.boot.ThreadPoolHooks;
import net.bytebuddy.asm.Advice;

import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Thread pools (kind {@code threadpool}).
 *
 * <ul>
 *   <li>{@code ThreadPoolExecutor}: the constructor every other one delegates to, so subclasses ({@code ScheduledThreadPoolExecutor}, the
 *       application's own) and everything {@code Executors.new*} returns (the delegating wrappers hold one) are
 *       covered; constructors that delegate find the pool already registered.</li>
 *   <li>{@code ForkJoinPool}: the public constructors only; the common pool is made by a private one and is the
 *       JVM's.</li>
 *   <li>{@code ThreadPerTaskExecutor} (JDK 21+, behind {@code newVirtualThreadPerTaskExecutor} and
 *       {@code newThreadPerTaskExecutor}).</li>
 *   <li>Limits ({@code limit.threadpool}) are checked on entry to those constructors, before anything is made: a
 *       refused pool's constructor throws {@code RejectedExecutionException}.</li>
 *   <li>Released by {@code shutdown}, {@code shutdownNow} and {@code close} ({@code ExecutorService.close} of
 *       JDK 19+ calls {@code shutdown}).</li>
 *   <li>A {@code ThreadPoolExecutor}'s first thread is told (at {@code addWorker}), so that one dropped before it
 *       ever started a thread, which held nothing, is counted apart rather than as a leak.</li>
 * </ul>
 *
 * <p>Thread-safe: stateless; the plans it returns are immutable, and its advice runs in the instrumented methods
 * of whatever thread calls them.
 */
public final class ThreadPoolFamily implements AdvicePlan.Advisor, Family {
    private static final ThreadPoolFamily ADVICE = new ThreadPoolFamily();

    static {
        Family.register(ADVICE);
    }

    private ThreadPoolFamily() {
    }

    /** This family's plans (see {@link Family}): thread pools. */
    @Override
    public List<AdvicePlan> plans(Set<ResourceKind> tracked) {
        return ThreadPoolFamily.plans();
    }

    /** The plans for kind {@code threadpool}. */
    public static List<AdvicePlan> plans() {
        return AdvicePlan.on(ADVICE, "java.util.concurrent.ThreadPoolExecutor",
                             "java.util.concurrent.ForkJoinPool",
                             "java.util.concurrent.ThreadPerTaskExecutor");
    }

    /** The advice of each plan above, by the class the plan is for (see {@link AdvicePlan.Advisor}). */
    @Override
    public void advise(String typeName, AdvicePlan.Builder b) {
        switch (typeName) {
            case "java.util.concurrent.ThreadPoolExecutor":
                b// the canonical constructor, to which every other delegates (JDK 17 to 25): one event per pool
                 .advise(PoolLimit.class, isConstructor().and(takesArguments(int.class, int.class, long.class,
                     TimeUnit.class, BlockingQueue.class, ThreadFactory.class, RejectedExecutionHandler.class)))
                 .advise(PoolCreated.class, isConstructor().and(takesArguments(int.class, int.class, long.class,
                     TimeUnit.class, BlockingQueue.class, ThreadFactory.class, RejectedExecutionHandler.class)))
                 .advise(PoolShutDown.class, namedOneOf("shutdown", "shutdownNow").and(takesArguments(0)))
                 // every worker thread is started here (JDK 17 to 25)
                 .advise(PoolStartedThread.class, named("addWorker").and(takesArguments(Runnable.class, boolean.class)));
                break;
            case "java.util.concurrent.ForkJoinPool":
                b.advise(PoolLimit.class, isConstructor().and(isPublic()))
                 .advise(PoolCreated.class, isConstructor().and(isPublic()))
                 .advise(PoolShutDown.class, namedOneOf("shutdown", "shutdownNow", "close").and(takesArguments(0)));
                break;
            case "java.util.concurrent.ThreadPerTaskExecutor":
                b.advise(PoolLimit.class, isConstructor())
                 .advise(PoolCreated.class, isConstructor())
                 .advise(PoolShutDown.class, namedOneOf("shutdown", "shutdownNow", "close").and(takesArguments(0)));
                break;
            default:
                throw new IllegalArgumentException(typeName);
        }
    }

    /**
     * {@code limit.threadpool}, before the pool's constructor runs. Not suppressed: the refusal is the one exception
     * advice throws on purpose, and the hook lets nothing else out.
     */
    static final class PoolLimit {
        private PoolLimit() {
        }

        @Advice.OnMethodEnter
        static void enter() {
            ThreadPoolHooks.checkLimit();
        }
    }

    /**
     * {@code shutdown}, {@code shutdownNow}, {@code close}: the pool leaves the registry when they return. One that
     * threw did not shut the pool down (a {@code SecurityException} is thrown before anything changes), so no
     * exception path is woven in, which also keeps the method smaller for the JIT.
     */
    static final class PoolShutDown {
        private PoolShutDown() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self) {
            ThreadPoolHooks.shutDown(self);
        }
    }

    /**
     * {@code addWorker} started a thread: the first time ({@code largestPoolSize} becomes 1 with the first worker and
     * never goes down), the pool is told to have held one; later threads cost a field read and a branch.
     */
    static final class PoolStartedThread {
        private PoolStartedThread() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.Return boolean started,
                         @Advice.FieldValue("largestPoolSize") int largest) {
            if (started && largest == 1) {
                ThreadPoolHooks.startedThread(self);
            }
        }
    }

    static final class PoolCreated {
        private PoolCreated() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self) {
            ThreadPoolHooks.created(self);
        }
    }
}
