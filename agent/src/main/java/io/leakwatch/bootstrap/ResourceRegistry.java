package io.leakwatch.bootstrap;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The registry of live resources: what is open, since when, from where, and what leaked.
 *
 * <p>Thread-safe, with no global lock on the acquire and release paths: records live in a {@link ResourceTable}
 * striped by identity hash, counters are striped adders, stacks are interned lock-free for known sites. Records refer
 * to their resources weakly; a record whose resource was collected while still registered is moved to the leaked
 * list (bounded) and counted against its site (exact), the first time anyone acquires or takes a snapshot after the
 * collection.
 *
 * <p>Its parts, each in its own class: the limits ({@link KindLimits}), the leaked records ({@link LeakRecords}), the
 * reads of the records ({@link RegistryReads}), the exact counts ({@link OpenCounts}) over the per-kind counters
 * ({@link KindStats}), the blocks of kinds in bytes ({@link ByteAllocations}), the hold-time rings
 * ({@link HoldTimeRings}), the class loaders' jars ({@link ClassLoaderJars}), the table ({@link ResourceTable}) and the
 * young slots ({@link YoungThreads}). What stays here is the record's life on the acquisition and release paths (the
 * young slot, promotion, the compare-and-set end states, the hand-off of hold times), kept in one class because it is
 * the hot path the benchmarks measure: one class the JIT inlines through, with no extra indirection; and the
 * registry's one entry point for each part, so that the hooks and the agent see one object. Those two make it longer
 * than the project's other classes.
 */
public final class ResourceRegistry {
    private final TrackingSettings settings;
    private final ResourceTable table = new ResourceTable();
    private final YoungThreads youngThreads;
    /** {@link #promote}, as an object (an anonymous class: no invokedynamic in code that runs inside the JDK). */
    private final java.util.function.Consumer<TrackedResource> promoter = new java.util.function.Consumer<>() {
        @Override
        public void accept(TrackedResource r) {
            promote(r);
        }
    };
    private final ClassLoaderJars loaderJars = new ClassLoaderJars(this);
    private final StackTable stacks;
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final KindStats[] stats;
    private final AtomicLong ids = new AtomicLong(1);
    private final AtomicLong failures = new AtomicLong();
    /** Thread pools dropped before they ever started a thread: they held nothing, so they are no leak. */
    private final AtomicLong unusedPools = new AtomicLong();
    /**
     * Raised by {@link #mark()}; every record keeps the value it saw when acquired, so "acquired after a mark" is one
     * comparison. Volatile: a plain load on the acquisition path.
     */
    private volatile int epoch;
    /** Told the hold time of every release (the live view's percentiles), or {@code null}. */
    private volatile HoldTimeSink holdTimes;
    /**
     * The kinds, one bit per ordinal, of which a thread counted a young record itself (see
     * {@link ThreadState#youngOpen}): the shared open count of any other kind is exact on its own (it had a limit
     * from the start), so checking its limit at an acquisition reads one counter rather than every thread's.
     * Bits are only ever set, once each, under {@link #countedByThreadsLock}.
     */
    private volatile int countedByThreads;
    private final Object countedByThreadsLock = new Object();
    /** The threads' hold-time rings, where releases go when their own thread's ring is full. */
    private final HoldTimeRings holdRings = new HoldTimeRings(this);

    /** What families check before the records are read ({@link #addRefresher}); copied on write. */
    private volatile Runnable[] refreshers = new Runnable[0];
    /** The limits on open resources, and what happens at one. */
    private final KindLimits limits = new KindLimits(this);
    /**
     * {@link KindLimits}' values, read on the young acquisition path straight from here: one dependent load fewer
     * than through the limits object, which the pool row measured (about 1 ns of 150).
     */
    private final java.util.concurrent.atomic.AtomicLongArray limitValues = limits.values();
    /** The resources found leaked, by site, and the latest ones one by one. */
    private final LeakRecords leaks;
    /** The exact counts of each kind, read from the shared counters and the threads' own. */
    private final OpenCounts counts;
    /** The open blocks of the kinds in bytes. */
    private final ByteAllocations allocations;
    /**
     * The trace's events ({@code trace=FILE}), or {@code null} when there is no trace: one load and a null check per
     * acquisition and release. Set before the registry is published ({@link #startTrace}).
     */
    private TraceEvents trace;
    /**
     * The acquisitions' and releases' events one by one ({@link LifeEventSink}), or {@code null} while nobody asks for
     * them: one load and a null check per acquisition and release. Volatile: recordings start and stop while the
     * application runs, and a hot loop must see the change.
     */
    private volatile LifeEventSink life;
    /** Where the application's resources were released, and their second releases. */
    private final ReleasePlaces releasePlaces = new ReleasePlaces(this);
    /** The open count of each kind over the run, for the reports' charts. */
    private final CountHistory history = new CountHistory();
    /** The reads of the records: snapshots, sites, the held-apart counts. */
    private final RegistryReads reads = new RegistryReads(this);

