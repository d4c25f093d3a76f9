package io.leakwatch.bootstrap;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one resource kind, application resources only (JVM-internal ones are not counted).
 *
 * <p>Thread-safe. Acquisitions and releases are striped adders; the open count is one atomic so the peak can be
 * exact, and the peak itself is written only when a new high is reached.
 */
final class KindStats {
    final LongAdder acquired = new LongAdder();
    final LongAdder released = new LongAdder();
    final AtomicLong leaked = new AtomicLong();
    final AtomicLong open = new AtomicLong();
    final AtomicLong peak = new AtomicLong();
    /** Bytes held by open resources, for kinds measured in bytes. */
    final AtomicLong openBytes = new AtomicLong();

    void onAcquire() {
        acquired.increment();
        long now = open.incrementAndGet();
        long p;
        while (now > (p = peak.get()) && !peak.compareAndSet(p, now)) {
            // another thread raised the peak meanwhile; retry against its value
        }
    }

    void onRelease() {
        released.increment();
        open.decrementAndGet();
    }

    void onLeak() {
        leaked.incrementAndGet();
        open.decrementAndGet();
    }
}
