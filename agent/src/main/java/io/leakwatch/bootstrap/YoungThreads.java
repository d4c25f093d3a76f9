package io.leakwatch.bootstrap;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The threads that hold, or held, a young record (see {@link ThreadState}): looked through when a resource is
 * released that is in neither the releasing thread's slot nor the table, and by snapshots. Threads that died are
 * dropped, their young record moved to the table first.
 *
 * <p>Thread-safe: a concurrent queue (registering is constant time, however many threads there are, virtual ones
 * included); sweeps and snapshots are serialized on this object.
 */
final class YoungThreads {
    /** Every this many registrations, dead threads are swept out. */
    private static final int SWEEP_EVERY = 256;
    private final ConcurrentLinkedQueue<ThreadState> states = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger registrations = new java.util.concurrent.atomic.AtomicInteger();
    /** Acquisitions counted by threads that were swept out, by kind ordinal. Guarded by this. */
    private final long[] retiredAcquired = new long[ResourceKind.values().length];
    /** The registry's counters, by kind ordinal: a dead thread's own open count moves to their shared one. */
    private final KindStats[] stats;

    YoungThreads(KindStats[] stats) {
        this.stats = stats;
    }

    void register(ThreadState ts, Object registry, Consumer<TrackedResource> promote) {
        if (ts.registeredYoungWith == registry) {
            return;
        }
        ts.registeredYoungWith = registry;
        // counts made for another registry are not this one's (one registry per JVM in the agent; tests make several)
        java.util.Arrays.fill(ts.youngAcquired, 0);
        java.util.Arrays.fill(ts.youngOpen, 0);
        states.add(ts);
        if (registrations.incrementAndGet() % SWEEP_EVERY == 0) {
            synchronized (this) {
                sweepDead(promote);
            }
        }
    }

    /** The young record of another thread that refers to {@code resource}, or null. */
    TrackedResource find(Object resource, ThreadState self) {
        for (ThreadState o : states) {
            if (o != self) {
                TrackedResource y = o.youngSeenFromOtherThread();
                if (y != null && y.refersTo(resource)) {
                    return y;
                }
            }
        }
        return null;
    }

    /**
     * Adds to {@code records} (the table's) every open young record not among them, after sweeping dead threads.
     * A young record whose {@code inTable} flag is clear was never added to the table (the flag is set first), so
     * only the few being promoted right now are looked for in {@code records}: no identity hash of every record, which
     * with 100,000 open took most of a snapshot.
     */
    synchronized void collectInto(final List<TrackedResource> records, final Consumer<TrackedResource> promote) {
        // a dead thread's record moves to the table, which the caller copied already: it is listed here
        sweepDead(new Consumer<TrackedResource>() {
            @Override
            public void accept(TrackedResource y) {
                promote.accept(y);
                records.add(y);
            }
        });
        List<TrackedResource> promoting = null;
        for (ThreadState o : states) {
            TrackedResource y = o.youngSeenFromOtherThread();
            if (y == null || !y.isOpen()) {
                continue;
            }
            if (!y.inTable) {
                records.add(y);
            } else {
                if (promoting == null) {
                    promoting = new java.util.ArrayList<>(2);
                }
                promoting.add(y);
            }
        }
        if (promoting != null) {
            // few (promotions under way this instant): compared by reference, no record is hashed
            for (int i = 0, n = records.size(); i < n && !promoting.isEmpty(); i++) {
                TrackedResource r = records.get(i);
                for (int j = 0; j < promoting.size(); j++) {
                    if (promoting.get(j) == r) {
                        promoting.remove(j);
                        break;
                    }
                }
            }
            records.addAll(promoting);
        }
    }

    /**
     * Adds, by kind ordinal, the acquisitions the threads counted themselves (live and swept out) to {@code acquired}
     * and the resources they hold open by their own count (see {@link ThreadState#youngOpen}) to {@code open}: every
     * kind in one pass over the threads.
     */
    synchronized void addCounts(long[] acquired, long[] open) {
        for (int k = 0; k < retiredAcquired.length; k++) {
            acquired[k] += retiredAcquired[k];
        }
        for (ThreadState o : states) {
            for (int k = 0; k < retiredAcquired.length; k++) {
                acquired[k] += o.youngAcquired(k);
                open[k] += o.youngOpen(k);
            }
        }
    }

    /**
     * Moves the young record of every dead thread to the table, its own open counts to the shared ones, and forgets
     * the thread. Guarded by this. (A dead thread writes nothing more: its counts are final.)
     */
    private void sweepDead(Consumer<TrackedResource> promote) {
        for (Iterator<ThreadState> it = states.iterator(); it.hasNext(); ) {
            ThreadState o = it.next();
            if (o.ownerDied()) {
                for (int k = 0; k < retiredAcquired.length; k++) {
                    retiredAcquired[k] += o.youngAcquired(k);
                    long open = o.youngOpen(k);
                    if (open != 0) {
                        // added to the shared count before the thread leaves the sum: a reader may count it twice
                        // for an instant, never miss it
                        stats[k].open.addAndGet(open);
                        o.addYoungOpen(k, -open);
                    }
                }
                TrackedResource y = o.youngSeenFromOtherThread();
                if (y != null) {
                    y.countedByThread = false;
                    promote.accept(y);
                }
                it.remove();
            }
        }
    }
}
