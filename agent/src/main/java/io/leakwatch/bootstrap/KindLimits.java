package io.leakwatch.bootstrap;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The limits on open resources of each kind ({@code limit.<kind>=}, in bytes for a kind measured in bytes), what
 * happens at one ({@code onlimit=}), and the decision on each acquisition while a limit is set: the same for every
 * kind, each family throwing its API's own exception with the message decided here. What counts against a limit (the
 * open count, exact across threads, or the open bytes) is the registry's to tell.
 *
 * <p>Thread-safe: limits and states are atomics; a crossing is announced by the one thread that flips its state.
 */
final class KindLimits {
    private final ResourceRegistry registry;
    /** The most of each kind (by ordinal) open at once, in its unit; {@link Long#MAX_VALUE}: no limit. */
    private final AtomicLongArray limits = new AtomicLongArray(ResourceKind.values().length);
    /** {@code onlimit=fail}: an acquisition at a limit is refused; otherwise it goes ahead after a warning. */
    private volatile boolean failAtLimit;
    /**
     * Per kind (ordinal), 1 while the kind is at its limit and this crossing was already announced (one line, one
     * event per crossing); set back to 0 by the first acquisition that finds the kind below its limit again.
     */
    private final AtomicIntegerArray crossed = new AtomicIntegerArray(ResourceKind.values().length);
    /** Per kind (ordinal), the top holders computed at the latest refusal, for the refusals right after it. */
    private final AtomicReferenceArray<TopHolders> holders = new AtomicReferenceArray<>(ResourceKind.values().length);

    KindLimits(ResourceRegistry registry) {
        this.registry = registry;
        for (int i = 0; i < limits.length(); i++) {
            limits.set(i, Long.MAX_VALUE);
        }
    }

    /**
     * The limits by kind ordinal ({@link Long#MAX_VALUE}: none), for the registry's young acquisition path, which
     * reads them without going through this object; written only here.
     */
    AtomicLongArray values() {
        return limits;
    }

    /** The limit of {@code kind}, in its unit; {@link Long#MAX_VALUE} when there is none. */
    long limit(ResourceKind kind) {
        return limits.get(kind.ordinal());
    }

