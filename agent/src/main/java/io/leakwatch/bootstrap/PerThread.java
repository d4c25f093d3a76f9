package io.leakwatch.bootstrap;

/**
 * One slot per kind in each thread's own state, where a family keeps what it remembers per thread between
 * acquisitions (the JDBC family: the data source this thread last borrowed from, so that borrowing again costs no
 * lookup). Cheaper than a {@code ThreadLocal} of the family's own: the thread's state is already at hand, as the
 * {@link CallDepth} token the advice passes, or looked up once.
 *
 * <p>Thread-safe: each thread reads and writes its own slots only.
 */
public final class PerThread {
    private PerThread() {
    }

    /** The calling thread's token (as {@link CallDepth#enter} returns), or {@code null} when it cannot be had. */
    public static Object token() {
        try {
            return ThreadState.current();
        } catch (Throwable t) {
            return null;
        }
    }

    /** What the family of {@code kind} keeps in the slot of the thread {@code token} is the state of, or {@code null}. */
    public static Object get(Object token, ResourceKind kind) {
        return token instanceof ThreadState ? ((ThreadState) token).perFamily[kind.ordinal()] : null;
    }

    /** Keeps {@code value} in that slot (on the token's own thread only). */
    public static void set(Object token, ResourceKind kind, Object value) {
        if (token instanceof ThreadState) {
            ((ThreadState) token).perFamily[kind.ordinal()] = value;
        }
    }
}
