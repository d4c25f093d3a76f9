package io.leakwatch.bootstrap;

/**
 * How deep the calling thread is in the acquiring calls of each kind: the one mechanism by which a family says that an
 * acquisition is part of another (in the style of OpenTelemetry's {@code CallDepth}). A family's enter advice calls
 * {@link #enter}, its exit advice {@link #exit} with what {@code enter} returned; only the outermost call is the
 * application's acquisition (a pool's proxy calling the driver's {@code prepareStatement} is one statement), and while a
 * call of a kind {@linkplain ResourceKind.Traits#OWNS_INSIDE owning what is acquired inside it} runs, nothing of another
 * kind acquired on this thread is recorded or counted against a limit (the socket a driver opens while connecting is
 * the connection's).
 *
 * <p>The depths live in the thread's own state ({@link ThreadState#callDepth}): a plain array, read and written by its
 * own thread only. What {@code enter} returns is that state, an opaque token the advice hands back, so that
 * {@code exit} undoes the count even when nothing else works then.
 *
 * <p>Thread-safe: every method works on the calling thread's state.
 */
public final class CallDepth {
    /**
     * The kinds that own what is acquired inside their calls, one bit per ordinal: a constant to the JIT, where the
     * kind's own traits would be a load on every enter and exit.
     */
    private static final int OWNING = owningKinds();

    private CallDepth() {
    }

    private static int owningKinds() {
        int bits = 0;
        for (ResourceKind k : ResourceKind.values()) {
            if (k.has(ResourceKind.Traits.OWNS_INSIDE)) {
                bits |= 1 << k.ordinal();
            }
        }
        return bits;
    }

    /**
     * A call acquiring {@code kind} begins on this thread. Returns the token for {@link #exit}, or {@code null} when
     * the thread's state could not be had (then {@code exit} does nothing).
     */
    public static Object enter(ResourceKind kind) {
        try {
            ThreadState ts = ThreadState.current();
            enter(ts, kind);
            return ts;
        } catch (Throwable t) {
            return null;
        }
    }

    /**
     * As {@link #enter(ResourceKind)}, on the thread whose {@code token} ({@link PerThread#token}) the caller already
     * holds; returns it, or {@code null} when it is not one.
     */
    public static Object enter(Object token, ResourceKind kind) {
        if (!(token instanceof ThreadState)) {
            return null;
        }
        enter((ThreadState) token, kind);
        return token;
    }

    /** As {@link #enter(ResourceKind)}, on a state the caller holds. */
    static void enter(ThreadState ts, ResourceKind kind) {
        int k = kind.ordinal();
        ts.callDepth[k]++;
        if ((OWNING & (1 << k)) != 0) {
            ts.owningCalls++;
        }
    }

    /**
     * The call that {@link #enter} returned {@code token} for ends. Returns whether it was the outermost of its kind on
     * this thread and ran outside the agent's own work: only then is what it returned the application's acquisition.
     */
    public static boolean exit(Object token, ResourceKind kind) {
        if (!(token instanceof ThreadState)) {
            return false;
        }
        ThreadState ts = (ThreadState) token;
        int k = kind.ordinal();
        if ((OWNING & (1 << k)) != 0) {
            ts.owningCalls--;
        }
        return --ts.callDepth[k] == 0 && ts.agentDepth == 0;
    }

    /**
     * Whether the thread that {@code token} is the state of is outside any call of {@code kind} and outside the agent's
     * work: asked before the outermost call begins (a limit refuses only the outermost).
     */
    public static boolean isOutermost(Object token, ResourceKind kind) {
        return token instanceof ThreadState && ((ThreadState) token).callDepth[kind.ordinal()] == 0
            && ((ThreadState) token).agentDepth == 0;
    }

    /** Whether the calling thread is inside a call of {@code kind} now ({@code false} when that cannot be told). */
    public static boolean isInside(ResourceKind kind) {
        try {
            return ThreadState.current().callDepth[kind.ordinal()] != 0;
        } catch (Throwable t) {
            return false;
        }
    }

    /** Whether an acquisition of {@code kind} on {@code ts} now is part of a call of another kind that owns it. */
    static boolean insideOwningCall(ThreadState ts, ResourceKind kind) {
        return ts.owningCalls != 0 && (OWNING & (1 << kind.ordinal())) == 0;
    }
}
