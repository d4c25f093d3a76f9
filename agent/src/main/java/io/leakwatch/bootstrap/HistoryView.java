package io.leakwatch.bootstrap;

import java.util.List;

/**
 * The open count of each kind over the run, at one moment: sample times and, per kind, the open count at each.
 *
 * <p>Immutable and thread-safe (the arrays are copies, never handed out).
 */
public final class HistoryView {
    private final long[] times;
    private final List<String> kinds;
    private final List<long[]> open;

    HistoryView(long[] times, List<String> kinds, List<long[]> open) {
        this.times = times;
        this.kinds = List.copyOf(kinds);
        this.open = List.copyOf(open);
    }

    /** Sample times, milliseconds since the epoch, oldest first. */
    public long[] times() {
        return times.clone();
    }

    /** The kinds sampled, in the kinds' order. */
    public List<String> kinds() {
        return kinds;
    }

    /** The open counts of {@code kinds().get(i)}, one per sample time. */
    public long[] open(int i) {
        return open.get(i).clone();
    }
}