    /**
     * Sets the limit of {@code kind} ({@link Long#MAX_VALUE}: none; 0 forbids the kind), in bytes for a kind in bytes.
     * Takes effect for the next acquisition; a new limit is announced afresh when it is reached.
     *
     * @throws IllegalArgumentException when the limit is negative
     */
    void set(ResourceKind kind, long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("a limit is 0 or more: " + limit);
        }
        limits.set(kind.ordinal(), limit);
        crossed.set(kind.ordinal(), 0);
        Hooks.limitsChanged(registry);
    }

    void setFailAtLimit(boolean fail) {
        failAtLimit = fail;
    }

    boolean failsAtLimit() {
        return failAtLimit;
    }

    /** Whether any kind has a limit: only then do the acquiring hooks ask {@link #refusal}. */
    boolean any() {
        for (int i = 0; i < limits.length(); i++) {
            if (limits.get(i) != Long.MAX_VALUE) {
                return true;
            }
        }
        return false;
    }

    /**
     * Decides an acquisition of {@code need} more of {@code kind} (resources, or bytes), asked by the acquiring hooks
     * before anything is acquired. Below the kind's limit it goes ahead (and the next crossing will be announced
     * again). At the limit, an application acquisition (the JVM's own, and what a tracked resource opens inside
     * itself, are not counted against limits and never held back) is announced once per crossing: one line on stderr
     * naming the top holders and a {@link LeakWatchEvent.Type#LIMIT_REACHED} event. Then with {@code onlimit=warn} it goes
     * ahead; with {@code onlimit=fail} it is refused.
     *
     * <p>Costs a few volatile reads below the limit. At it, the stack is captured to tell the application's
     * acquisitions from the JVM's, and the top holders are computed at the first refusal of a crossing (and again for
     * later ones only when the kind changed and the last computation is 0.1 s old), never on every acquisition.
     *
     * @param skipTop frames below the agent's that are not the application's (the instrumented JDBC method)
     * @return {@code null} to go ahead, or the message of the refusal. Never throws: a failure here lets the
     *         acquisition go ahead and is counted as an agent failure.
     */
    String refusal(ResourceKind kind, long need, int skipTop) {
        int k = kind.ordinal();
        try {
            long limit = limits.get(k);
            if (limit == Long.MAX_VALUE || !registry.isEnabled(kind)) {
                return null;
            }
            if (need <= limit - registry.openCounts().held(kind)) {
                if (crossed.get(k) != 0) {
                    crossed.set(k, 0);
                }
                return null;
            }
            boolean fail = failAtLimit;
            if (!fail && crossed.get(k) != 0) {
                // warned for this crossing already: above the limit, acquisitions go ahead at no further cost
                return null;
            }
            ThreadState ts = ThreadState.current();
            int depth = ts.agentDepth;
            if (depth != 0 || CallDepth.insideOwningCall(ts, kind)) {
                // the agent's own work, or part of another acquisition (a JDBC connection being made): not counted
                return null;
            }
            ts.agentDepth = depth + 1;
            try {
                return atLimit(kind, need, limit, skipTop, fail);
            } finally {
                ts.agentDepth = depth;
            }
        } catch (Throwable t) {
            registry.countFailure();
            return null;
        }
    }

    private String atLimit(ResourceKind kind, long need, long limit, int skipTop, boolean fail) {
        int k = kind.ordinal();
        // resources dropped and collected since the last acquisition no longer count
        registry.drainCollected();
        long open = registry.openCounts().held(kind);
        if (need <= limit - open) {
            return null;
        }
        InternedStack stack = registry.intern(new Throwable(), skipTop);
        if (stack.isApart() || stack.subsumed) {
            return null;
        }
        boolean first = crossed.compareAndSet(k, 0, 1);
        if (!first && !fail) {
            return null;
        }
        TopHolders top = topHolders(kind, first, open);
        boolean bytes = kind.inBytes();
        String reached = "leakwatch: limit." + kind.label() + (bytes ? ".bytes=" : "=") + TopHolders.amount(limit, bytes)
            + " reached (" + TopHolders.amount(open, bytes) + " open"
            + (need != 1 || bytes ? ", " + TopHolders.amount(need, bytes) + " requested" : "") + ")";
        if (first) {
            System.err.println(reached + (fail ? ", refused (onlimit=fail)" : ", allowed (onlimit=warn)") + top.list());
            if (Listeners.INSTANCE.active()) {
                Listeners.INSTANCE.publish(LeakWatchEvent.limitReached(
                    kind.label(), reached + (fail ? ", refused" : ", allowed"), open, limit, fail, top.topFrame()));
            }
        }
        if (fail) {
            registry.tracedRefusal(kind, stack, reached + ", refused (onlimit=fail)");
        }
        return fail ? reached + top.mostHeld() : null;
    }

    /**
     * The sites holding the most of {@code kind}: computed afresh for the first refusal of a crossing; for later
     * ones, the last computation is kept while the kind has not changed (same open and acquired counts: a caller
     * retrying at the limit), or while it is less than 0.1 s old. {@code open} is what the registry just said it
     * holds: not read again, so the threads are passed over once at most.
     */
    private TopHolders topHolders(ResourceKind kind, boolean fresh, long open) {
        long key = open * 1_000_003L + registry.openCounts().acquiredNow(kind);
        long now = CoarseClock.millis();
        TopHolders last = holders.get(kind.ordinal());
        if (!fresh && last != null && (last.key == key || now - last.atMillis < 100)) {
            return last;
        }
        TopHolders.Builder b = new TopHolders.Builder(kind.inBytes());
        registry.addHolders(kind, b);
        TopHolders top = b.build(key, now);
        holders.set(kind.ordinal(), top);
        return top;
    }
}
