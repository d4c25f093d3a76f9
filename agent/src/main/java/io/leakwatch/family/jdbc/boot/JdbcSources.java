package io.leakwatch.family.jdbc.boot;

import io.leakwatch.bootstrap.Secrets;

import java.lang.reflect.Method;
import java.util.Properties;

/**
 * Describes where a JDBC connection came from: a driver called with a URL, or a data source (a pool or not) that is
 * asked for its URL, user and pool name through the getters drivers and pools have in common ({@code getJdbcUrl},
 * {@code getUrl}, {@code getURL}, {@code getUsername}, {@code getUser}, {@code getPoolName}). A password is never read.
 *
 * <p>A class is a pool when its name starts with one of the pool prefixes: the built-in list of known pools
 * ({@code TrackingSettings.KNOWN_POOLS}) and the {@code pools=} option.
 *
 * <p>Thread-safe: the getters found per class are cached in a {@link ClassValue}; each thread remembers the last data
 * source it described (weakly), so borrowing again from the same pool costs no reflection.
 */
final class JdbcSources {
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
        for (String p : poolPrefixes) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** A connection returned by {@code driver.connect(url, info)}: the user is the {@code user} property. */
    JdbcDetail ofDriverCall(Object driver, Object url, Object info) {
        String user = info instanceof Properties ? ((Properties) info).getProperty("user") : null;
        return new JdbcDetail(Secrets.forDescription(url instanceof String ? (String) url : null), user, null,
                              driver.getClass().getName());
    }

    /**
     * A connection returned by {@code source.getConnection()} (or {@code getConnection(user, ...)}: {@code user}), or
     * by {@code getXAConnection}, {@code getPooledConnection}, or a pooled connection's {@code getConnection}
     * ({@code logical}). {@code last}: what this thread remembers of the data source it described last; when that is
     * {@code source} ({@code known}), its detail is reused, otherwise {@code source} is described and remembered.
     */
    JdbcDetail ofSource(Object source, String user, String method, boolean logical, LastSource last, boolean known) {
        JdbcDetail detail;
        if (known) {
            detail = last.detail;
        } else {
            detail = describe(source);
            last.remember(source, JdbcClasses.of(source.getClass()), detail);
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
        return new JdbcDetail(Secrets.forDescription(g.call(g.url, source)), g.call(g.user, source), pool, type.getName());
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