    /** Creates a registry; reading raw backtraces needs {@code java.lang} opened to this class's module first. */
    public ResourceRegistry(TrackingSettings settings) {
        this(settings, new CodeOrigins(settings.agentJars(), settings.classPath()));
    }

    /** As above, with whose code is whose decided by {@code origins} (the agent's tests run under a test runner). */
    ResourceRegistry(TrackingSettings settings, CodeOrigins origins) {
        this.settings = settings;
        this.stacks = new StackTable(BacktraceReader.create(),
                                     new FrameFilter(settings.depth(), settings.trimPrefixes(), ownedByPools(settings),
                                                     origins));
        this.stats = new KindStats[ResourceKind.values().length];
        for (int i = 0; i < stats.length; i++) {
            stats[i] = new KindStats();
        }
        this.youngThreads = new YoungThreads(stats);
        this.leaks = new LeakRecords(settings.leakedDetailLimit());
        this.allocations = new ByteAllocations(this, stats);
        this.counts = new OpenCounts(this, settings, stats, youngThreads);
    }

    /**
     * What pools acquire is theirs when JDBC is tracked (the pool is then reported, or its connections); otherwise
     * a pool's threads are plain thread pools of the application.
     */
    private static String[] ownedByPools(TrackingSettings settings) {
        return settings.isEnabled(ResourceKind.JDBC) || settings.isEnabled(ResourceKind.JDBC_POOL)
            ? settings.poolPrefixes() : new String[0];
    }

    /** Whether stacks are interned from raw backtraces (fast) rather than symbolized at every acquisition. */
    public boolean isInterningStacks() {
        return stacks.isInterning();
    }

    void acquire(ResourceKind kind, Object resource, Object detail, int flags) {
        acquire(kind, resource, detail, flags, null, false);
    }

    /**
     * Records an acquisition. With {@code stackDecided}, the advice already decided on the stack in the instrumented
     * method itself ({@code capturedAt}, or {@code null} for none): the fewer frames above the capture, the cheaper
     * {@code fillInStackTrace}, so the hottest paths (file opens) capture there. Otherwise the stack is captured here,
     * one frame below the hook, if the stack policy wants it.
     */
    void acquire(ResourceKind kind, Object resource, Object detail, int flags, Throwable capturedAt,
                 boolean stackDecided) {
        acquire(kind, resource, detail, flags, capturedAt, stackDecided, 0);
    }

    /**
     * As above; {@code skipTop} frames of the stack below the agent's are not the application's (the instrumented
     * method of a JDBC driver or pool).
     */
    void acquire(ResourceKind kind, Object resource, Object detail, int flags, Throwable capturedAt,
                 boolean stackDecided, int skipTop) {
        if (!settings.isEnabled(kind)) {
            return;
        }
        ThreadState ts;
        try {
            ts = ThreadState.current();
        } catch (Throwable t) {
            failures.incrementAndGet();
            return;
        }
        acquire(kind, resource, detail, flags, capturedAt, stackDecided, skipTop, ts);
    }

    /** As above, on the calling thread, whose state the caller already holds. */
    void acquire(ResourceKind kind, Object resource, Object detail, int flags, Throwable capturedAt,
                 boolean stackDecided, int skipTop, ThreadState ts) {
        acquire(kind, resource, detail, flags, capturedAt, stackDecided, skipTop, ts, null, null);
    }

    /**
     * As above. {@code owner}, when not {@code null}, is whose the resource is, whatever its stack says (a jar opened
     * by a class loader is its maker's); {@code fallbackStack} is the site recorded when the acquisition's own stack
     * has no application frame (the line that made the loader), or {@code null}.
     */
    void acquire(ResourceKind kind, Object resource, Object detail, int flags, Throwable capturedAt,
                 boolean stackDecided, int skipTop, ThreadState ts, Owner owner, InternedStack fallbackStack) {
        acquire(kind, resource, detail, flags, capturedAt, stackDecided, skipTop, ts, owner, fallbackStack, null);
    }

