package io.leakwatch.jmx.process;

/**
 * Reads the process's resources from the operating system.
 *
 * <p>Implementations are called by one thread at a time and need not be thread-safe.
 */
interface ProcessProbe {
    /** Reads everything once; what cannot be read is -1, and only an unexpected failure throws. */
    Reading read();
}
