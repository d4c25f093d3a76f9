package io.leakwatch.bootstrap;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One place where the resources of one acquisition site were released: its stack, how many were released there, how
 * many of those on a thread other than the acquiring one (and up to three releasing threads' names), and how long
 * they were held. Released resources whose acquisition stack was not recorded are in no place: a place exists only
 * for a recorded site.
 *
 * <p>Thread-safe: counters are atomic; the thread names are copied on write under this object's lock (a new name is
 * rare: at most three are kept).
 */
final class ReleasePlace {
    /** Thread names kept per place: enough to say "closed by the pool's housekeeper", not a list of every worker. */
    static final int THREAD_NAMES = 3;

    /** The releasing stack; {@code null} for releases without a close call (ended with their owner, found gone). */
    final InternedStack stack;
    /** Releases at this place. */
    final AtomicLong count = new AtomicLong();
    /** Of {@link #count}, the releases on a thread other than the acquiring one. */
    final AtomicLong otherThread = new AtomicLong();
    /** {@code null} when the agent installed no factory (the registry's own tests) or the pairs' cap was reached. */
    final HoldTimeRecorder holdTimes;
    private volatile String[] threads = new String[0];

    ReleasePlace(InternedStack stack, HoldTimeRecorder holdTimes) {
        this.stack = stack;
        this.holdTimes = holdTimes;
    }

    /** A release here, of a resource held {@code heldMillis}, by {@code thread} ({@code other}: not its acquirer). */
    void add(long heldMillis, String thread, boolean other) {
        count.incrementAndGet();
        if (other) {
            otherThread.incrementAndGet();
        }
        String[] now = threads;
        if (now.length < THREAD_NAMES && !contains(now, thread)) {
            addThread(thread);
        }
        if (holdTimes != null) {
            holdTimes.record(heldMillis);
        }
    }

    private synchronized void addThread(String thread) {
        String[] now = threads;
        if (now.length < THREAD_NAMES && !contains(now, thread)) {
            String[] more = java.util.Arrays.copyOf(now, now.length + 1);
            more[now.length] = thread;
            threads = more;
        }
    }

    private static boolean contains(String[] names, String name) {
        for (String n : names) {
            if (n.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The frames shown for this place: empty for releases without a close call. */
    String[] frames() {
        return stack == null ? new String[0] : stack.frames;
    }

    ReleasePlaceView view() {
        HoldTimeRecorder h = holdTimes;
        long[] p = null;
        if (h != null) {
            try {
                p = h.percentiles();
            } catch (Throwable t) {
                p = null;
            }
        }
        return new ReleasePlaceView(frames(), count.get(), otherThread.get(), threads.clone(), p);
    }
}
