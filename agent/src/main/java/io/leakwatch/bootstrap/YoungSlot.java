package io.leakwatch.bootstrap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A thread's young slot: its most recent acquisition of a kind with a fast path, not yet in the shared table. Kept in
 * an object of its own that its thread replaces every {@value #RENEW_EVERY} acquisitions, so that the slot a busy
 * thread writes is itself a young object.
 *
 * <p>Why: under G1 (JDK 17 to 25) storing a reference into an object outside the young generation goes through a
 * barrier that ends in a full fence unless the card is already dirty; into a young object it stops at its first
 * checks. The record written here on every acquisition is new, the thread's {@link ThreadState} is long-lived: writing
 * it there cost a borrow from a connection pool one fence. A slot replaced this often is never older than a few
 * thousand acquisitions, so a busy thread's slot is almost always young; a slow thread's may be promoted, and then its
 * (rare) writes pay the fence as before. The parallel collector's barrier is a plain store either way.
 *
 * <p>Thread-safety: {@link #record} is written by the owning thread only, in release order, and read by others in
 * acquire order; how a reader follows a replacement is {@link ThreadState#youngSeenFromOtherThread}.
 */
final class YoungSlot {
    /** Acquisitions written into one slot before its thread replaces it. */
    static final int RENEW_EVERY = 1024;
    private static final VarHandle RECORD;

    static {
        try {
            RECORD = MethodHandles.lookup().findVarHandle(YoungSlot.class, "record", TrackedResource.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TrackedResource record;
    /** Acquisitions written into this slot so far; the owner's only. */
    int writes;

    YoungSlot(TrackedResource record) {
        this.record = record;
    }

    /** The record, as the owning thread sees it. */
    TrackedResource own() {
        return record;
    }

    /** The record, as another thread sees it. */
    TrackedResource seen() {
        return (TrackedResource) RECORD.getAcquire(this);
    }

    /** Sets the record (owner only), ordered after every write that made it. */
    void set(TrackedResource r) {
        RECORD.setRelease(this, r);
    }
}
