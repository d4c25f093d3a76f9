package io.leakwatch.bootstrap;

import java.util.ArrayList;
import java.util.List;

/**
 * The open blocks of every kind measured in bytes ({@link ResourceKind#inBytes()}), one {@link AddressTable} per kind:
 * what any family that counts bytes (CUDA memory today) records through {@link Hooks#allocated}, and their life: an
 * allocation, a free, the blocks released together (a destroyed context), each counted in the kind's
 * {@link KindStats} (count and open bytes) with its hold time told. The registry owns this store.
 *
 * <p>Thread-safe: the tables are, and the counters are atomic.
 */
final class ByteAllocations {
    private final ResourceRegistry registry;
    private final KindStats[] stats;
    /** By kind ordinal; {@code null} for kinds not in bytes. */
    private final AddressTable[] byKind = new AddressTable[ResourceKind.values().length];

    ByteAllocations(ResourceRegistry registry, KindStats[] stats) {
        this.registry = registry;
        this.stats = stats;
        for (ResourceKind k : ResourceKind.values()) {
            if (k.inBytes()) {
                byKind[k.ordinal()] = new AddressTable();
            }
        }
    }

    /** The blocks of {@code kind}, which must be a kind in bytes. */
    AddressTable of(ResourceKind kind) {
        return byKind[kind.ordinal()];
    }

    /** Every open block of every kind in bytes, in no order. */
    List<TrackedAllocation> copy() {
        List<TrackedAllocation> out = new ArrayList<>();
        for (AddressTable t : byKind) {
            if (t != null) {
                out.addAll(t.copy());
            }
        }
        return out;
    }

    /**
     * {@code bytes} of {@code kind} (a kind in bytes) were allocated at {@code address}; see {@link Hooks#allocated}.
     * {@code capturedAt} was created in the allocating method, or is {@code null} when the stack policy said no. An
     * allocation at an address still registered means its free was not seen: the old one is released.
     */
    void allocated(ResourceKind kind, long address, long bytes, int device, long group, Object detail,
                   Throwable capturedAt) {
        if (!kind.inBytes() || address == 0) {
            return;
        }
        ThreadState ts = ThreadState.current();
        int depth = ts.agentDepth;
        if (depth != 0) {
            return;
        }
        ts.agentDepth = depth + 1;
        try {
            InternedStack stack = capturedAt != null ? registry.intern(capturedAt, 0) : InternedStack.notRecorded(kind);
            TrackedAllocation a = new TrackedAllocation(registry.nextId(ts), kind, address, Math.max(0, bytes), device,
                                                        group, detail, ts.acquirer(), CoarseClock.millis(), stack,
                                                        registry.epoch());
            TrackedAllocation replaced = of(kind).put(a);
            if (replaced != null) {
                ended(replaced);
            }
            if (!stack.isApart()) {
                // the JVM's, a test runner's or another agent's blocks are listed apart, never counted as the
                // application's
                KindStats s = stats[kind.ordinal()];
                s.onAcquire();
                s.openBytes.addAndGet(a.bytes);
            }
        } catch (Throwable t) {
            registry.countFailure();
        } finally {
            ts.agentDepth = depth;
        }
    }

    /** The block of {@code kind} at {@code address} was freed; one not registered (freed twice, never seen) is ignored. */
    void freed(ResourceKind kind, long address) {
        if (!kind.inBytes()) {
            return;
        }
        TrackedAllocation a = of(kind).remove(address);
        if (a != null) {
            ended(a);
        }
    }

    /** Every block of {@code kind} that {@code which} selects was released at once (its context is gone); how many. */
    int freedIf(ResourceKind kind, java.util.function.Predicate<? super TrackedAllocation> which) {
        if (!kind.inBytes()) {
            return 0;
        }
        List<TrackedAllocation> gone = of(kind).removeIf(which);
        for (TrackedAllocation a : gone) {
            ended(a);
        }
        return gone.size();
    }

    /**
     * The block of {@code kind} at {@code address} is now {@code bytes} large (a file's size on disk changed); one not
     * registered is ignored.
     */
    void resized(ResourceKind kind, long address, long bytes) {
        if (!kind.inBytes()) {
            return;
        }
        long now = Math.max(0, bytes);
        TrackedAllocation old = of(kind).replace(address, now);
        if (old != null && !old.stack.isApart()) {
            stats[kind.ordinal()].openBytes.addAndGet(now - old.bytes);
        }
    }

    /** A block ended by a free (or with its group): counted, and its hold time told. */
    private void ended(TrackedAllocation a) {
        if (a.stack.isApart()) {
            return;
        }
        KindStats s = stats[a.kind.ordinal()];
        s.onRelease();
        s.openBytes.addAndGet(-a.bytes);
        registry.heldFor(ThreadState.current(), a.kind.ordinal(), a.acquiredAtMillis);
    }
}
