package io.leakwatch.family.jdbc.boot;

import java.lang.ref.WeakReference;

/**
 * What one thread remembers of the data source it described last ({@code PerThread}'s slot of kind {@code jdbc}): the
 * source (weakly), its {@link JdbcClasses} roles, its description, and whether it is known to be tracked as a pool.
 * Borrowing again from the same pool, the usual case, costs no reflection and no registry lookup.
 *
 * <p>Not thread-safe: each thread has its own, read and written by that thread only.
 */
final class LastSource {
    private WeakReference<Object> source;
    int roles;
    JdbcDetail detail;
    /** Whether that data source, a pool, is known to be registered: later borrows skip the registry lookup. */
    boolean poolTracked;

    /** Whether {@code s} is the data source described last: its roles and detail are remembered. */
    boolean is(Object s) {
        WeakReference<Object> last = source;
        return last != null && last.get() == s;
    }

    void remember(Object s, int sourceRoles, JdbcDetail sourceDetail) {
        source = new WeakReference<>(s);
        roles = sourceRoles;
        detail = sourceDetail;
        poolTracked = false;
    }
}
