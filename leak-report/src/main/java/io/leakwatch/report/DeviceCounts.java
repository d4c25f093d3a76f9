package io.leakwatch.report;

/**
 * What is open on one device, for kinds whose resources live on a device (CUDA memory).
 *
 * <p>Immutable and thread-safe.
 *
 * @param device the device ordinal
 * @param open   resources open on it
 * @param bytes  the bytes they hold
 */
public record DeviceCounts(int device, long open, long bytes) {
}