    /**
     * As above; {@code ownerAtApplicationLine}, when not {@code null}, is whose the resource is when its stack has an
     * application line and no JDK code but the {@code jar:} URL handler acquired it for itself (an uncached
     * {@code jar:} connection the application opened, not one a {@code ServiceLoader} opened to read a provider list).
     */
    void acquire(ResourceKind kind, Object resource, Object detail, int flags, Throwable capturedAt,
                 boolean stackDecided, int skipTop, ThreadState ts, Owner owner, InternedStack fallbackStack,
                 Owner ownerAtApplicationLine) {
        if (!settings.isEnabled(kind)) {
            return;
        }
        Throwable acquiredAt;
        int depth;
        try {
            depth = ts.agentDepth;
            if (depth != 0) {
                return;
            }
            if (CallDepth.insideOwningCall(ts, kind)) {
                // acquired inside a call that owns it (a driver's socket while a JDBC connection is being made)
                return;
            }
            acquiredAt = stackDecided ? capturedAt : wantsStack(ts, kind) ? new Throwable() : null;
            ts.agentDepth = depth + 1;
        } catch (Throwable t) {
            failures.incrementAndGet();
            return;
        }
        try {
            drainCollected();
            InternedStack stack = acquiredAt != null ? stacks.intern(acquiredAt, skipTop) : InternedStack.notRecorded(kind);
            if (stack.subsumed) {
                return;
            }
            Owner whose = owner != null ? owner
                : ownerAtApplicationLine != null && stack.atApplicationLine
                  && (stack.owner == Owner.APPLICATION || stack.jarUrlOnly) ? ownerAtApplicationLine : stack.owner;
            if (fallbackStack != null && !stack.atApplicationLine) {
                // no application line on this stack: the resource is shown where its owner was made
                stack = fallbackStack;
            }
            boolean young = kind.has(ResourceKind.Traits.YOUNG);
            if (young) {
                TrackedResource previous = ts.ownYoung(this);
                if (previous != null && previous.refersTo(resource)) {
                    // a delegating constructor reported the same resource twice: keep the first record only
                    return;
                }
            }
            // a young record needs no identity hash until it enters the table (the costliest step for a new object)
            int hash = young ? 0 : ResourceTable.hashOf(resource);
            long id = ts.nextId(ids);
            long now = CoarseClock.millis();
            TrackedResource record = newRecord(resource, hash, id, kind, detail, flags, ts.acquirer(), now, stack,
                                               whose);
            if (young) {
                TrackedResource previous = ts.ownYoung(this);
                if (previous != null) {
                    if (previous.countedByThread) {
                        // counted by this thread while in its slot; in the table it is counted in the shared count
                        // (whatever its state: one ended elsewhere was taken off the shared count)
                        previous.countedByThread = false;
                        int pk = previous.kind.ordinal();
                        stats[pk].open.incrementAndGet();
                        ts.addYoungOpen(pk, -1);
                    }
                    promote(previous);
                }
                if (ts.registeredYoungWith != this) {
                    youngThreads.register(ts, this, promoter);
                }
                Class<?> type = resource.getClass();
                java.lang.ref.WeakReference<Class<?>> last = ts.lastYoungClass;
                if (last == null || last.get() != type) {
                    YoungClasses.add(type);
                    ts.lastYoungClass = new java.lang.ref.WeakReference<>(type);
                }
                ts.setYoung(record, this);
                if (whose == Owner.APPLICATION) {
                    int k = kind.ordinal();
                    // counted by the thread itself: no shared adder
                    ts.countYoungAcquired(k);
                    if (limitValues.get(k) == Long.MAX_VALUE) {
                        // nor a shared open count: a kind without a limit needs no exact count at every acquisition,
                        // and the peak is what this thread can see (exact when one thread at a time holds young
                        // records; reads of the counts raise it to the exact open count)
                        record.countedByThread = true;
                        if ((countedByThreads & (1 << k)) == 0) {
                            markCountedByThreads(k);
                        }
                        KindStats s = stats[k];
                        s.raisePeak(s.open.get() + ts.addYoungOpen(k, 1));
                    } else {
                        // a limit compares the exact open count at every acquisition: one shared atomic
                        stats[k].onOpen();
                    }
                    acquiredByApplication(ts, record);
                }
            } else if (table.addIfAbsent(record)) {
                if (whose == Owner.APPLICATION) {
                    stats[kind.ordinal()].onAcquire();
                    acquiredByApplication(ts, record);
                }
            } else {
                // a delegating constructor reported the same resource twice: keep the first record only
                record.clear();
            }
        } catch (Throwable t) {
            failures.incrementAndGet();
        } finally {
            // restored, not decremented: a failure anywhere above must not leave this thread untracked for good
            ts.agentDepth = depth;
        }
    }

    /**
     * Moves a young record into the shared table (its thread acquired another resource, or died), unless it ended
     * meanwhile. Added first and only then replaced in the slot, so that a thread looking for it finds it in one
     * place or the other (see {@link #release}).
     */
    private void promote(TrackedResource record) {
        Object resource = record.get();
        if (resource == null || !record.isOpen()) {
            // ended, or collected (the reference queue will tell)
            return;
        }
        record.hash = ResourceTable.hashOf(resource);
        record.inTable = true;
        table.addIfAbsent(record);
        if (!record.isOpen()) {
            // released by another thread while being added
            table.removeRecord(record);
        }
    }

    /**
     * {@code resource} was closed. Looked for where its record can be: the calling thread's young slot (a resource
     * closed by the thread that acquired it, before it acquired another: no hash, no lock), the shared table, and, for
     * classes that have young records at all, the other threads' young slots, then the table again (the record may
     * have been promoted meanwhile: promotion adds to the table before it leaves the slot).
     */
    void release(Object resource) {
        ThreadState ts = ThreadState.current();
        TrackedResource y = ts.ownYoung(this);
        if (y != null && y.refersTo(resource)) {
            ts.setYoung(null, this);
            endedYoung(y, ts, resource);
            // the resource stays reachable until its record ended: its collection must not race with this release
            Reference.reachabilityFence(resource);
            return;
        }
        // kept out of this method: it is inlined into every instrumented close, and a small close stays inlinable
        releaseElsewhere(resource, ts);
    }

