package io.leakwatch.bootstrap;

/**
 * Per-thread state of the agent: the re-entrancy guard, a block of resource ids, the stack sampling budgets, the JDBC
 * call depth, and the young slot of the thread-local fast path.
 *
 * <p>The guard makes the agent's own work invisible to itself: while a thread is inside the agent (tracking an
 * acquisition, symbolizing a stack, writing a report), any resource it opens is not tracked.
 *
 * <p>Each instance belongs to one thread, which alone writes it. The exceptions: the young slot, which other threads
 * read (acquire order, paired with the owner's release-order writes) when they look for a resource to release and
 * when they take a snapshot, and whose record's state they may end by compare-and-set; and the registration mark,
 * written under the lock of {@link YoungThreads}.
 */
final class ThreadState {
    private static final ThreadLocal<ThreadState> CURRENT = new ThreadLocal<>() {
        // an anonymous class, not withInitial(lambda): no invokedynamic in code that runs inside JDK I/O
        @Override
        protected ThreadState initialValue() {
            return new ThreadState();
        }
    };
    private static final int ID_BLOCK = 256;
    /** Adaptive stacks: acquisitions per thread and second whose stacks are all recorded. */
    static final int ADAPTIVE_BUDGET = 1000;
    /** Adaptive stacks: beyond the budget, one acquisition in this many has its stack recorded. */
    static final int ADAPTIVE_ONE_IN = 64;
    private static final long SECOND = 1_000_000_000L;

    private static final java.lang.invoke.VarHandle YOUNG;

