package io.leakwatch.family.jdbc.boot;

/**
 * What JDBC role a class plays, by the names of the interfaces it implements (the bootstrap package cannot name
 * {@code java.sql} types: they are not the boot loader's). Lets the advice inlined into drivers and pools be one call,
 * small enough not to stop the JIT from inlining the instrumented method into its callers (a pooled connection's
 * {@code getConnection} and {@code close} are on the application's hottest paths).
 *
 * <p>Thread-safe: a {@link ClassValue} per class.
 */
final class JdbcClasses {
    static final int SOURCE = 1;
    static final int POOLED_CONNECTION = 2;
    static final int DRIVER = 4;
    static final int CONNECTION = 8;
    static final int STATEMENT = 16;
    static final int RESULT_SET = 32;

    private static final ClassValue<Integer> ROLES = new ClassValue<>() {
        @Override
        protected Integer computeValue(Class<?> type) {
            return rolesOf(type);
        }
    };

    private JdbcClasses() {
    }

    /** The roles of {@code type}: a bit set of the constants above. */
    static int of(Class<?> type) {
        return ROLES.get(type);
    }

    private static int rolesOf(Class<?> type) {
        int roles = 0;
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                roles |= interfaceRoles(i);
            }
        }
        return roles;
    }

    private static int interfaceRoles(Class<?> i) {
        int roles;
        switch (i.getName()) {
            case "javax.sql.DataSource":
            case "javax.sql.XADataSource":
            case "javax.sql.ConnectionPoolDataSource":
                roles = SOURCE;
                break;
            case "javax.sql.PooledConnection":
            case "javax.sql.XAConnection":
                roles = SOURCE | POOLED_CONNECTION;
                break;
            case "java.sql.Driver":
                roles = DRIVER;
                break;
            case "java.sql.Connection":
                roles = CONNECTION;
                break;
            case "java.sql.Statement":
            case "java.sql.PreparedStatement":
            case "java.sql.CallableStatement":
                roles = STATEMENT;
                break;
            case "java.sql.ResultSet":
                roles = RESULT_SET;
                break;
            default:
                roles = 0;
        }
        for (Class<?> sup : i.getInterfaces()) {
            roles |= interfaceRoles(sup);
        }
        return roles;
    }
}
