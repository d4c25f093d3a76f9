package io.leakwatch.bootstrap;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.util.Properties;

/**
 * Describes where a JDBC connection came from: a driver called with a URL, or a data source (a pool or not) that is
 * asked for its URL, user and pool name through the getters drivers and pools have in common ({@code getJdbcUrl},
 * {@code getUrl}, {@code getURL}, {@code getUsername}, {@code getUser}, {@code getPoolName}). A password is never read.
 *
 * <p>A class is a pool when its name starts with one of the pool prefixes: the built-in list of known pools and the
 * {@code pools=} option.
 *
 * <p>Thread-safe: the getters found per class are cached in a {@link ClassValue}; each thread remembers the last data
 * source it described (weakly), so borrowing again from the same pool costs no reflection.
 */
final class JdbcSources {
    /** Class-name prefixes of the connection pools leakwatch knows. */
    static final String[] KNOWN_POOLS = {
        "com.zaxxer.hikari.", "org.apache.commons.dbcp2.", "org.apache.commons.dbcp.", "org.apache.commons.pool2.",
        "org.apache.commons.pool.", "org.apache.tomcat.jdbc.pool.", "org.apache.tomcat.dbcp.", "com.mchange.v2.c3p0.",
        "com.mchange.v2.resourcepool.", "io.agroal.", "oracle.ucp.", "com.alibaba.druid.pool.", "org.vibur.dbcp.",
        "com.jolbox.bonecp.", "org.apache.ibatis.datasource.pooled.", "org.h2.jdbcx.JdbcConnectionPool",
    };
    private static final String[] URL_GETTERS = {"getJdbcUrl", "getUrl", "getURL", "getJdbcURL"};
    private static final String[] USER_GETTERS = {"getUsername", "getUser", "getUserName"};
    private static final String[] POOL_GETTERS = {"getPoolName"};

    private static final ClassValue<Getters> GETTERS = new ClassValue<>() {
        @Override
        protected Getters computeValue(Class<?> type) {
            return new Getters(type);
        }
    };

    private final String[] poolPrefixes;

    JdbcSources(String[] poolPrefixes) {
        this.poolPrefixes = poolPrefixes.clone();
    }

    boolean isPoolClass(String className) {
        return FrameFilter.startsWithAny(className, poolPrefixes);
    }

    /** A connection returned by {@code driver.connect(url, info)}: the user is the {@code user} property. */
    JdbcDetail ofDriverCall(Object driver, Object url, Object info) {
        String user = info instanceof Properties ? ((Properties) info).getProperty("user") : null;
        return new JdbcDetail(JdbcUrls.forDescription(url instanceof String ? (String) url : null), user, null,
                              driver.getClass().getName());
    }

    /**
     * A connection returned by {@code source.getConnection()} (or {@code getConnection(user, ...)}: {@code user}), or
     * by {@code getXAConnection}, {@code getPooledConnection}, or a pooled connection's {@code getConnection}
     * ({@code logical}). {@code known}: {@code source} is the one {@code ts} described last ({@link
     * ThreadState#describes}), whose detail it remembers.
     */
    JdbcDetail ofSource(Object source, String user, String method, boolean logical, ThreadState ts, boolean known) {
        JdbcDetail detail;
        if (known) {
            detail = ts.sourceDetail;
        } else {
            detail = describe(source);
            ts.sourceRoles = JdbcClasses.of(source.getClass());
            ts.describedSource = new WeakReference<>(source);
            ts.sourceDetail = detail;
            ts.sourcePoolTracked = false;
        }
        String role = logical ? "logical connection of"
            : "getXAConnection".equals(method) ? "XA connection"
            : "getPooledConnection".equals(method) ? "pooled connection" : null;
        return detail.as(role, user);
    }

    private JdbcDetail describe(Object source) {
        Class<?> type = source.getClass();
        Getters g = GETTERS.get(type);
        String pool = null;
        if (isPoolClass(type.getName())) {
            pool = g.call(g.pool, source);
            if (pool == null) {
                pool = type.getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(source));
            }
        }
        return new JdbcDetail(JdbcUrls.forDescription(g.call(g.url, source)), g.call(g.user, source), pool, type.getName());
    }

    /** The public getters one data source class has; any of them may be missing. */
    private static final class Getters {
        final Method url;
        final Method user;
        final Method pool;

        Getters(Class<?> type) {
            url = find(type, URL_GETTERS);
            user = find(type, USER_GETTERS);
            pool = find(type, POOL_GETTERS);
        }

        private static Method find(Class<?> type, String[] names) {
            for (String name : names) {
                try {
                    Method m = type.getMethod(name);
                    if (m.getReturnType() == String.class && m.trySetAccessible()) {
                        return m;
                    }
                } catch (NoSuchMethodException | SecurityException | LinkageError absent) {
                    // try the next name
                }
            }
            return null;
        }

        String call(Method m, Object source) {
            if (m == null) {
                return null;
            }
            try {
                return (String) m.invoke(source);
            } catch (Throwable t) {
                return null;
            }
        }
    }
}
