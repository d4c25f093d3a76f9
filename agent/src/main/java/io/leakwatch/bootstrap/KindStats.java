package io.leakwatch.bootstrap;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one resource kind, application resources only (JVM-internal ones are not counted).
 *
 * <p>Thread-safe. Acquisitions are a striped adder; the open count is one atomic so the peak can be exact, and the
 * peak itself is written only when a new high is reached. For young-path kinds without a limit, {@link #open} is
 * only the shared part: the threads count their own young records (see {@link ThreadState#youngOpen}). Releases are not counted apart: every end of a resource
 * (released or leaked) lowers the open count, so {@code released = acquired - open - leaked}, one atomic operation
 * less on every close.
 */
final class KindStats {
    final LongAdder acquired = new LongAdder();
    final AtomicLong leaked = new AtomicLong();
    final AtomicLong open = new AtomicLong();
    final AtomicLong peak = new AtomicLong();
    /** Bytes held by open resources, for kinds measured in bytes. */
    final AtomicLong openBytes = new AtomicLong();

    void onAcquire() {
        acquired.increment();
        onOpen();
    }

    /** An acquisition counted elsewhere (a thread's own counter, see {@link ThreadState}): the open count and peak. */
    void onOpen() {
        raisePeak(open.incrementAndGet());
    }

    /** {@code openNow} were open at once: the peak is raised to it if higher (written only at a new high). */
    void raisePeak(long openNow) {
        long p;
        while (openNow > (p = peak.get()) && !peak.compareAndSet(p, openNow)) {
            // another thread raised the peak meanwhile; retry against its value
        }
    }

    void onRelease() {
        open.decrementAndGet();
    }

    /** Releases since tracking started; read with the other counters of a snapshot, so as exact as they are. */
    long released(long acquiredNow, long openNow, long leakedNow) {
        return Math.max(0, acquiredNow - openNow - leakedNow);
    }

    void onLeak() {
        leaked.incrementAndGet();
        open.decrementAndGet();
    }
}