    private void releaseElsewhere(Object resource, ThreadState ts) {
        TrackedResource record = table.remove(resource);
        if (record == null && YoungClasses.has(resource.getClass())) {
            record = youngThreads.find(resource, ts);
            if (record == null) {
                record = table.remove(resource);
            }
        }
        if (record != null) {
            ended(record, ts, resource);
        } else {
            releasePlaces.releasedWithoutRecord(resource, ts);
        }
    }

    /**
     * The end of a record the calling thread released from its own young slot: as {@link #ended}, but a record this
     * thread counted itself comes off its own count (no shared atomic).
     */
    private void endedYoung(TrackedResource record, ThreadState ts, Object resource) {
        if (!ts.gcThread && record.countedByThread) {
            if (record.end(TrackedResource.RELEASED)) {
                ts.addYoungOpen(record.kind.ordinal(), -1);
                releasedBy(ts, record, resource);
            }
        } else {
            ended(record, ts, resource);
        }
    }

    /**
     * Counts the end of a record released by the application (or, on a finalizer or cleaner thread, leaked), by a
     * close of {@code resource} ({@code null}: without a close call of its own).
     */
    private void ended(TrackedResource record, ThreadState ts, Object resource) {
        if (ts.gcThread) {
            // closed by a finalizer or a cleaner after the application dropped it: the application leaked it
            if (record.end(TrackedResource.LEAKED)) {
                onLeak(record);
            }
        } else if (record.end(TrackedResource.RELEASED) && !record.isApart()) {
            // no clear(): an unreachable Reference is never queued, and clear() is a native call on every close;
            // should the record be queued anyway, its state says it ended
            stats[record.kind.ordinal()].onRelease();
            releasedBy(ts, record, resource);
        }
    }

    /**
     * What follows every release by the application on the calling thread ({@code ts}), its count already taken:
     * the hold time, the release's place ({@link ReleasePlaces}) when its acquisition's stack was recorded, and the
     * trace's event. {@code resource} is what was closed, or {@code null} when it ended without a close call.
     */
    private void releasedBy(ThreadState ts, TrackedResource record, Object resource) {
        heldFor(ts, record.kind.ordinal(), record.acquiredAtMillis);
        if (ReleasePlaces.isPlaced(record)) {
            releasePlaces.released(record, resource, ts);
        }
        if (trace != null) {
            traced(ts, TraceEvents.RELEASE, record);
        }
        if (life != null) {
            lifeReleased(ts, record, resource);
        }
    }

    /**
     * A resource of {@code kind} acquired at {@code acquiredAtMillis} was released by the calling thread: when the
     * live view wants hold times, they go to the thread's own ring of runs (one plain store while the held time
     * repeats; see {@link ThreadState#offerHold}), and from there to the sink when a reader drains them or the ring
     * is full.
     */
    void heldFor(ThreadState ts, int kind, long acquiredAtMillis) {
        if (holdTimes != null) {
            long held = heldSince(acquiredAtMillis);
            if (ts.holdRegistry != this || !ts.offerHold(kind, held)) {
                holdRingFull(ts, kind, held);
            }
        }
    }

    /** The calling thread's ring is full or not made yet: see {@link HoldTimeRings#full}. */
    private void holdRingFull(ThreadState ts, int kind, long millis) {
        HoldTimeSink sink = holdTimes;
        if (sink != null) {
            holdRings.full(ts, kind, millis, sink);
        }
    }

    /**
     * Hands the hold times every thread recorded since the last drain to the sink (on the calling thread), and
     * forgets threads that died once their last ones were drained. Called by the live view before it reads its
     * percentiles; thread-safe (drains are serialized).
     */
    public void drainHoldTimes() {
        holdRings.drain(holdTimes);
    }

    /** Milliseconds since {@code acquiredAtMillis} on the registry's clock; never negative (the clock may step back). */
    static long heldSince(long acquiredAtMillis) {
        long held = CoarseClock.millis() - acquiredAtMillis;
        return held < 0 ? 0 : held;
    }

    /** Tells {@code sink} the hold time of every release from now on ({@code null}: no one). */
    public void installHoldTimes(HoldTimeSink sink) {
        holdTimes = sink;
    }

    /** See {@link ByteAllocations#allocated}. */
    void allocated(ResourceKind kind, long address, long bytes, int device, long group, Object detail,
                   Throwable capturedAt) {
        if (settings.isEnabled(kind)) {
            allocations.allocated(kind, address, bytes, device, group, detail, capturedAt);
        }
    }

    /** See {@link ByteAllocations#freed}. */
    void freed(ResourceKind kind, long address) {
        allocations.freed(kind, address);
    }

