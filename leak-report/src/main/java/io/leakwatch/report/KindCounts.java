package io.leakwatch.report;

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
 */
public record KindCounts(long open, long leaked, long peak, long acquired, long released, long bytes) {
    /** Counters of a kind without sizes. */
    public KindCounts(long open, long leaked, long peak, long acquired, long released) {
        this(open, leaked, peak, acquired, released, -1);
    }
}
