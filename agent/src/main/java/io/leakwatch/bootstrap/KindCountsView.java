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
    private final long bytes;
    private final java.util.List<long[]> devices;

    KindCountsView(String kind, long open, long leaked, long peak, long acquired, long released, long bytes,
                   java.util.List<long[]> devices) {
        this.bytes = bytes;
        this.devices = java.util.List.copyOf(devices);
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

    /** Per device of a kind on devices (CUDA), ascending: {@code {ordinal, open, bytes}}; empty for other kinds. */
    public java.util.List<long[]> devices() {
        return devices;
    }

    /** Bytes held by the open resources of a kind measured in bytes (CUDA memory), or -1. */
    public long bytes() {
        return bytes;
    }
}