    /** See {@link ByteAllocations#resized}. */
    void resized(ResourceKind kind, long address, long bytes) {
        allocations.resized(kind, address, bytes);
    }

    /** See {@link ByteAllocations#freedIf}. */
    int freedIf(ResourceKind kind, java.util.function.Predicate<? super TrackedAllocation> which) {
        return allocations.freedIf(kind, which);
    }

    /**
     * Moves {@code resource} to the JVM ({@code toJvm}: its owner keeps it for itself, see {@link Hooks#parkedByJvm})
     * or back to the application, at the calling line: the open record of the old owner ends as a release and a new
     * one is made. Nothing happens unless it is tracked, open and the old owner's.
     */
    void moveOwner(Object resource, boolean toJvm) {
        ThreadState ts = ThreadState.current();
        if (ts.agentDepth != 0) {
            return;
        }
        Throwable here = toJvm ? null : new Throwable();
        ts.enter();
        try {
            TrackedResource record = table.find(resource);
            if (record == null || !record.isOpen() || record.owner != (toJvm ? Owner.APPLICATION : Owner.JVM)) {
                return;
            }
            InternedStack stack = toJvm ? record.stack : stacks.intern(here, 0);
            if (stack.isApart() && !toJvm || stack.subsumed) {
                return;
            }
            TrackedResource removed = table.remove(resource);
            if (removed != null) {
                // handed over, not closed: placed without a close call
                ended(removed, ts, null);
                recordAgain(removed, resource, toJvm ? Owner.JVM : Owner.APPLICATION, stack, ts);
            }
        } catch (Throwable t) {
            failures.incrementAndGet();
        } finally {
            ts.exit();
        }
    }

    /**
     * Records {@code resource}, whose record {@code ended} just ended, again: same kind and description, a new owner
     * and site, acquired now. Not for young-path kinds.
     */
    private void recordAgain(TrackedResource ended, Object resource, Owner owner, InternedStack stack, ThreadState ts) {
        int hash = ResourceTable.hashOf(resource);
        long id = ts.nextId(ids);
        long now = CoarseClock.millis();
        TrackedResource record = newRecord(resource, hash, id, ended.kind, ended.detail, ended.flags, ts.acquirer(),
                                           now, stack, owner);
        if (table.addIfAbsent(record) && owner == Owner.APPLICATION) {
            stats[ended.kind.ordinal()].onAcquire();
        }
    }

    /** A new record of the current epoch; a socket's with its addresses read now. */
    private TrackedResource newRecord(Object resource, int hash, long id, ResourceKind kind, Object detail, int flags,
                                      Acquirer by, long now, InternedStack stack, Owner owner) {
        if (!kind.has(ResourceKind.Traits.ADDRESSES)) {
            return new TrackedResource(resource, hash, collected, id, kind, detail, flags, by, now, stack, owner,
                                       epoch);
        }
        TrackedEndpoint endpoint = new TrackedEndpoint(resource, hash, collected, id, kind, detail, flags, by, now,
                                                       stack, owner, epoch);
        SocketAddresses.refresh(endpoint, resource);
        return endpoint;
    }

    /** The class loaders' jars and whose they are: see {@link ClassLoaderJars}. */
    ClassLoaderJars loaderJars() {
        return loaderJars;
    }

    /** {@code agentClass}, another agent's, is about to start: its code is the agent's from now on. */
    void agentStarting(Class<?> agentClass) {
        stacks.origins().agentStarting(agentClass);
    }

    /**
     * The detail of {@code resource}'s open record, looked for where it can be (this thread's young slot, the table,
     * the other threads' young slots) without taking it out; {@code null} when it is not tracked.
     */
    Object detailOf(Object resource) {
        ThreadState ts = ThreadState.current();
        TrackedResource record = recordOf(ts, resource);
        if (record == null) {
            record = youngThreads.find(resource, ts);
        }
        return record == null ? null : record.detail;
    }

    String[] poolPrefixes() {
        return settings.poolPrefixes();
    }

    boolean isTracked(Object resource) {
        return table.contains(resource);
    }

    void refreshAddresses(Object resource) {
        TrackedResource record = table.find(resource);
        if (record instanceof TrackedEndpoint) {
            ThreadState ts = ThreadState.current();
            ts.enter();
            try {
                SocketAddresses.refresh((TrackedEndpoint) record, resource);
            } finally {
                ts.exit();
            }
        }
    }

    /** Whether the calling thread should record the stack of the acquisition of {@code kind} it is about to report. */
    boolean shouldCaptureStack(ResourceKind kind) {
        return wantsStack(ThreadState.current(), kind);
    }

    /** As above, for the calling thread's state {@code ts}. */
    boolean shouldCaptureStack(ThreadState ts, ResourceKind kind) {
        return wantsStack(ts, kind);
    }

