package io.leakwatch.family.jdbc.boot;

/**
 * What a JDBC connection or pool is, for a report: the URL without credentials, the user, and the pool's name when the
 * connection was borrowed from one. Formatted only when a report asks.
 *
 * <p>Immutable and thread-safe. Holds strings only: never the data source, the driver or the connection.
 */
final class JdbcDetail {
    /** The URL with any credential removed ({@code Secrets.scrub}), or {@code null} when the source does not tell. */
    final String url;
    final String user;
    /** The pool's name (or its class, when it has no name), or {@code null} for a connection that is not pooled. */
    final String pool;
    /** The class of the driver or data source the connection came from, shown when the URL is unknown. */
    final String sourceClass;
    /** {@code XA connection}, {@code pooled connection}, {@code logical connection}, or {@code null} for a plain one. */
    final String role;

    JdbcDetail(String url, String user, String pool, String sourceClass) {
        this(url, user, pool, sourceClass, null);
    }

    private JdbcDetail(String url, String user, String pool, String sourceClass, String role) {
        this.url = url;
        this.user = user;
        this.pool = pool;
        this.sourceClass = sourceClass;
        this.role = role;
    }

    /**
     * The same source, as a connection of {@code newRole} (or plain: {@code null}), with the user a
     * {@code getConnection(user, password)} call named (or the source's: {@code null}).
     */
    JdbcDetail as(String newRole, String newUser) {
        String u = newUser != null ? newUser : user;
        return newRole == null && u == user ? this : new JdbcDetail(url, u, pool, sourceClass, newRole);
    }

    /** How a pool is shown: its name, then where it connects. */
    String describePool() {
        return "pool " + (pool != null ? pool : sourceClass) + " (" + sourceClass + ") " + target();
    }

    @Override
    public String toString() {
        String s = role == null ? target() : role + " " + target();
        return pool == null ? s : s + " pool=" + pool;
    }

    private String target() {
        String s = url != null ? url : "(" + sourceClass + ")";
        return user == null ? s : s + " user=" + user;
    }
}
