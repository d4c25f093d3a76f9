package io.leakwatch.bootstrap;

/**
 * Told how long released resources were held, for the live view's hold-time percentiles. Installed through
 * {@link LeakWatchControl#installHoldTimes}. Not called inside {@code close}: each releasing thread keeps its hold times
 * in a ring of its own, as runs of equal hold times, and the registry's drains ({@link ResourceRegistry#drainHoldTimes},
 * or a thread whose ring is full) hand them over in batches, one drain at a time, under the registry's lock. An
 * implementation must not wait for a thread that drains, must not keep the arrays, and never throws.
 *
 * <p>Implementations are thread-safe.
 */
public interface HoldTimeSink {
    /** Bits of an entry below the kind: the hold time in milliseconds. */
    int KIND_SHIFT = 56;

    /**
     * {@code n} runs of releases: {@code counts[i]} releases held as {@code entries[i]} says, for {@code i} below
     * {@code n}; each entry an {@link #entry} of the kind's ordinal ({@link ResourceKind#ordinal()}) and the time it
     * was held (0 or more milliseconds, at the registry clock's 5 ms resolution).
     */
    void released(long[] entries, long[] counts, int n);

    /** An entry: {@code kind << 56 | heldMillis}. */
    static long entry(int kind, long heldMillis) {
        return (long) kind << KIND_SHIFT | heldMillis;
    }

    /** The kind ordinal of an entry. */
    static int kindOf(long entry) {
        return (int) (entry >>> KIND_SHIFT);
    }

    /** The hold time of an entry, in milliseconds. */
    static long millisOf(long entry) {
        return entry & ((1L << KIND_SHIFT) - 1);
    }
}