    /**
     * The stack policy: every stack, or ({@code stacks=adaptive}) as many as the thread's rate of acquisitions of
     * {@code kind} allows: each kind has its own budget, so a burst of file opens never costs a thread pool made
     * right after it its stack.
     */
    private boolean wantsStack(ThreadState ts, ResourceKind kind) {
        return !settings.adaptiveStacks() || ts.sampleStack(kind.ordinal());
    }

    void countFailure() {
        failures.incrementAndGet();
    }

    void drainCollected() {
        Reference<?> ref;
        while ((ref = collected.poll()) != null) {
            onCollected((TrackedResource) ref);
        }
    }

    void onCollected(TrackedResource record) {
        if (record.inTable || record.hash != 0) {
            table.removeRecord(record);
        }
        if (endedElsewhere(record)) {
            return;
        }
        if (record.end(TrackedResource.LEAKED)) {
            onLeak(record);
        }
    }

    /**
     * A record its family says ended with another ({@link KindRules#endedElsewhere}: a statement whose connection was
     * closed) is ended as released (and leaves the table) the first time anyone looks.
     */
    boolean endedElsewhere(TrackedResource record) {
        try {
            if (!KindRules.Registered.of(record.kind).endedElsewhere(record.detail, record.get())) {
                return false;
            }
        } catch (Throwable t) {
            failures.incrementAndGet();
            return false;
        }
        table.removeRecord(record);
        if (record.end(TrackedResource.RELEASED) && !record.isApart()) {
            stats[record.kind.ordinal()].onRelease();
            // ended with its owner: no close call of its own to place
            releasedBy(ThreadState.current(), record, null);
        }
        return true;
    }

    /**
     * The record of {@code resource} if it is open on this thread's young slot or in the table ({@code ts}: the
     * calling thread's state), or {@code null}.
     */
    TrackedResource recordOf(ThreadState ts, Object resource) {
        TrackedResource y = ts.ownYoung(this);
        return y != null && y.refersTo(resource) ? y : table.find(resource);
    }

    private void onLeak(TrackedResource record) {
        if (record.isApart()) {
            return;
        }
        if (heldNothing(record)) {
            // dropped before it held anything (a library's default executor, replaced before it ran a task): it
            // ended like a released one, and is counted apart rather than as a leak
            stats[record.kind.ordinal()].onRelease();
            unusedPools.incrementAndGet();
            return;
        }
        stats[record.kind.ordinal()].onLeak();
        leaks.add(record);
        if (trace != null) {
            traced(ThreadState.current(), TraceEvents.LEAK, record);
        }
        if (Listeners.INSTANCE.active()) {
            publishLeak(record);
        }
    }

    /**
     * Records a trace event of {@code record} (of a traced kind) on the calling thread ({@code ts}); out of line: the
     * hot paths pay a null check only.
     */
    private void traced(ThreadState ts, byte type, TrackedResource record) {
        if (trace.traces(record.kind)) {
            trace.record(ts, type, record);
        }
    }

    /**
     * What follows every acquisition by the application on the calling thread ({@code ts}), its counts already taken:
     * the trace's event and the acquisition's own event, each a null check while off.
     */
    private void acquiredByApplication(ThreadState ts, TrackedResource record) {
        if (trace != null) {
            traced(ts, TraceEvents.ACQUIRE, record);
        }
        if (life != null) {
            lifeAcquired(record);
        }
    }

    /**
     * Hands an application acquisition to the {@link LifeEventSink}, on the acquiring thread (its own I/O already
     * untracked: inside {@link #acquire}); out of line, as {@link #traced}.
     */
    private void lifeAcquired(TrackedResource record) {
        LifeEventSink l = life;
        if (l != null) {
            try {
                record.releaseEvent = l.acquired(record.kind.label(), record.id, record, record.stack.firstFrame());
            } catch (Throwable t) {
                failures.incrementAndGet();
            }
        }
    }

    /**
     * Hands a release by the application to the {@link LifeEventSink}, on the releasing thread ({@code ts}), of
     * {@code resource} ({@code null}: without a close call of its own): with the release's stack when its event will
     * be written.
     */
    private void lifeReleased(ThreadState ts, TrackedResource record, Object resource) {
        LifeEventSink l = life;
        Object begun = record.releaseEvent;
        if (l == null || begun == null) {
            return;
        }
        record.releaseEvent = null;
        Throwable at = resource == null || resource == Thread.currentThread() ? null : new Throwable();
        ts.enter();
        try {
            if (l.releasing(begun)) {
                // skip the instrumented close itself, as a release's place does (see ReleasePlaces#released)
                String releasedAt = at == null ? "" : stacks.intern(at, 1).firstFrame();
                l.released(begun, record.kind.label(), record.id, record, record.acquirer.thread,
                           record.stack.firstFrame(), releasedAt, heldSince(record.acquiredAtMillis));
            }
        } catch (Throwable t) {
            failures.incrementAndGet();
        } finally {
            ts.exit();
        }
    }

