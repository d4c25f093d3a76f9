package io.leakwatch.bootstrap;

/**
 * The counters of one kind at a snapshot.
 *
 * <p>Immutable and thread-safe.
 */
public final class KindCountsView {
    private final String kind;
    private final long open;
    private final long leaked;
    private final long peak;
    private final long acquired;
    private final long released;

    KindCountsView(String kind, long open, long leaked, long peak, long acquired, long released) {
        this.kind = kind;
        this.open = open;
        this.leaked = leaked;
        this.peak = peak;
        this.acquired = acquired;
        this.released = released;
    }

    public String kind() {
        return kind;
    }

    public long open() {
        return open;
    }

    public long leaked() {
        return leaked;
    }

    public long peak() {
        return peak;
    }

    public long acquired() {
        return acquired;
    }

    public long released() {
        return released;
    }
}
