package io.leakwatch.bootstrap;

/**
 * The classes of which a young record was ever made (see {@link ThreadState}): a release of an object of any other
 * class that is not in the table is not looked for in other threads' young slots.
 *
 * <p>Thread-safe: a {@link ClassValue} of a volatile flag that only ever goes from false to true.
 */
final class YoungClasses {
    private static final ClassValue<Flag> SEEN = new ClassValue<>() {
        @Override
        protected Flag computeValue(Class<?> type) {
            return new Flag();
        }
    };

    private YoungClasses() {
    }

    static void add(Class<?> type) {
        Flag f = SEEN.get(type);
        if (!f.seen) {
            f.seen = true;
        }
    }

    static boolean has(Class<?> type) {
        return SEEN.get(type).seen;
    }

    /** One class's flag. */
    private static final class Flag {
        volatile boolean seen;
    }
}
