package io.leakwatch.family.cuda.boot;

import java.util.Arrays;

/**
 * The primary contexts the application retained through the driver API: a device reset (runtime
 * {@code cudaDeviceReset} or driver {@code cuDevicePrimaryCtxReset}) releases what was allocated in them, as well as
 * the runtime API's own allocations.
 *
 * <p>Thread-safe: a small copy-on-write array under the class lock (contexts are few and retained rarely).
 */
final class PrimaryContexts {
    private static long[] contexts = new long[0];

    private PrimaryContexts() {
    }

    static synchronized void add(long context) {
        if (context == 0) {
            return;
        }
        for (long c : contexts) {
            if (c == context) {
                return;
            }
        }
        {
            contexts = Arrays.copyOf(contexts, contexts.length + 1);
            contexts[contexts.length - 1] = context;
        }
    }

    static synchronized long[] snapshot() {
        return contexts.clone();
    }
}
