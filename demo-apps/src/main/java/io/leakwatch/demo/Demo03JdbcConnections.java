package io.leakwatch.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Demo 3: an "order lookup" over an H2 in-memory database, with the two classic JDBC leaks.
 *
 * <ul>
 *   <li>{@link #lateOrders} borrows a connection from a HikariCP pool and never gives it back: 3 calls, 3 borrowed
 *       connections dropped. The report lists them as {@code leaked} at the {@code getConnection} line, with the pool's
 *       name in the description: the pool still holds the physical connections, but only the application could have
 *       returned them.</li>
 *   <li>{@link #audit} opens a {@link DriverManager} connection per event and keeps it "for later": 2 calls, 2
 *       connections {@code open} at exit.</li>
 *   <li>The schema set-up (a {@code DriverManager} connection) and the 20 {@link #amountOf} lookups (borrows) use
 *       try-with-resources, and the pool is closed at the end: none of them is reported, nor the pool's own physical
 *       connections and threads.</li>
 * </ul>
 * The report's counts: {@code jdbc: open 2, leaked 3}, {@code jdbcpool: open 0}. The password never appears in it.
 *
 * <p>Run, from the repository root, after {@code mvn -q -DskipTests package}:
 * <pre>
 * java -javaagent:agent/target/leakwatch-agent.jar \
 *      -cp 'demo-apps/target/classes:demo-apps/target/lib/*' io.leakwatch.demo.Demo03JdbcConnections
 * </pre>
 *
 * <p>Not thread-safe: a single-threaded demo program.
 */
public final class Demo03JdbcConnections {
    static final String ORDERS_URL = "jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1";
    static final String AUDIT_URL = "jdbc:h2:mem:audit;DB_CLOSE_DELAY=-1";
    static final String USER = "app";
    /** A demo password: the report must not show it. */
    static final String PASSWORD = "demo-secret";
    static final int ORDERS = 20;

    /** Audit connections the demo keeps, so they are open (not leaked) at exit. */
    private static final List<Connection> AUDIT_CONNECTIONS = new ArrayList<>();

    private Demo03JdbcConnections() {
    }

    public static void main(String[] args) throws Exception {
        createSchema();
        long total = 0;
        int late = 0;
        try (HikariDataSource pool = newPool()) {
            for (int id = 1; id <= ORDERS; id++) {
                total += amountOf(pool, id);
            }
            for (int i = 0; i < 3; i++) {
                late = lateOrders(pool);
            }
            for (String event : List.of("lookup", "late-check")) {
                audit(event);
            }
        }
        System.out.println("looked up " + ORDERS + " orders, total " + total + ", " + late + " late, "
                           + AUDIT_CONNECTIONS.size() + " audit entries");
    }

    /** Closed: a set-up connection in try-with-resources. */
    static void createSchema() throws SQLException {
        try (Connection connection = DriverManager.getConnection(ORDERS_URL, USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute("create table orders(id int primary key, amount int, status varchar(10))");
            for (int id = 1; id <= ORDERS; id++) {
                statement.execute("insert into orders values (" + id + ", " + id * 10 + ", '"
                                  + (id % 5 == 0 ? "LATE" : "OK") + "')");
            }
        }
    }

    static HikariDataSource newPool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(ORDERS_URL);
        config.setUsername(USER);
        config.setPassword(PASSWORD);
        config.setPoolName("orders-pool");
        config.setMaximumPoolSize(5);
        return new HikariDataSource(config);
    }

    /** Closed: the borrowed connection goes back to the pool at the end of the try. */
    static int amountOf(DataSource pool, int id) throws SQLException {
        try (Connection connection = pool.getConnection();
             PreparedStatement query = connection.prepareStatement("select amount from orders where id = ?")) {
            query.setInt(1, id);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /** Leaks: the borrowed connection is never closed, so never returned, and is garbage once this returns. */
    static int lateOrders(DataSource pool) throws SQLException {
        Connection connection = pool.getConnection();
        ResultSet rs = connection.createStatement().executeQuery("select count(*) from orders where status = 'LATE'");
        rs.next();
        return rs.getInt(1);
    }

    /** Leaks: a connection per event, kept in a list that is never closed. */
    static void audit(String event) throws SQLException {
        Connection connection = DriverManager.getConnection(AUDIT_URL, USER, PASSWORD);
        try (Statement statement = connection.createStatement()) {
            statement.execute("create table if not exists audit(event varchar(40))");
            statement.execute("insert into audit values ('" + event + "')");
        }
        AUDIT_CONNECTIONS.add(connection);
    }
}
