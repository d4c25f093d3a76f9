package io.leakwatch.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A JDBC driver that connects to nothing: each connection is a small proxy. The agent tracks it as it tracks any
 * driver's connections (through its JDBC hooks on {@code Driver.connect}), so the live-view workload can hold 100,000
 * open resources that need no descriptor and almost no heap of their own.
 *
 * <p>Thread-safe (stateless).
 */
public final class BenchDriver implements Driver {
    private static final InvocationHandler CONNECTION = (proxy, method, args) -> {
        switch (method.getName()) {
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            case "toString":
                return "bench connection";
            case "isClosed":
            case "isReadOnly":
            case "getAutoCommit":
                return false;
            default:
                return null;
        }
    };

    @Override
    public Connection connect(String url, Properties info) {
        if (!acceptsURL(url)) {
            return null;
        }
        return (Connection) Proxy.newProxyInstance(BenchDriver.class.getClassLoader(), new Class<?>[] {Connection.class},
                                                   CONNECTION);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith("jdbc:bench:");
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("io.leakwatch.bench");
    }
}
