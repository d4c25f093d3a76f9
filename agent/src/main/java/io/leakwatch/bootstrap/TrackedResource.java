package io.leakwatch.bootstrap;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * One acquired, not yet released resource. It refers to the resource weakly, so tracking never keeps a resource
 * reachable; when the garbage collector clears the reference while the record is still registered, the resource has
 * leaked: nobody can release it any more.
 *
 * <p>The record is deliberately small (it is the per-resource cost of the agent): the description is kept as the
 * resource's own path string plus an int of flags and is formatted only when a report asks for it, and the stack is a
 * reference to an {@link InternedStack} shared by every acquisition from the same site.
 *
 * <p>Thread-safety: the final fields are safely published through {@link ResourceTable}'s locks; {@link #chain} is
 * guarded by the lock of the table segment the record is in.
 */
class TrackedResource extends WeakReference<Object> implements RecordHandle {
    static final int OPEN = 0;
    static final int RELEASED = 1;
    static final int LEAKED = 2;
    private static final java.lang.invoke.VarHandle STATE;

    static {
        try {
            STATE = java.lang.invoke.MethodHandles.lookup().findVarHandle(TrackedResource.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final long id;
    /**
     * Identity hash of the resource, the key in {@link ResourceTable}; 0 until the record enters the table (a record
     * held in its thread's young slot needs none: computing a new object's identity hash is the costliest step).
     */
    int hash;
    /**
     * {@link #OPEN}, then {@link #RELEASED} or {@link #LEAKED}: every path that ends a record (a close on any thread,
     * a collection, a context destroy) changes it by compare-and-set, and only the one that succeeds counts it.
     */
    private volatile int state;
    /** Set before the record is added to the table (young records are not in it); read by snapshots. */
    volatile boolean inTable;
    final ResourceKind kind;
    final Object detail;
    final int flags;
    /** The acquiring thread and the test it ran, shared with the thread's other records. */
    final Acquirer acquirer;
    final long acquiredAtMillis;
    final InternedStack stack;
    /**
     * Whose the resource is: its site's owner, unless what acquired it decided otherwise (a jar opened by a class
     * loader belongs to whoever made the loader).
     */
    final Owner owner;
    /** The registry's {@link ResourceRegistry#mark() mark} epoch when the resource was acquired. */
    final int epoch;
    /**
     * Counted in its acquiring thread's {@link ThreadState#youngOpen} rather than the shared open count (a young
     * record acquired while its kind had no limit); read and cleared by that thread only (or, once it died, by the
     * sweep that moves its count to the shared one).
     */
    boolean countedByThread;
    /**
     * What the {@link LifeEventSink} asked to be handed back at this resource's release (its release event, begun at
     * the acquisition), or {@code null}. Written by the acquiring thread before the resource is returned to the
     * application, so before any release.
     */
    Object releaseEvent;
    /** Next record in the same hash bucket; guarded by the segment lock. */
    TrackedResource chain;

    TrackedResource(Object resource, int hash, ReferenceQueue<Object> queue, long id, ResourceKind kind, Object detail,
                    int flags, Acquirer acquirer, long acquiredAtMillis, InternedStack stack, Owner owner,
                    int epoch) {
        super(resource, queue);
        this.owner = owner;
        this.epoch = epoch;
        this.id = id;
        this.hash = hash;
        this.kind = kind;
        this.detail = detail;
        this.flags = flags;
        this.acquirer = acquirer;
        this.acquiredAtMillis = acquiredAtMillis;
        this.stack = stack;
    }

    /** Ends the record: true for the one caller that moved it from open to {@code newState}. */
    boolean end(int newState) {
        return STATE.compareAndSet(this, OPEN, newState);
    }

    @Override
    public boolean isOpen() {
        return state == OPEN;
    }

    /** What the resource is, for a report, by its family's {@link KindRules}: the path and mode of a file, say. */
    @Override
    public String description() {
        return describe(null);
    }

    @Override
    public Object detail() {
        return detail;
    }

    /** The description with what the live resource can still tell (a pool's threads and queue). */
    String descriptionNow(Object resource) {
        return describe(resource);
    }

    /** The description by the kind's rules; {@code resource} is the live resource, or {@code null}. */
    String describe(Object resource) {
        try {
            return KindRules.Registered.of(kind).describe(detail, flags, resource);
        } catch (Throwable t) {
            return String.valueOf(detail);
        }
    }

    /** Whether this resource is held apart from the application's: the JVM's, a test runner's, another agent's. */
    boolean isApart() {
        return owner != Owner.APPLICATION;
    }
}
