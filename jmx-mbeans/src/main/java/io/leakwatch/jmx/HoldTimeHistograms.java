package io.leakwatch.jmx;

import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * How long released resources were held, per kind, as HdrHistogram histograms.
 *
 * <p>The releasing threads do not call this class: each keeps its hold times in a small ring of its own (plain
 * stores, no atomic, no lock on the close path), and a drain hands them to {@link #record} in batches, under the
 * registry's lock. {@link #harvest} runs that drain (set with {@link #drainWith}); {@link #holdTimes} harvests first,
 * so every read sees every release that completed before it.
 *
 * <p>Thread-safe: {@link #record} and the reads serialize on this object; {@link #harvest} takes no lock of its own
 * (the drain it runs calls {@link #record}, and must not wait on a reader holding this object).
 *
 * <pre>{@code
 * HoldTimeHistograms h = new HoldTimeHistograms(List.of("file", "socket"));
 * h.record(0, 120);                 // a file held 120 ms
 * HoldTimes t = h.holdTimes("file"); // p50 120
 * }</pre>
 */
public final class HoldTimeHistograms {
    /** Two significant digits: exact to 255 ms, within 1% above; auto-resizing, so a histogram grows as needed. */
    private static final int DIGITS = 2;

    private final List<String> kinds;
    /** Guarded by this. */
    private final Histogram[] totals;
    /** Null until set (no lambda: this is made at every start of the agent, and each lambda is a class spun then). */
    private volatile Runnable drain;

    /** {@code kindsByOrdinal}: the label of each kind, at the index {@link #record} is given for it. */
    public HoldTimeHistograms(List<String> kindsByOrdinal) {
        this.kinds = List.copyOf(kindsByOrdinal);
        this.totals = new Histogram[kinds.size()];
        for (int i = 0; i < totals.length; i++) {
            totals[i] = new Histogram(DIGITS);
        }
    }

    /** What {@link #harvest} runs: it hands the hold times recorded since the last drain to {@link #record}. */
    public void drainWith(Runnable drain) {
        this.drain = drain;
    }

    /** A resource of kind index {@code kind} was held {@code millis} (0 or more) ms. */
    public synchronized void record(int kind, long millis) {
        if (kind >= 0 && kind < totals.length) {
            totals[kind].recordValue(Math.max(0, millis));
        }
    }

    /**
     * A batch of {@code n} runs of hold times: {@code counts[i]} resources held as {@code entries[i]} says, each entry
     * {@code kind << kindShift | millis}, as the agent's registry packs them; one lock for the batch.
     */
    public synchronized void record(long[] entries, long[] counts, int n, int kindShift) {
        long millisMask = (1L << kindShift) - 1;
        for (int i = 0; i < n; i++) {
            long e = entries[i];
            int kind = (int) (e >>> kindShift);
            if (kind < totals.length && counts[i] > 0) {
                totals[kind].recordValueWithCount(e & millisMask, counts[i]);
            }
        }
    }

    /** Pulls in the hold times recorded since the last harvest (by the drain set with {@link #drainWith}). */
    public void harvest() {
        Runnable d = drain;
        if (d != null) {
            d.run();
        }
    }

    /**
     * The hold time at each of {@code percentiles} of every kind with releases, harvested first: {@code {count,
     * value at percentiles[0], ...}} by kind label, in the kinds' order.
     */
    public java.util.Map<String, long[]> distributions(List<Double> percentiles) {
        harvest();
        java.util.Map<String, long[]> out = new java.util.LinkedHashMap<>();
        synchronized (this) {
            for (int k = 0; k < totals.length; k++) {
                Histogram h = totals[k];
                if (h.getTotalCount() == 0) {
                    continue;
                }
                long[] values = new long[percentiles.size() + 1];
                values[0] = h.getTotalCount();
                for (int i = 0; i < percentiles.size(); i++) {
                    double p = percentiles.get(i);
                    values[i + 1] = p >= 100 ? h.getMaxValue() : p <= 0 ? h.getMinValue() : h.getValueAtPercentile(p);
                }
                out.put(kinds.get(k), values);
            }
        }
        return out;
    }

    /** The percentiles of {@code kind} (by label) up to now; {@link HoldTimes#NONE} for an unknown kind. */
    public HoldTimes holdTimes(String kind) {
        int k = kinds.indexOf(kind);
        if (k < 0) {
            return HoldTimes.NONE;
        }
        harvest();
        synchronized (this) {
            Histogram h = totals[k];
            if (h.getTotalCount() == 0) {
                return HoldTimes.NONE;
            }
            return new HoldTimes(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                                 h.getValueAtPercentile(99), h.getMaxValue());
        }
    }
}