    /**
     * Hands every acquisition and release by the application to {@code sink} from now on, or to nobody ({@code
     * null}). A release is handed over only when its acquisition was (with what the sink returned then).
     */
    public void lifeEvents(LifeEventSink sink) {
        life = sink;
    }

    /** An acquisition of {@code kind} at {@code stack} was refused at its limit with {@code message}: traced. */
    void tracedRefusal(ResourceKind kind, InternedStack stack, String message) {
        TraceEvents t = trace;
        if (t != null && t.traces(kind)) {
            t.record(ThreadState.current(), TraceEvents.REFUSED, new TraceEvents.Refusal(kind, stack, message));
        }
    }

    /**
     * Starts the trace of {@code kinds} ({@code trace=FILE}): call before the registry is installed, once. The agent's
     * writer drains it with {@link #drainTrace}.
     */
    public void startTrace(java.util.Set<ResourceKind> kinds) {
        trace = new TraceEvents(kinds);
    }

    /** Hands the trace's events recorded so far to {@code sink}, on the calling thread (the writer's). */
    public void drainTrace(TraceSink sink) {
        TraceEvents t = trace;
        if (t != null) {
            ThreadState ts = ThreadState.current();
            ts.enter();
            try {
                t.drainTo(sink);
            } finally {
                ts.exit();
            }
        }
    }

    /** Tells the listeners of the leak of {@code record} (on their thread: this only queues it). */
    private static void publishLeak(TrackedResource record) {
        Listeners.INSTANCE.publish(LeakWatchEvent.leakFound(record.kind.label(), record.id, record.description(),
                                                            record.acquirer.thread, record.stack.frames.clone(),
                                                            heldSince(record.acquiredAtMillis)));
    }

