package io.leakwatch.family.threadpool.boot;

import io.leakwatch.bootstrap.Hooks;
import io.leakwatch.bootstrap.OutOfLine;
import io.leakwatch.bootstrap.ResourceKind;

import java.util.concurrent.RejectedExecutionException;

/**
 * What the {@code threadpool} family's advice calls: a pool made, its first thread started, its shutdown, and the limit
 * before a pool is made. Pools are described by {@link ThreadPools}, the family's {@code KindRules}.
 *
 * <p>Defined in the boot loader with the bootstrap package (advice inlined into {@code java.util.concurrent} calls it).
 * Thread-safe: stateless. Every entry point but the limit suppresses its own failures.
 */
public final class ThreadPoolHooks {
    static {
        Hooks.rules(ResourceKind.THREADPOOL, new ThreadPools());
    }

    private ThreadPoolHooks() {
    }

    /**
     * Before a thread pool is constructed.
     *
     * @throws RejectedExecutionException when {@code limit.threadpool} refuses it
     */
    public static void checkLimit() {
        String refused = Hooks.refusal(ResourceKind.THREADPOOL, 1);
        if (refused != null) {
            throw new RejectedExecutionException(refused);
        }
    }

    /**
     * A thread pool was created (its outermost constructor registers it; delegating constructors find it there).
     * Called rather than inlined: the constructor's compiled code grows by a call, not by the registry's work, and
     * the JIT keeps inlining it into the application's code as often as it can.
     */
    @OutOfLine
    public static void created(Object pool) {
        try {
            Hooks.acquired(ResourceKind.THREADPOOL, pool, ThreadPools.describeAtCreation(pool));
        } catch (Throwable t) {
            Hooks.agentFailed();
        }
    }

    /**
     * A {@code ThreadPoolExecutor} started its first thread (its advice calls only then, so this costs nothing on
     * later threads): dropped without a shutdown, it is a leak rather than a pool that never held anything.
     */
    @OutOfLine
    public static void startedThread(Object pool) {
        try {
            ThreadPools.startedAThread(Hooks.detailOf(pool));
        } catch (Throwable t) {
            Hooks.agentFailed();
        }
    }

    /** A thread pool was shut down: released, called rather than inlined (see {@link #created}). */
    @OutOfLine
    public static void shutDown(Object pool) {
        Hooks.released(pool);
    }
}