    static {
        try {
            YOUNG = java.lang.invoke.MethodHandles.lookup().findVarHandle(ThreadState.class, "young",
                                                                          TrackedResource.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * This thread's most recent acquisition of a kind with a fast path (thread pools, JDBC connections), not yet in
     * the shared table: written by this thread only (release order), read by others (acquire order) when they
     * release a resource they did not find elsewhere, and by snapshots.
     */
    private TrackedResource young;
    /**
     * Acquisitions of young-path kinds made by this thread, by kind ordinal: counted here, by this thread alone,
     * instead of in a shared adder; snapshots add them up over the threads of {@link YoungThreads} (opaque reads).
     */
    final long[] youngAcquired = new long[ResourceKind.values().length];
    private static final java.lang.invoke.VarHandle COUNTS =
        java.lang.invoke.MethodHandles.arrayElementVarHandle(long[].class);

    /** Counts one acquisition of {@code kind} on this thread (written opaquely: readers never see a torn value). */
    void countYoungAcquired(int kind) {
        COUNTS.setOpaque(youngAcquired, kind, youngAcquired[kind] + 1);
    }

    /** This thread's count of {@code kind}, as another thread sees it. */
    long youngAcquired(int kind) {
        return (long) COUNTS.getOpaque(youngAcquired, kind);
    }

    /**
     * Open resources of young-path kinds counted by this thread rather than in the shared open count, by kind
     * ordinal: one more for every young acquisition made while the kind has no limit ({@link
     * TrackedResource#countedByThread}), one less when this thread releases such a record from its own slot or moves
     * it to the table. A record of this thread ended anywhere else is taken off the shared count instead, so the
     * exact open count is the shared one plus every thread's; this thread's own is never negative.
     */
    final long[] youngOpen = new long[ResourceKind.values().length];

    /** Adds {@code delta} to this thread's open count of {@code kind} and returns it (written opaquely). */
    long addYoungOpen(int kind, long delta) {
        long n = youngOpen[kind] + delta;
        COUNTS.setOpaque(youngOpen, kind, n);
        return n;
    }

    /** This thread's open count of {@code kind}, as another thread sees it. */
    long youngOpen(int kind) {
        return (long) COUNTS.getOpaque(youngOpen, kind);
    }

    /** Ring size of {@link #holdRing}: a power of two. */
    static final int HOLD_RING = 64;
    /** A ring slot: {@code kind << 59 | millis << 24 | count}, a run of equal hold times in one long. */
    private static final int SLOT_KIND_SHIFT = 59;
    private static final int SLOT_MILLIS_SHIFT = 24;
    private static final long SLOT_COUNT_MASK = (1L << SLOT_MILLIS_SHIFT) - 1;
    /** The longest hold time a slot holds, about a year; longer ones are recorded as this long. */
    private static final long SLOT_MAX_MILLIS = (1L << (SLOT_KIND_SHIFT - SLOT_MILLIS_SHIFT)) - 1;
    private static final java.lang.invoke.VarHandle HOLD_WRITTEN;
    private static final java.lang.invoke.VarHandle HOLD_READ;

    static {
        try {
            java.lang.invoke.MethodHandles.Lookup l = java.lang.invoke.MethodHandles.lookup();
            HOLD_WRITTEN = l.findVarHandle(ThreadState.class, "holdWritten", long.class);
            HOLD_READ = l.findVarHandle(ThreadState.class, "holdRead", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Hold times of this thread's releases not yet handed to the live view, made at the first release after the live
     * view started: a single-producer ring of runs. A release held as long as the one before it (on the registry's
     * 5 ms clock, what a loop's releases mostly are) adds one to the last slot's count, one plain store; another
     * takes the next slot. This thread writes slots and {@link #holdWritten} (release order); a drainer, under the
     * registry's hold-time lock, reads them, hands on what it had not seen, and advances {@link #holdRead} (release
     * order) up to the last slot, which stays in the ring: this thread may still count into it.
     */
    long[] holdRing;
    /** Slots ever written; written by this thread only. */
    private long holdWritten;
    /** {@link #holdWritten} when {@link #holdRing} was made: the ring has a last slot once it is passed. */
    private long holdRingStart;
    /** Slots the drains are done with; written by drainers only, under the registry's hold-time lock. */
    private long holdRead;
    /** Of the slot at {@link #holdRead}, the count already handed on; drainers only, under the lock. */
    private long holdReadCounted;

    /** The registry whose drains know {@link #holdRing} (one per JVM in the agent; tests make several). */
    Object holdRegistry;

    /**
     * Makes this thread's ring for {@code registry}, dropping what a ring made for another registry still held. This
     * thread only, under {@code registry}'s hold-time lock.
     */
    void newHoldRing(Object registry) {
        holdRing = new long[HOLD_RING];
        holdRegistry = registry;
        holdRingStart = holdWritten;
        holdReadCounted = 0;
        HOLD_READ.setRelease(this, holdWritten);
    }

    /** Puts a hold time in this thread's ring: false when the ring is full (or not made yet). This thread only. */
    boolean offerHold(int kind, long millis) {
        long[] ring = holdRing;
        if (ring == null) {
            return false;
        }
        long w = holdWritten;
        long run = (long) kind << SLOT_KIND_SHIFT | Math.min(millis, SLOT_MAX_MILLIS) << SLOT_MILLIS_SHIFT;
        if (w != holdRingStart) {
            int last = (int) (w - 1) & (HOLD_RING - 1);
            long slot = ring[last];
            if ((slot & ~SLOT_COUNT_MASK) == run && (slot & SLOT_COUNT_MASK) != SLOT_COUNT_MASK) {
                COUNTS.setRelease(ring, last, slot + 1);
                return true;
            }
        }
        if (w - (long) HOLD_READ.getAcquire(this) == HOLD_RING) {
            return false;
        }
        COUNTS.setRelease(ring, (int) w & (HOLD_RING - 1), run | 1);
        HOLD_WRITTEN.setRelease(this, w + 1);
        return true;
    }

    /**
     * Hands every hold time in this thread's ring not handed on yet to {@code sink}, in one call, through
     * {@code entries} and {@code counts} (each at least {@value #HOLD_RING} long); called by any thread, under the
     * registry's hold-time lock (one drainer at a time).
     */
    void drainHolds(HoldTimeSink sink, long[] entries, long[] counts) {
        long[] ring = holdRing;
        long r = holdRead;
        long w = (long) HOLD_WRITTEN.getAcquire(this);
        if (ring == null || w == r) {
            return;
        }
        int n = 0;
        long counted = holdReadCounted;
        for (long i = r; i < w; i++) {
            long slot = (long) COUNTS.getAcquire(ring, (int) i & (HOLD_RING - 1));
            long count = slot & SLOT_COUNT_MASK;
            long fresh = i == r ? count - counted : count;
            if (fresh > 0) {
                entries[n] = HoldTimeSink.entry((int) (slot >>> SLOT_KIND_SHIFT),
                                                (slot & ~(-1L << SLOT_KIND_SHIFT)) >>> SLOT_MILLIS_SHIFT);
                counts[n] = fresh;
                n++;
            }
            counted = count;
        }
        // the slots before the last are free again once read; the last stays, its count may still grow
        holdReadCounted = counted;
        HOLD_READ.setRelease(this, w - 1);
        if (n > 0) {
            sink.released(entries, counts, n);
        }
    }

    /** The class of this thread's last young record, weakly: {@link YoungClasses} needs telling once per class. */
    java.lang.ref.WeakReference<Class<?>> lastYoungClass;
    /** The registry whose list of threads with young records holds this state, if any. */
    Object registeredYoungWith;
    /** The thread this state belongs to, weakly: a dead thread's young record is moved to the table. */
    final java.lang.ref.WeakReference<Thread> owner = new java.lang.ref.WeakReference<>(Thread.currentThread());

    /**
     * Whether this state's thread ended (or was collected): it writes nothing more, so what it counted is final (a
     * thread's termination happens-before {@code isAlive} returning false).
     */
    boolean ownerDied() {
        Thread t = owner.get();
        return t == null || !t.isAlive();
    }
    int agentDepth;
    /** The test this thread runs, as {@link RunningTests#running} was told; {@code null}: none. Own thread only. */
    String test;
    /** The last {@link #acquirer()} made; own thread only. */
    private Acquirer acquirer;

    /**
     * Who acquires now, on this state's own thread: its name and the test it runs. The same object while neither
     * changes (compared by identity: a thread's name and a test's are the same strings until they change).
     */
    Acquirer acquirer() {
        String thread = Thread.currentThread().getName();
        String running = RunningTests.current(this);
        Acquirer a = acquirer;
        if (a == null || a.thread != thread || a.test != running) {
            a = new Acquirer(thread, running);
            acquirer = a;
        }
        return a;
    }
    /** A finalizer or cleaner thread: what it closes was dropped by the application, i.e. leaked. */
    final boolean gcThread = GcThreads.isCurrent();
    /** {@link CallDepth}: this thread's depth in the acquiring calls of each kind, by kind ordinal. */
    final int[] callDepth = new int[ResourceKind.values().length];
    /** {@link CallDepth}: how many calls of kinds that own what is acquired inside them this thread is in. */
    int owningCalls;
    /**
     * What is opening jars on this thread now (a class loader's class path, an uncached {@code jar:} connection), or
     * {@code null}: decides whose a jar opened meanwhile is (see {@link ClassLoaderJars}).
     */
    ClassLoaderJars.Opening jarOpening;
    /** This thread's events for the trace ({@code trace=FILE}), made on its first; {@code null} until then. */
    TraceBuffer trace;
    /** {@link PerThread}: what each family keeps for this thread, by kind ordinal. Own thread only. */
    final Object[] perFamily = new Object[ResourceKind.values().length];
    /** Adaptive stacks, by kind ordinal: when the current one-second window began. */
    private final long[] windowStart = new long[ResourceKind.values().length];
    /** Adaptive stacks, by kind ordinal: stacks recorded in the current window (plus one once over the budget). */
    private final int[] capturedInWindow = new int[ResourceKind.values().length];
    /** Adaptive stacks, by kind ordinal: acquisitions since the last sampled one, over the budget. */
    private final int[] sinceLastSample = new int[ResourceKind.values().length];

    {
        java.util.Arrays.fill(windowStart, System.nanoTime());
    }
    private long nextId;
    private long idLimit;

    static ThreadState current() {
        return CURRENT.get();
    }

    /** The registry the young record belongs to (one per JVM in the agent; tests make several). */
    private Object youngRegistry;

    /** The young record of {@code registry}, as this thread sees it. */
    TrackedResource ownYoung(Object registry) {
        return youngRegistry == registry ? young : null;
    }

    void setYoung(TrackedResource r, Object registry) {
        if (youngRegistry != registry) {
            // written only when it changes (once per thread in the agent): no store on every borrow and return
            youngRegistry = registry;
        }
        YOUNG.setRelease(this, r);
    }

    /** The young record, as another thread sees it. */
    TrackedResource youngSeenFromOtherThread() {
        return (TrackedResource) YOUNG.getAcquire(this);
    }

    /** Whether the thread is running agent code now; nothing it opens then is tracked. */
    boolean inAgent() {
        return agentDepth != 0;
    }

    void enter() {
        agentDepth++;
    }

    void exit() {
        agentDepth--;
    }

    /**
     * Whether this acquisition's stack, of the kind with ordinal {@code kind}, is recorded under
     * {@code stacks=adaptive}: all of the first {@value #ADAPTIVE_BUDGET} of that kind in each second of this thread,
     * then one in {@value #ADAPTIVE_ONE_IN} until as many again were recorded, then none until the kind's next
     * second. Each kind has its own budget, so a burst of one (ten thousand file opens) never costs another (the
     * thread pool made right after) its stack. A thread that opens a few resources (what most leaks are, and what the
     * JVM opens for itself) keeps every stack; a loop opening millions a second pays for at most {@code 2 x}
     * {@value #ADAPTIVE_BUDGET} stacks a second per kind, about half a percent of one core, while the sampled ones
     * still show where its acquisitions come from. (A thread that spent a kind's budget and then slowed down may go
     * up to 63 acquisitions of it without a stack before its next second.)
     */
    boolean sampleStack(int kind) {
        int captured = capturedInWindow[kind];
        if (captured < ADAPTIVE_BUDGET) {
            capturedInWindow[kind] = captured + 1;
            return true;
        }
        // over the budget the clock is read on the first call and then with every 64th: a slow thread that spent its
        // budget long ago gets a new one at once, and a fast loop pays for no clock reads in between
        boolean firstOver = captured == ADAPTIVE_BUDGET;
        if (firstOver) {
            capturedInWindow[kind] = ++captured;
        } else if (++sinceLastSample[kind] < ADAPTIVE_ONE_IN) {
            return false;
        }
        long now = System.nanoTime();
        if (now - windowStart[kind] >= SECOND) {
            windowStart[kind] = now;
            capturedInWindow[kind] = 1;
            sinceLastSample[kind] = 0;
            return true;
        }
        if (firstOver) {
            return false;
        }
        sinceLastSample[kind] = 0;
        if (captured > 2 * ADAPTIVE_BUDGET) {
            // the sampled budget is spent too: no stack until the window ends
            return false;
        }
        capturedInWindow[kind] = captured + 1;
        return true;
    }

    long nextId(java.util.concurrent.atomic.AtomicLong ids) {
        if (nextId == idLimit) {
            // ids are handed out in blocks so threads do not contend on one counter
            nextId = ids.getAndAdd(ID_BLOCK);
            idLimit = nextId + ID_BLOCK;
        }
        return nextId++;
    }
}
