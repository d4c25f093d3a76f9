package io.leakwatch.bootstrap;

/**
 * A site as reports group resources: the interned acquiring stack (by identity, so that no frame is compared) and the
 * test that was running, when one was. A plain class rather than a record: a record's {@code equals} is linked through
 * {@code invokedynamic}, which code running inside the JDK's own classes must not use.
 *
 * <p>Immutable and thread-safe.
 */
final class SiteOfTest {
    private final InternedStack stack;
    private final String test;

    private SiteOfTest(InternedStack stack, String test) {
        this.stack = stack;
        this.test = test;
    }

    /** The key of {@code stack} with {@code test}: the stack itself when no test was running. */
    static Object of(InternedStack stack, String test) {
        return test == null ? stack : new SiteOfTest(stack, test);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SiteOfTest && ((SiteOfTest) o).stack == stack && ((SiteOfTest) o).test.equals(test);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(stack) * 31 + test.hashCode();
    }
}
