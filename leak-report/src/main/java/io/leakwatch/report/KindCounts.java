package io.leakwatch.report;

import java.util.List;

/**
 * Counters of one resource kind at the moment of a snapshot.
 *
 * <p>Immutable and thread-safe.
 *
 * @param open     resources acquired and neither released nor leaked (reachable, still open)
 * @param leaked   resources that became unreachable while open, since the JVM started
 * @param peak     the largest number of resources of this kind open at once
 * @param acquired acquisitions since tracking started
 * @param released releases since tracking started (each resource counts once, however often it is closed)
 * @param bytes    bytes held by the open resources, for kinds measured in bytes (CUDA memory), or {@code -1}
 * @param devices  the open resources per device, for kinds on devices whose device is known (CUDA), by ordinal
 */
public record KindCounts(long open, long leaked, long peak, long acquired, long released, long bytes,
                         List<DeviceCounts> devices) {
    /** The canonical constructor. */
    public KindCounts {
        devices = List.copyOf(devices);
    }

    /** Counters of a kind measured in bytes, without a device breakdown. */
    public KindCounts(long open, long leaked, long peak, long acquired, long released, long bytes) {
        this(open, leaked, peak, acquired, released, bytes, List.of());
    }

    /** Counters of a kind without sizes. */
    public KindCounts(long open, long leaked, long peak, long acquired, long released) {
        this(open, leaked, peak, acquired, released, -1, List.of());
    }
}
