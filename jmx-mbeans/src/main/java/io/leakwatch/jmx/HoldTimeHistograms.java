package io.leakwatch.jmx;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.lang.ref.WeakReference;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * How long released resources were held, per kind, as HdrHistogram histograms.
 *
 * <p>{@link #record} runs inside every instrumented {@code close}, so it touches only the calling thread's own
 * {@link SingleWriterRecorder} (one per thread and kind, made at the thread's first release of that kind): no lock,
 * and no atomic shared with other threads. {@link #harvest} (the monitor thread, every poll, and every read) moves
 * what each thread recorded since into one cumulative histogram per kind, and forgets threads that died.
 *
 * <p>Thread-safe: {@link #record} from any thread; {@link #harvest} and {@link #holdTimes} serialize on this object.
 *
 * <pre>{@code
 * HoldTimeHistograms h = new HoldTimeHistograms(List.of("file", "socket"));
 * h.record(0, 120);                 // a file held 120 ms, on the releasing thread
 * HoldTimes t = h.holdTimes("file"); // p50 120
 * }</pre>
 */
public final class HoldTimeHistograms {
    /** Two significant digits: exact to 255 ms, within 1% above; auto-resizing, so a histogram grows as needed. */
    private static final int DIGITS = 2;

    private final List<String> kinds;
    private final ThreadLocal<ThreadRecorders> local;
    private final Queue<ThreadRecorders> threads = new ConcurrentLinkedQueue<>();
    /** Guarded by this. */
    private final Histogram[] totals;

    /** {@code kindsByOrdinal}: the label of each kind, at the index {@link #record} is given for it. */
    public HoldTimeHistograms(List<String> kindsByOrdinal) {
        this.kinds = List.copyOf(kindsByOrdinal);
        this.totals = new Histogram[kinds.size()];
        for (int i = 0; i < totals.length; i++) {
            totals[i] = new Histogram(DIGITS);
        }
        this.local = ThreadLocal.withInitial(this::register);
    }

    private ThreadRecorders register() {
        ThreadRecorders t = new ThreadRecorders(Thread.currentThread(), kinds.size());
        threads.add(t);
        return t;
    }

    /** A resource of kind index {@code kind} was held {@code millis} (0 or more) ms; on the releasing thread. */
    public void record(int kind, long millis) {
        ThreadRecorders t = local.get();
        SingleWriterRecorder r = t.recorders.get(kind);
        if (r == null) {
            r = new SingleWriterRecorder(DIGITS);
            // published through the array: the harvesting thread sees a fully built recorder
            t.recorders.set(kind, r);
        }
        r.recordValue(millis);
    }

    /** Adds every thread's recordings since the last harvest to the totals; forgets threads that died. */
    public synchronized void harvest() {
        for (Iterator<ThreadRecorders> it = threads.iterator(); it.hasNext(); ) {
            ThreadRecorders t = it.next();
            // read before harvesting: a thread that is dead now recorded its last value before this harvest
            Thread owner = t.owner.get();
            boolean dead = owner == null || !owner.isAlive();
            for (int k = 0; k < totals.length; k++) {
                SingleWriterRecorder r = t.recorders.get(k);
                if (r != null) {
                    Histogram interval = r.getIntervalHistogram(t.spare[k]);
                    totals[k].add(interval);
                    t.spare[k] = interval;
                }
            }
            if (dead) {
                it.remove();
            }
        }
    }

    /** The percentiles of {@code kind} (by label) up to now; {@link HoldTimes#NONE} for an unknown kind. */
    public synchronized HoldTimes holdTimes(String kind) {
        int k = kinds.indexOf(kind);
        if (k < 0) {
            return HoldTimes.NONE;
        }
        harvest();
        Histogram h = totals[k];
        if (h.getTotalCount() == 0) {
            return HoldTimes.NONE;
        }
        return new HoldTimes(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                             h.getValueAtPercentile(99), h.getMaxValue());
    }

    /** Threads that recorded and are not yet forgotten (for tests). */
    int threadCount() {
        return threads.size();
    }

    /** One thread's recorders, by kind index. Written by its thread; harvested (with the spares) under the lock. */
    private static final class ThreadRecorders {
        final WeakReference<Thread> owner;
        final AtomicReferenceArray<SingleWriterRecorder> recorders;
        /** The interval histograms handed back to each recorder at the next harvest; guarded by the outer lock. */
        final Histogram[] spare;

        ThreadRecorders(Thread owner, int kinds) {
            this.owner = new WeakReference<>(owner);
            this.recorders = new AtomicReferenceArray<>(kinds);
            this.spare = new Histogram[kinds];
        }
    }
}
