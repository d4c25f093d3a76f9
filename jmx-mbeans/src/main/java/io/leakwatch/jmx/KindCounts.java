package io.leakwatch.jmx;

/**
 * The counters of one kind at one moment.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind     the kind's label
 * @param open     open now
 * @param peak     the most open at once (since start or the last reset)
 * @param acquired acquired since start
 * @param released released since start
 * @param leaked   became unreachable while open
 * @param bytes    bytes held by the open resources of a kind measured in bytes (CUDA memory), else -1
 */
public record KindCounts(String kind, long open, long peak, long acquired, long released, long leaked, long bytes) {
}
