package io.leakwatch.bootstrap;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One thread's events for the trace ({@code trace=FILE}), waiting for the trace's writer: a ring with one producer
 * (the thread) and one consumer (the writer, under {@link TraceEvents}' lock). Recording an event is three plain
 * stores and one ordered store; the thread never waits, for the writer or the disk: a full ring drops the event and
 * counts it.
 *
 * <p>Thread-safe for one producer and one consumer: the producer publishes a slot with an ordered store of
 * {@link #published}, the consumer frees it with an ordered store of {@link #consumed}.
 */
final class TraceBuffer {
    /** Events per thread at most before the writer drains them (every 10 ms): about 35 KB per tracing thread. */
    static final int CAPACITY = 2048;

    final String thread;
    private final Object[] objects = new Object[CAPACITY];
    private final long[] times = new long[CAPACITY];
    private final byte[] types = new byte[CAPACITY];
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong consumed = new AtomicLong();
    /** Events dropped because the ring was full, in all; written by the producer only. */
    private final AtomicLong dropped = new AtomicLong();
    /** Of {@link #dropped}, those the consumer has counted already; the consumer's own. */
    private long droppedSeen;
    /** The thread, weakly: a buffer whose thread died is forgotten once drained. */
    private final java.lang.ref.WeakReference<Thread> owner;

    TraceBuffer(Thread owner) {
        this.owner = new java.lang.ref.WeakReference<>(owner);
        this.thread = owner.getName();
    }

    /** Records one event ({@link TraceEvents#ACQUIRE}, ...) about {@code subject}, at {@code timeMillis}. */
    void offer(byte type, Object subject, long timeMillis) {
        long w = published.get();
        if (w - consumed.get() >= CAPACITY) {
            dropped.lazySet(dropped.get() + 1);
            return;
        }
        int i = (int) w & (CAPACITY - 1);
        objects[i] = subject;
        times[i] = timeMillis;
        types[i] = type;
        published.lazySet(w + 1);
    }

    /** Hands every published event to {@code to}, oldest first; returns the drops since the last drain. */
    long drainTo(TraceEvents.Drain to) {
        long c = consumed.get();
        long p = published.get();
        for (; c < p; c++) {
            int i = (int) c & (CAPACITY - 1);
            Object subject = objects[i];
            objects[i] = null;
            to.event(types[i], subject, times[i], thread);
        }
        consumed.lazySet(c);
        // the producer may add one meanwhile: that one is counted at the next drain
        long d = dropped.get() - droppedSeen;
        droppedSeen += d;
        return d;
    }

    /** Whether the thread died and everything it published was drained. */
    boolean finished() {
        Thread t = owner.get();
        return (t == null || !t.isAlive()) && published.get() == consumed.get();
    }
}
