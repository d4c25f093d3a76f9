package io.leakwatch.bootstrap;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The trace's side in the registry ({@code trace=FILE}): which kinds are traced, each thread's {@link TraceBuffer},
 * and the drain that hands their events to the trace's writer ({@link TraceSink}, in the agent's loader), with the
 * description and site of each, made there rather than on the acquiring thread.
 *
 * <p>Events: an application resource acquired, released (by the application: a close, or its end with its owner),
 * found leaked, and an acquisition refused at a limit. The JVM's, the runner's and other agents' resources are not
 * traced, like they are not reported.
 *
 * <p>Thread-safe: recording is per thread ({@link TraceBuffer}); the buffers are a copy-on-write list; drains are
 * serialized on this object.
 */
final class TraceEvents {
    static final byte ACQUIRE = 1;
    static final byte RELEASE = 2;
    static final byte LEAK = 3;
    static final byte REFUSED = 4;
    private static final String[] NAMES = {null, "acquire", "release", "leak", "refused"};

    private final boolean[] traced;
    private final CopyOnWriteArrayList<TraceBuffer> buffers = new CopyOnWriteArrayList<>();
    /** Site ids handed out: 0 is the site without a stack. Guarded by this. */
    private int lastSite;
    /**
     * The last record described and its description: a resource's release usually follows its acquisition in the
     * same thread's buffer, and describing it again is most of a drain's work. Guarded by this.
     */
    private TrackedResource lastDescribed;
    private String lastDescription;

    /** Traces the kinds in {@code kinds}. */
    TraceEvents(java.util.Set<ResourceKind> kinds) {
        traced = new boolean[ResourceKind.values().length];
        for (ResourceKind k : kinds) {
            traced[k.ordinal()] = true;
        }
    }

    boolean traces(ResourceKind kind) {
        return traced[kind.ordinal()];
    }

    /** Records an event of the calling thread ({@code ts}: its state) about {@code subject}. */
    void record(ThreadState ts, byte type, Object subject) {
        TraceBuffer b = ts.trace;
        if (b == null) {
            b = new TraceBuffer(Thread.currentThread());
            ts.trace = b;
            buffers.add(b);
        }
        b.offer(type, subject, CoarseClock.millis());
    }

    /** An acquisition refused at a limit: its kind, its site and the refusal's message. */
    static final class Refusal {
        final ResourceKind kind;
        final InternedStack stack;
        final String message;

        Refusal(ResourceKind kind, InternedStack stack, String message) {
            this.kind = kind;
            this.stack = stack;
            this.message = message;
        }
    }

    /** Hands every event recorded so far to {@code sink}, thread by thread; then the drops, if any. */
    synchronized void drainTo(TraceSink sink) {
        Drain d = new Drain(sink);
        long dropped = 0;
        for (TraceBuffer b : buffers) {
            dropped += b.drainTo(d);
            if (b.finished()) {
                buffers.remove(b);
            }
        }
        // kept no longer than a drain: the record refers to its resource weakly, but its detail strongly
        lastDescribed = null;
        lastDescription = null;
        if (dropped > 0) {
            sink.dropped(dropped, CoarseClock.millis());
        }
    }

    /** The site id of {@code stack}, given on first use. Guarded by this. */
    private int siteOf(InternedStack stack) {
        if (stack.frames.length == 0) {
            return 0;
        }
        int id = stack.traceSite;
        if (id == 0) {
            id = ++lastSite;
            stack.traceSite = id;
        }
        return id;
    }

    /** One drain's hand-over to the sink. Not thread-safe: used under the events' lock. */
    final class Drain {
        private final TraceSink sink;

        Drain(TraceSink sink) {
            this.sink = sink;
        }

        void event(byte type, Object subject, long timeMillis, String thread) {
            try {
                if (subject instanceof TrackedResource) {
                    TrackedResource r = (TrackedResource) subject;
                    long held = type == ACQUIRE ? -1 : Math.max(0, timeMillis - r.acquiredAtMillis);
                    // a release is told on the releasing thread; a leak is the acquirer's
                    String by = type == RELEASE ? thread : r.acquirer.thread;
                    if (r != lastDescribed) {
                        lastDescription = r.description();
                        lastDescribed = r;
                    }
                    sink.event(NAMES[type], r.id, r.kind.label(), timeMillis, by, siteOf(r.stack), r.stack.frames,
                               lastDescription, held);
                } else if (subject instanceof Refusal) {
                    Refusal f = (Refusal) subject;
                    sink.event(NAMES[type], -1, f.kind.label(), timeMillis, thread, siteOf(f.stack), f.stack.frames,
                               f.message, -1);
                }
            } catch (RuntimeException e) {
                // a description that failed: the event is lost, the drain goes on
                sink.dropped(1, timeMillis);
            }
        }
    }
}
