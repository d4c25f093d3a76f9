package io.leakwatch.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Demo 6: a long-running HTTP service on 127.0.0.1 that leaks on some requests, to watch the counts climb.
 *
 * <ul>
 *   <li>{@code GET /report} renders a page from a template file. Every {@value #REPORT_LEAK_EVERY}th request takes a
 *       rarely used path ({@link #loadTemplate}) that opens the template with a stream it keeps and never closes: one
 *       more file {@code open} each time.</li>
 *   <li>{@code GET /query} counts orders in an H2 in-memory database through a HikariCP pool of
 *       {@value #POOL_SIZE} connections. Every {@value #QUERY_LEAK_EVERY}th request returns early from
 *       {@link #countOrders} without closing its borrowed connection: the connection is dropped ({@code leaked} once
 *       collected) and the pool has one fewer. After {@value #POOL_SIZE} such requests the pool is exhausted and
 *       {@code /query} answers 503 after a second.</li>
 * </ul>
 * Everything else is closed. A killed service closes nothing more: its report also lists the server's socket channel
 * and selector (at the {@code HttpServer.create} line) and the pool (at its first borrow).
 *
 * <p>Run until Ctrl-C (the report is printed on stderr as the JVM exits), from the repository root, after
 * {@code mvn -q -DskipTests package}:
 * <pre>
 * java -javaagent:agent/target/leakwatch-agent.jar \
 *      -cp 'demo-apps/target/classes:demo-apps/target/lib/*' io.leakwatch.demo.Demo06LeakyHttpService [port]
 * </pre>
 * The port defaults to 8080. Then request {@code http://127.0.0.1:8080/report} and {@code /query} a few dozen times
 * and watch, in {@code jconsole}, {@code java.lang:type=OperatingSystem}'s {@code OpenFileDescriptorCount} and
 * {@code com.zaxxer.hikari:type=Pool (service-pool)}'s {@code ActiveConnections} climb.
 *
 * <p>With {@code --requests N} the service fires N requests at itself (alternately {@code /report} and
 * {@code /query}, one at a time), stops, closes its pool and exits; the port then defaults to any free one. With
 * {@code --requests 100}: 50 reports leave 5 files {@code open}, 50 queries leave 10 connections {@code leaked}, and
 * nothing else is reported: {@code file: open 5}, {@code jdbc: leaked 10}.
 *
 * <p>Thread-safe: the handlers may run on any thread (the JDK's server runs them on its dispatcher thread).
 */
public final class Demo06LeakyHttpService {
    static final int REPORT_LEAK_EVERY = 10;
    static final int QUERY_LEAK_EVERY = 5;
    static final int POOL_SIZE = 20;
    static final String DB_URL = "jdbc:h2:mem:service;DB_CLOSE_DELAY=-1";
    /** The file leak: streams kept "to re-read the template cheaply", never closed (open as long as the JVM runs). */
    private static final List<InputStream> RELOADED = Collections.synchronizedList(new ArrayList<>());

    private final HttpServer server;
    private final HikariDataSource pool;
    private final Path template;
    private final AtomicInteger reports = new AtomicInteger();
    private final AtomicInteger queries = new AtomicInteger();

    private Demo06LeakyHttpService(HttpServer server, HikariDataSource pool, Path template) {
        this.server = server;
        this.pool = pool;
        this.template = template;
    }

    public static void main(String[] args) throws Exception {
        int port = -1;
        int requests = -1;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--requests")) {
                requests = Integer.parseInt(args[++i]);
            } else {
                port = Integer.parseInt(args[i]);
            }
        }
        if (port < 0) {
            // self-driving runs (tests, CI) must not collide on a fixed port
            port = requests >= 0 ? 0 : 8080;
        }
        Demo06LeakyHttpService service = start(port);
        URI base = URI.create("http://127.0.0.1:" + service.server.getAddress().getPort() + "/");
        System.out.println("Demo06LeakyHttpService: listening on " + base + " (GET /report, GET /query)"
                           + (requests < 0 ? "; Ctrl-C to stop" : ""));
        if (requests < 0) {
            return; // the server's dispatcher thread keeps the JVM running until it is killed
        }
        Map<String, Integer> answers = SelfDriver.fire(base, requests);
        System.out.println("fired " + requests + " requests: " + answers);
        System.out.println("templates left open: " + RELOADED.size() + ", connections not returned: "
                           + service.pool.getHikariPoolMXBean().getActiveConnections());
        service.stop();
    }

    /** Creates the template and the database, and starts serving on 127.0.0.1:{@code port} (0: any free port). */
    static Demo06LeakyHttpService start(int port) throws IOException, SQLException {
        Path dir = Files.createTempDirectory("leakwatch-service");
        Path template = dir.resolve("report-template.html");
        Files.writeString(template, "<h1>Orders</h1>\n", StandardCharsets.UTF_8);
        // deleted in reverse order of registration: the file, then its folder
        dir.toFile().deleteOnExit();
        template.toFile().deleteOnExit();
        try (Connection connection = DriverManager.getConnection(DB_URL, "app", "service-secret");
             Statement statement = connection.createStatement()) {
            statement.execute("create table orders(id int primary key)");
            statement.execute("insert into orders select x from system_range(1, 42)");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(DB_URL);
        config.setUsername("app");
        config.setPassword("service-secret");
        config.setPoolName("service-pool");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(1000);
        config.setRegisterMbeans(true); // for jconsole: ActiveConnections climbs with the leak
        HikariDataSource pool = new HikariDataSource(config);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        Demo06LeakyHttpService service = new Demo06LeakyHttpService(server, pool, template);
        server.createContext("/report", service::report);
        server.createContext("/query", service::query);
        server.start();
        return service;
    }

    /** Stops serving and closes the pool (the self-driving mode's end; a killed service does neither). */
    void stop() {
        server.stop(0);
        pool.close();
    }

    private void report(HttpExchange exchange) throws IOException {
        String page = loadTemplate(reports.incrementAndGet());
        respond(exchange, 200, page + "<p>report generated</p>\n");
    }

    /** Leaks on every {@value #REPORT_LEAK_EVERY}th request: the stream is kept and never closed. */
    private String loadTemplate(int request) throws IOException {
        if (request % REPORT_LEAK_EVERY == 0) {
            InputStream in = new FileInputStream(template.toFile());
            RELOADED.add(in);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return Files.readString(template, StandardCharsets.UTF_8);
    }

    private void query(HttpExchange exchange) throws IOException {
        try {
            respond(exchange, 200, "orders: " + countOrders(queries.incrementAndGet()) + "\n");
        } catch (SQLException e) {
            // the pool is exhausted (SQLTransientConnectionException after the connection timeout)
            respond(exchange, 503, "database unavailable: " + e.getMessage() + "\n");
        }
    }

    /** Leaks on every {@value #QUERY_LEAK_EVERY}th request: that path returns without closing the connection. */
    private int countOrders(int request) throws SQLException {
        Connection connection = pool.getConnection();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select count(*) from orders")) {
            rs.next();
            int count = rs.getInt(1);
            if (request % QUERY_LEAK_EVERY == 0) {
                return count;
            }
            connection.close();
            return count;
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The {@code --requests} mode's client. Not thread-safe: used by one thread. */
    static final class SelfDriver {
        private SelfDriver() {
        }

        /** Fires {@code requests} GETs, alternately {@code /report} and {@code /query}; counts the answers. */
        static Map<String, Integer> fire(URI base, int requests) throws IOException {
            // no keep-alive: a socket parked in the JDK's connection cache would still be open at exit, and reported
            // (read once, when the JDK's HTTP client first loads: no request was made before this one)
            System.setProperty("http.keepAlive", "false");
            Map<String, Integer> answers = new TreeMap<>();
            for (int i = 0; i < requests; i++) {
                String path = i % 2 == 0 ? "report" : "query";
                HttpURLConnection connection = (HttpURLConnection) base.resolve(path).toURL().openConnection();
                int status = connection.getResponseCode();
                try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                    body.readAllBytes();
                }
                connection.disconnect();
                answers.merge("/" + path + " " + status, 1, Integer::sum);
            }
            return answers;
        }
    }
}
