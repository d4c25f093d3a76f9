package io.leakwatch.jmx.process;

/** Samples for tests: descriptors as given, everything else far below any threshold. */
final class Samples {
    static final long GIB = 1L << 30;

    private Samples() {
    }

    static ProcessSample descriptors(long sequence, long open, long max, long tracked) {
        return new ProcessSample(sequence, 1_000 * sequence, open, max, tracked, 20, 100L << 20, 0.25, 16 * GIB,
                                 12 * GIB, 100 * GIB, 10 * GIB);
    }
}
