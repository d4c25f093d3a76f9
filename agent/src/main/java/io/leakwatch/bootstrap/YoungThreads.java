package io.leakwatch.bootstrap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The threads that hold, or held, a young record (see {@link ThreadState}): looked through when a resource is
 * released that is in neither the releasing thread's slot nor the table, and by snapshots. Threads that died are
 * dropped, their young record moved to the table first.
 *
 * <p>Thread-safe: readers take the current array (copy on write); changes are made under the object's lock.
 */
final class YoungThreads {
    /** Every this many registrations, dead threads are swept out. */
    private static final int SWEEP_EVERY = 256;
    private volatile ThreadState[] states = new ThreadState[0];
    /** Guarded by this. */
    private int registrations;

    synchronized void register(ThreadState ts, Object registry, Consumer<TrackedResource> promote) {
        if (ts.registeredYoungWith == registry) {
            return;
        }
        ts.registeredYoungWith = registry;
        ThreadState[] s = Arrays.copyOf(states, states.length + 1);
        s[s.length - 1] = ts;
        states = s;
        if (++registrations % SWEEP_EVERY == 0) {
            sweepDead(promote);
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

    /** Adds to {@code records} (the table's) every open young record not among them, after sweeping dead threads. */
    synchronized void collectInto(List<TrackedResource> records, Consumer<TrackedResource> promote) {
        sweepDead(promote);
        Set<TrackedResource> inTable = Collections.newSetFromMap(new IdentityHashMap<>());
        inTable.addAll(records);
        for (ThreadState o : states) {
            TrackedResource y = o.youngSeenFromOtherThread();
            if (y != null && y.isOpen() && !inTable.contains(y)) {
                records.add(y);
            }
        }
    }

    /** Moves the young record of every dead thread to the table and forgets the thread. Guarded by this. */
    private void sweepDead(Consumer<TrackedResource> promote) {
        List<ThreadState> alive = new ArrayList<>(states.length);
        for (ThreadState o : states) {
            if (o.owner.get() != null && o.owner.get().isAlive()) {
                alive.add(o);
            } else {
                TrackedResource y = o.youngSeenFromOtherThread();
                if (y != null) {
                    promote.accept(y);
                }
            }
        }
        if (alive.size() != states.length) {
            states = alive.toArray(new ThreadState[0]);
        }
    }
}