    /** Whether {@code record}'s family says it held nothing ({@link KindRules#heldNothing}). */
    private static boolean heldNothing(TrackedResource record) {
        try {
            return KindRules.Registered.of(record.kind).heldNothing(record.detail);
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * A snapshot of every record: see {@link RegistryReads#snapshot}. Resources collected but not yet noticed are
     * moved to the leaked list first, so a snapshot taken right after a garbage collection reports them as leaked.
     */
    public RegistrySnapshot snapshot() {
        return reads.snapshot();
    }

    /** See {@link RegistryReads#heldApart}. */
    public long[] heldApart() {
        return reads.heldApart();
    }

    /**
     * Takes one sample of every kind's open count for the run's history (the agent calls it every second on the
     * clock's thread). Counters only: no record is visited.
     */
    public void sampleHistory() {
        long[] open = new long[ResourceKind.values().length];
        for (KindCountsView c : counts.countsWith(java.util.Map.of())) {
            open[ResourceKind.fromLabel(c.kind()).ordinal()] = c.open();
        }
        history.sample(CoarseClock.millis(), open);
    }

    /**
     * The history's first sample, as the agent starts: nothing is open yet (what was opened before the agent is not
     * known to it), so no counter is read.
     */
    public void startHistory() {
        history.sample(CoarseClock.millis(), new long[ResourceKind.values().length]);
    }

    /** The open count of each tracked kind over the run so far. */
    public HistoryView history() {
        boolean[] enabled = new boolean[ResourceKind.values().length];
        for (ResourceKind k : ResourceKind.values()) {
            enabled[k.ordinal()] = settings.isEnabled(k);
        }
        return history.view(enabled);
    }

    /** See {@link RegistryReads#releaseSites}. */
    public List<ReleaseSiteView> releaseSites() {
        return reads.releaseSites();
    }

    /** Sets what makes the hold-time recorder of each release place ({@code null}: places count only). */
    public void installReleaseHoldTimes(java.util.function.Supplier<HoldTimeRecorder> recorders) {
        releasePlaces.installRecorders(recorders);
    }

    /** See {@link RegistryReads#openSites}. */
    public List<OpenSiteView> openSites() {
        return reads.openSites();
    }

    /** See {@link RegistryReads#openAcquiredIn}. */
    public List<ResourceView> openAcquiredIn(long afterMillis, long upToMillis) {
        return reads.openAcquiredIn(afterMillis, upToMillis);
    }

    /**
     * The counters of every enabled kind, without looking at any record: what the live view reads many times a
     * second. Exact as the counters are; a kind in bytes has its open bytes, and no kind has per-device counts
     * here (a {@link #snapshot()} has them).
     */
    public List<KindCountsView> counts() {
        ThreadState ts = ThreadState.current();
        ts.enter();
        try {
            refresh();
        } finally {
            ts.exit();
        }
        return countsWith(java.util.Map.of());
    }

    /**
     * Adds what a family checks before the records are read (a report, the live view's counts and sites): releases
     * it could not see happen, such as a child process whose exit the application saw while its streams were still
     * open, and which it closed later. Runs as the agent, on the reading thread; a failure is counted, never thrown.
     */
    public synchronized void addRefresher(Runnable refresher) {
        Runnable[] now = refreshers;
        Runnable[] more = java.util.Arrays.copyOf(now, now.length + 1);
        more[now.length] = refresher;
        refreshers = more;
    }

    /** Before a read of the records: the collected ones drained, then the families' refreshers run. */
    void beforeReading() {
        drainCollected();
        refresh();
    }

    private void refresh() {
        for (Runnable r : refreshers) {
            try {
                r.run();
            } catch (Throwable t) {
                failures.incrementAndGet();
            }
        }
    }

    /** See {@link OpenCounts#countsWith}. */
    List<KindCountsView> countsWith(java.util.Map<ResourceKind, List<long[]>> devices) {
        return counts.countsWith(devices);
    }

    /** See {@link OpenCounts#resetPeak}. */
    public void resetPeak(ResourceKind kind) {
        counts.resetPeak(kind);
    }

    /** The exact counts of each kind (what the limits compare). */
    OpenCounts openCounts() {
        return counts;
    }

    /** The kinds, one bit per ordinal, of which a thread counted a young record itself (see the field). */
    int countedByThreads() {
        return countedByThreads;
    }

    /** Failures inside the agent that were suppressed so far (each one a missed record). */
    public long agentFailures() {
        return failures.get();
    }

    /**
     * Starts a new epoch and returns it: {@link #snapshotSince(long)} with the returned value lists what was acquired
     * from now on (by any thread) and is still open or leaked. Thread-safe; a mark costs one atomic increment.
     */
    public synchronized long mark() {
        int next = epoch + 1;
        epoch = next;
        return next;
    }

    /**
     * A snapshot of what was acquired since {@code mark} (a value returned by {@link #mark()}): its open resources and
     * the leaked ones still kept one by one, with counts of just those (acquired = open + leaked, released = 0, the
     * peak the open count), so that a report of it reads as "what this request or test left behind".
     */
    public RegistrySnapshot snapshotSince(long mark) {
        return snapshot().since(mark);
    }

    // ---- what the registry's parts (KindLimits, RegistryReads) read of it

    ResourceTable table() {
        return table;
    }

    ByteAllocations allocations() {
        return allocations;
    }

    ReleasePlaces releasePlaces() {
        return releasePlaces;
    }

    LeakRecords leaks() {
        return leaks;
    }

    long unusedPools() {
        return unusedPools.get();
    }

    /** Adds the records in the threads' young slots to {@code records} (promoting those of dead threads). */
    void collectYoung(List<TrackedResource> records) {
        youngThreads.collectInto(records, promoter);
    }

    /** The limit on open resources of {@code kind}; {@link Long#MAX_VALUE}: none. In bytes for a kind in bytes. */
    public long limit(ResourceKind kind) {
        return limits.limit(kind);
    }

    /** See {@link KindLimits#set}. */
    public void setLimit(ResourceKind kind, long limit) {
        limits.set(kind, limit);
    }

    /** What happens at a limit: {@code true} ({@code onlimit=fail}) refuses the acquisition, {@code false} warns. */
    public void setFailAtLimit(boolean fail) {
        limits.setFailAtLimit(fail);
    }

    /** Whether an acquisition at a limit is refused ({@code onlimit=fail}) rather than allowed with a warning. */
    public boolean failsAtLimit() {
        return limits.failsAtLimit();
    }

    /** Whether any kind has a limit: only then do the acquiring hooks ask {@link #refusal}. */
    boolean hasLimits() {
        return limits.any();
    }

    /** See {@link KindLimits#refusal}. */
    String refusal(ResourceKind kind, long need, int skipTop) {
        return limits.refusal(kind, need, skipTop);
    }

    boolean isEnabled(ResourceKind kind) {
        return settings.isEnabled(kind);
    }

    /** The next record id for the calling thread's state {@code ts}. */
    long nextId(ThreadState ts) {
        return ts.nextId(ids);
    }

    /** The current {@link #mark()} epoch. */
    int epoch() {
        return epoch;
    }

    InternedStack intern(Throwable at, int skipTop) {
        return stacks.intern(at, skipTop);
    }

    /** Sets the bit of kind ordinal {@code k} in {@link #countedByThreads} (once per kind: not on the hot path). */
    private void markCountedByThreads(int k) {
        synchronized (countedByThreadsLock) {
            countedByThreads |= 1 << k;
        }
    }

    /** Adds every open application resource of {@code kind} to {@code b}, by its site (bytes for a kind in bytes). */
    void addHolders(ResourceKind kind, TopHolders.Builder b) {
        if (kind.inBytes()) {
            for (TrackedAllocation a : allocations.of(kind).copy()) {
                if (!a.stack.isApart()) {
                    b.add(a.stack, a.bytes);
                }
            }
            return;
        }
        List<TrackedResource> records = table.copy();
        if (kind.has(ResourceKind.Traits.YOUNG)) {
            youngThreads.collectInto(records, promoter);
        }
        for (TrackedResource r : records) {
            if (r.kind == kind && r.isOpen() && !r.isApart() && r.get() != null) {
                b.add(r.stack, 1);
            }
        }
    }

}
