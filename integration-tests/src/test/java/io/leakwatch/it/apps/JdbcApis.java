package io.leakwatch.it.apps;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.h2.jdbcx.JdbcDataSource;

import javax.sql.PooledConnection;
import javax.sql.XAConnection;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * JDBC scenarios (kinds {@code jdbc} and {@code jdbcpool}) over H2 in memory, HikariCP and DBCP2, and PostgreSQL
 * when {@code LEAKWATCH_PG_URL} is set.
 *
 * <pre>
 * h2 open|closed|leaked     every way to get a connection from H2 once, each from its own line: DriverManager (three
 *                           overloads), Driver.connect, JdbcDataSource.getConnection (both), getXAConnection,
 *                           getPooledConnection and the logical connection of a pooled one
 * h2-failed                 refused connections (wrong password, missing database): nothing acquired
 * h2-twice                  a connection closed twice and one closed on another thread
 * hikari open|closed|leaked a Hikari pool (3 physical connections kept idle) lends two connections; closed: both
 *                           returned and the pool closed; open: both kept and the pool left open; leaked: both
 *                           dropped, the pool closed
 * hikari-unclosed           connections returned, the pool never closed
 * dbcp2 open|closed|leaked  the same with DBCP2's BasicDataSource
 * per-request N             N connections from one line, kept open
 * pg open|closed            DriverManager and PGSimpleDataSource against PostgreSQL, and a Hikari pool over it
 * statements                (kind statement) on a connection kept open: a statement and its result set left open, a
 *                           prepared statement closed; on a connection closed: a statement left open (closed with it);
 *                           a Hikari borrow whose prepared statement is left open, returned (Hikari closes it)
 * </pre>
 *
 * <p>Every URL carries a password ({@value #SECRET}) so a test can check none reaches the report.
 */
public final class JdbcApis {
    public static final String SECRET = "Sup3rS3cr3t";
    static final String USER = "app";

    private JdbcApis() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "h2":
                Hold.mode(args[1]);
                h2("jdbc:h2:mem:apis;DB_CLOSE_DELAY=-1");
                break;
            case "h2-failed":
                h2Failed();
                break;
            case "h2-twice":
                h2Twice();
                break;
            case "hikari":
                Hold.mode(args[1]);
                hikari(true);
                break;
            case "hikari-unclosed":
                Hold.mode("closed");
                hikari(false);
                break;
            case "dbcp2":
                Hold.mode(args[1]);
                dbcp2();
                break;
            case "per-request":
                perRequest(Integer.parseInt(args[1]));
                break;
            case "statements":
                statements();
                break;
            case "pg":
                Hold.mode(args[1]);
                pg();
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
        Hold.collect();
        System.out.println("done");
        // pools' threads must not keep the JVM alive: the report is written by the agent's shutdown hook
        System.exit(0);
    }

    static String h2Url(String db) {
        return "jdbc:h2:mem:" + db + ";DB_CLOSE_DELAY=-1";
    }

    /** Creates the database with user {@value #USER} and password {@value #SECRET}. */
    static void createUser(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE USER IF NOT EXISTS " + USER + " PASSWORD '" + SECRET + "' ADMIN");
        }
    }

    static void h2(String url) throws Exception {
        createUser(url);
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("password", SECRET);
        Driver driver = DriverManager.getDriver(url);
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser(USER);
        ds.setPassword(SECRET);
        Mark.next("dm-user");
        Connection c1 = DriverManager.getConnection(url, USER, SECRET);
        Hold.done(c1);
        Mark.next("dm-props");
        Connection c2 = DriverManager.getConnection(url, props);
        Hold.done(c2);
        Mark.next("dm-url");
        Connection c3 = DriverManager.getConnection(url + ";USER=" + USER + ";PASSWORD=" + SECRET);
        Hold.done(c3);
        Mark.next("driver-connect");
        Connection c4 = driver.connect(url, props);
        Hold.done(c4);
        Mark.next("ds");
        Connection c5 = ds.getConnection();
        Hold.done(c5);
        Mark.next("ds-user");
        Connection c6 = ds.getConnection(USER, SECRET);
        Hold.done(c6);
        Mark.next("xa");
        XAConnection xa = ds.getXAConnection();
        Hold.done(xa::close);
        if (Hold.mode() == Hold.Mode.OPEN) {
            Hold.keep(xa);
        }
        Mark.next("pooled");
        PooledConnection pooled = ds.getPooledConnection();
        Hold.keep(pooled);
        Mark.next("logical");
        Connection logical = pooled.getConnection();
        Hold.done(logical);
        if (Hold.mode() != Hold.Mode.OPEN) {
            pooled.close();
        }
    }

    static void h2Failed() throws Exception {
        String url = h2Url("failed");
        createUser(url);
        Mark.next("wrong-password");
        expectRefused(() -> DriverManager.getConnection(url, USER, "wrong-" + SECRET));
        Mark.next("missing-db");
        expectRefused(() -> DriverManager.getConnection("jdbc:h2:./absent;IFEXISTS=TRUE", USER, SECRET));
        Mark.next("no-driver");
        expectRefused(() -> DriverManager.getConnection("jdbc:nosuchdriver://x", USER, SECRET));
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        Mark.next("ds-wrong-password");
        expectRefused(() -> ds.getConnection(USER, "wrong"));
    }

    interface Connect {
        Connection connect() throws SQLException;
    }

    static void expectRefused(Connect c) {
        try {
            Connection conn = c.connect();
            throw new AssertionError("connected: " + conn);
        } catch (SQLException expected) {
            Mark.val("refused", expected.getSQLState());
        }
    }

    static void h2Twice() throws Exception {
        String url = h2Url("twice");
        createUser(url);
        Connection c = DriverManager.getConnection(url, USER, SECRET);
        c.close();
        c.close();
        Connection other = DriverManager.getConnection(url, USER, SECRET);
        Thread t = new Thread(() -> {
            try {
                other.close();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        t.join();
    }

    static void hikari(boolean closePool) throws Exception {
        String url = h2Url("hikari");
        createUser(url);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(USER);
        config.setPassword(SECRET);
        config.setPoolName("apis-pool");
        config.setMinimumIdle(3);
        config.setMaximumPoolSize(5);
        Mark.next("hikari-new");
        HikariDataSource pool = new HikariDataSource(config);
        Mark.next("hikari-borrow");
        Connection a = pool.getConnection();
        Mark.next("hikari-borrow-2");
        Connection b = pool.getConnection();
        waitForIdle(pool, 3);
        Hold.done(a);
        Hold.done(b);
        a = null;
        b = null;
        if (Hold.mode() == Hold.Mode.LEAKED) {
            Hold.collect();
        }
        if (closePool && Hold.mode() != Hold.Mode.OPEN) {
            pool.close();
        } else {
            Hold.keep(pool);
        }
    }

    /** Waits until the pool has made its idle connections, so they exist (and are the pool's) at the report. */
    static void waitForIdle(HikariDataSource pool, int idle) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool.getHikariPoolMXBean().getIdleConnections() < idle && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Mark.val("hikari-total", pool.getHikariPoolMXBean().getTotalConnections());
    }

    static void dbcp2() throws Exception {
        String url = h2Url("dbcp2");
        createUser(url);
        BasicDataSource pool = new BasicDataSource();
        pool.setUrl(url);
        pool.setUsername(USER);
        pool.setPassword(SECRET);
        pool.setInitialSize(3);
        Mark.next("dbcp2-borrow");
        Connection a = pool.getConnection();
        Mark.next("dbcp2-borrow-2");
        Connection b = pool.getConnection();
        Hold.done(a);
        Hold.done(b);
        a = null;
        b = null;
        if (Hold.mode() == Hold.Mode.LEAKED) {
            Hold.collect();
        }
        Mark.val("dbcp2-total", pool.getNumActive() + pool.getNumIdle());
        if (Hold.mode() != Hold.Mode.OPEN) {
            pool.close();
        } else {
            Hold.keep(pool);
        }
    }

    static void perRequest(int n) throws Exception {
        String url = h2Url("perrequest");
        createUser(url);
        List<Connection> kept = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Mark.next("per-request");
            kept.add(DriverManager.getConnection(url, USER, SECRET));
        }
        Hold.keep(kept);
    }

    static void statements() throws Exception {
        String url = h2Url("stmts");
        createUser(url);
        Connection kept = DriverManager.getConnection(url, USER, SECRET);
        Hold.keep(kept);
        Mark.next("stmt-open");
        Statement s1 = kept.createStatement();
        Hold.keep(s1);
        Mark.next("rs-open");
        java.sql.ResultSet rs = s1.executeQuery("SELECT 1");
        Hold.keep(rs);
        Mark.next("ps-closed");
        java.sql.PreparedStatement ps = kept.prepareStatement("SELECT ?");
        ps.close();
        Connection closed = DriverManager.getConnection(url, USER, SECRET);
        Mark.next("stmt-with-closed-connection");
        Statement s2 = closed.createStatement();
        Hold.keep(s2);
        closed.close();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(USER);
        config.setPassword(SECRET);
        config.setPoolName("stmt-pool");
        config.setMinimumIdle(1);
        config.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Connection c = pool.getConnection();
            Mark.next("hikari-ps");
            java.sql.PreparedStatement hps = c.prepareStatement("SELECT 1");
            Hold.keep(hps);
            c.close();
        }
    }

    static void pg() throws Exception {
        String url = System.getenv("LEAKWATCH_PG_URL");
        String user = System.getenv("LEAKWATCH_PG_USER");
        String password = System.getenv("LEAKWATCH_PG_PASSWORD");
        Mark.next("pg-dm");
        Connection c1 = DriverManager.getConnection(url, user, password);
        Hold.done(c1);
        Mark.next("pg-dm-url");
        Connection c2 = DriverManager.getConnection(url + "?user=" + user + "&password=" + password + "&ApplicationName=leakwatch");
        Hold.done(c2);
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser(user);
        ds.setPassword(password);
        Mark.next("pg-ds");
        Connection c3 = ds.getConnection();
        Hold.done(c3);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("pg-pool");
        config.setMinimumIdle(2);
        config.setMaximumPoolSize(3);
        HikariDataSource pool = new HikariDataSource(config);
        Mark.next("pg-borrow");
        Connection c4 = pool.getConnection();
        waitForIdle(pool, 2);
        Hold.done(c4);
        if (Hold.mode() == Hold.Mode.OPEN) {
            Hold.keep(pool);
        } else {
            pool.close();
        }
    }
}
