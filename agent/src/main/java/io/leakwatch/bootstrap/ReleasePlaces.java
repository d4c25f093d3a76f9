package io.leakwatch.bootstrap;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where resources are released: for every recorded acquisition site, its release places ({@link SiteReleases}), and
 * the second releases of resources already released ({@link ReleasedMarks}).
 *
 * <p>A release is placed only when its acquisition's stack was recorded, and its stack is drawn from the same adaptive
 * budget as the acquisitions' (per thread and kind, {@code stacks=adaptive}): a hot loop records as many stacks per
 * second as before, half of them where it closes, and a close whose resource was acquired without a stack costs
 * nothing more than before (one field read). Releases of a recorded site past the budget are counted as unplaced, so a
 * site's released count stays exact. Release stacks are interned in the same table as acquisition
 * stacks and classified by the same filter: the first frame shown is the application's line that closed.
 *
 * <p>Thread-safe: sites are made under this object's lock (once per site), read through a volatile field of their
 * stack; everything else is in the thread-safe parts.
 */
final class ReleasePlaces {
    /** Makes a place's hold-time recorder ({@code null}: none). */
    interface RecorderFactory {
        HoldTimeRecorder newRecorder();
    }

    /** Recorders made at most (each an HdrHistogram of about a kilobyte): past it, places count without hold times. */
    static final int MAX_RECORDERS = 10_000;

    private final ResourceRegistry registry;
    private final ConcurrentLinkedQueue<SiteReleases> sites = new ConcurrentLinkedQueue<>();
    private final ReleasedMarks marks = new ReleasedMarks();
    private final AtomicInteger recordersMade = new AtomicInteger();
    /** Whether any release was placed: until then no close needs to look for a second one. */
    private volatile boolean anyPlaced;
    /** What makes the places' recorders; {@code null} until the agent installs its factory. */
    private volatile java.util.function.Supplier<HoldTimeRecorder> recorders;
    private final RecorderFactory factory = new RecorderFactory() {
        @Override
        public HoldTimeRecorder newRecorder() {
            java.util.function.Supplier<HoldTimeRecorder> r = recorders;
            if (r == null || recordersMade.incrementAndGet() > MAX_RECORDERS) {
                return null;
            }
            return r.get();
        }
    };

    ReleasePlaces(ResourceRegistry registry) {
        this.registry = registry;
    }

    /** Sets what makes the places' hold-time recorders ({@code null}: counts only). */
    void installRecorders(java.util.function.Supplier<HoldTimeRecorder> recorders) {
        this.recorders = recorders;
    }

    /** Whether {@code record}'s release is placed: its acquisition stack was recorded and interned. */
    static boolean isPlaced(TrackedResource record) {
        // interned stacks have their raw key; a stack not recorded (or past the table's cap) has none, and placing it
        // would make a site per resource
        return record.stack.classNames != null && !record.isApart();
    }

    /**
     * The application released {@code record} (its state just set), of {@code resource} ({@code null}: released
     * without a close call), on the calling thread. Call only for {@link #isPlaced} records.
     */
    void released(TrackedResource record, Object resource, ThreadState ts) {
        if (resource == Thread.currentThread()) {
            // a thread that ended: the JVM's call on the ending thread, whose fresh budget would pay for a stack
            // that only ever says Thread.exit
            resource = null;
        } else if (resource != null && !registry.shouldCaptureStack(ts, record.kind)) {
            // the thread's stack budget for the kind is spent: counted, not placed
            unplaced(record);
            return;
        }
        Throwable at = resource == null ? null : new Throwable();
        ts.enter();
        try {
            // skip the instrumented close itself: a pool's close() is its own class, not the application's line
            InternedStack where = at == null ? null : registry.intern(at, 1);
            SiteReleases site = siteOf(record.stack, record.kind);
            ReleasePlace place = site.placeOf(where, factory);
            if (place == null) {
                site.unplaced.incrementAndGet();
                return;
            }
            String thread = Thread.currentThread().getName();
            place.add(ResourceRegistry.heldSince(record.acquiredAtMillis), thread,
                      !thread.equals(record.acquirer.thread));
            if (resource != null) {
                marks.put(resource, ResourceTable.hashOf(resource), site, place, closesNested(where));
                anyPlaced = true;
            }
        } catch (Throwable t) {
            registry.countFailure();
        } finally {
            ts.exit();
        }
    }

    private void unplaced(TrackedResource record) {
        try {
            siteOf(record.stack, record.kind).unplaced.incrementAndGet();
        } catch (Throwable t) {
            registry.countFailure();
        }
    }

    /**
     * {@code resource} was released with no open record: if its first release was placed and is still remembered,
     * this is a second release, counted with both places (unless it is the outer end of a nested close).
     */
    void releasedWithoutRecord(Object resource, ThreadState ts) {
        if (!anyPlaced) {
            return;
        }
        ReleasedMarks.Mark m = marks.find(resource, ResourceTable.hashOf(resource));
        if (m == null) {
            return;
        }
        if (m.nestedPending) {
            m.nestedPending = false;
            return;
        }
        Throwable at = new Throwable();
        ts.enter();
        try {
            m.site.releasedAgain(m.place, registry.intern(at, 1));
        } catch (Throwable t) {
            registry.countFailure();
        } finally {
            ts.exit();
        }
    }

    /**
     * Whether the release at {@code where} ran inside another call of the same class's code lower on the stack: a
     * stream's close that its own channel's close called back ({@code FileInputStream.close} -> {@code
     * FileChannelImpl.implCloseChannel} -> {@code FileInputStream.close}). The outer call releases the same resource
     * again as it returns, and that is not a second close.
     */
    private static boolean closesNested(InternedStack where) {
        String[] classes = where == null ? null : where.classNames;
        if (classes == null) {
            return false;
        }
        int top = 0;
        while (top < classes.length && FrameFilter.isAgentClass(classes[top])) {
            top++;
        }
        if (top >= classes.length) {
            return false;
        }
        String closing = classes[top];
        for (int i = top + 1; i < classes.length; i++) {
            if (closing.equals(classes[i])) {
                return true;
            }
        }
        return false;
    }

    private SiteReleases siteOf(InternedStack stack, ResourceKind kind) {
        for (SiteReleases s = stack.releases; s != null; s = s.otherKind) {
            if (s.kind == kind) {
                return s;
            }
        }
        synchronized (this) {
            for (SiteReleases s = stack.releases; s != null; s = s.otherKind) {
                if (s.kind == kind) {
                    return s;
                }
            }
            SiteReleases s = new SiteReleases(kind, stack);
            s.otherKind = stack.releases;
            stack.releases = s;
            sites.add(s);
            return s;
        }
    }

    /**
     * Every site with a placed release, with its open and leaked counts from {@code open} and {@code leaked}
     * (resources by acquisition stack, per kind ordinal), application sites only.
     */
    List<ReleaseSiteView> views(IdentityHashMap<InternedStack, long[]> open,
                                IdentityHashMap<InternedStack, long[]> leaked) {
        List<ReleaseSiteView> out = new ArrayList<>();
        for (SiteReleases s : sites) {
            long[] o = open.get(s.acquiredAt);
            long[] l = leaked.get(s.acquiredAt);
            int k = s.kind.ordinal();
            out.add(s.view(o == null ? 0 : o[k], l == null ? 0 : l[k]));
        }
        return out;
    }
}
