package io.leakwatch.bootstrap;

/**
 * Per-thread state of the agent: the re-entrancy guard and a block of resource ids.
 *
 * <p>The guard makes the agent's own work invisible to itself: while a thread is inside the agent (tracking an
 * acquisition, symbolizing a stack, writing a report), any resource it opens is not tracked.
 *
 * <p>Not thread-safe: each instance belongs to one thread.
 */
final class ThreadState {
    private static final ThreadLocal<ThreadState> CURRENT = new ThreadLocal<>() {
        // an anonymous class, not withInitial(lambda): no invokedynamic in code that runs inside JDK I/O
        @Override
        protected ThreadState initialValue() {
            return new ThreadState();
        }
    };
    private static final int ID_BLOCK = 256;

    int agentDepth;
    /** Inside {@code SocketChannel.open(SocketAddress)}: its channel is recorded only once the connection succeeded. */
    int deferredChannelOpens;
    private long nextId;
    private long idLimit;

    static ThreadState current() {
        return CURRENT.get();
    }

    /** Whether the thread is running agent code now; nothing it opens then is tracked. */
    boolean inAgent() {
        return agentDepth != 0;
    }

    void enter() {
        agentDepth++;
    }

    void exit() {
        agentDepth--;
    }

    long nextId(java.util.concurrent.atomic.AtomicLong ids) {
        if (nextId == idLimit) {
            // ids are handed out in blocks so threads do not contend on one counter
            nextId = ids.getAndAdd(ID_BLOCK);
            idLimit = nextId + ID_BLOCK;
        }
        return nextId++;
    }
}
