package io.leakwatch.bootstrap;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The threads' hold-time rings (see {@link ThreadState#offerHold}) and their drains into the live view's
 * {@link HoldTimeSink}: the slow side of hold times. The registry's release path offers each hold time to its thread's
 * ring itself (one plain store while the held time repeats) and comes here only when the ring is full or not made yet;
 * readers drain all rings before reading percentiles.
 *
 * <p>Thread-safe: drains and ring registrations are serialized by this object's lock.
 */
final class HoldTimeRings {
    /** Whose rings these are: a thread's ring belongs to one registry (tests make several). */
    private final Object registry;
    /** Threads with a ring. Changed under the lock. */
    private final ConcurrentLinkedQueue<ThreadState> threads = new ConcurrentLinkedQueue<>();
    /** A drain's batch of runs, handed to the sink: their entries and their counts. Guarded by the lock. */
    private final long[] scratch = new long[ThreadState.HOLD_RING];
    private final long[] scratchCounts = new long[ThreadState.HOLD_RING];
    /** Rings made so far; every 256th sweeps out dead threads. Guarded by the lock. */
    private long registrations;

    HoldTimeRings(Object registry) {
        this.registry = registry;
    }

    /**
     * The calling thread's ring ({@code ts}) is full or not made yet: it is drained into {@code sink} (or made and
     * registered) first, then {@code millis}, a hold time of the kind with ordinal {@code kind}, is offered again.
     */
    synchronized void full(ThreadState ts, int kind, long millis, HoldTimeSink sink) {
        if (ts.holdRing == null || ts.holdRegistry != registry) {
            ts.newHoldRing(registry);
            threads.add(ts);
            if (++registrations % 256 == 0) {
                drain(sink);
            }
        } else {
            ts.drainHolds(sink, scratch, scratchCounts);
        }
        if (!ts.offerHold(kind, millis)) {
            scratch[0] = HoldTimeSink.entry(kind, millis);
            scratchCounts[0] = 1;
            sink.released(scratch, scratchCounts, 1);
        }
    }

    /**
     * Hands the hold times every thread recorded since the last drain to {@code sink} (on the calling thread; none
     * when it is {@code null}), and forgets threads that died once their last ones were drained.
     */
    synchronized void drain(HoldTimeSink sink) {
        for (Iterator<ThreadState> it = threads.iterator(); it.hasNext(); ) {
            ThreadState t = it.next();
            // read before draining: a thread dead now wrote its last hold time before this drain
            boolean dead = t.ownerDied();
            if (sink != null) {
                t.drainHolds(sink, scratch, scratchCounts);
            }
            if (dead) {
                it.remove();
            }
        }
    }
}
