package io.leakwatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakwatch.demo.Demo01FilesAndSockets;
import io.leakwatch.demo.Demo03JdbcConnections;
import io.leakwatch.demo.Demo04ThreadPools;
import io.leakwatch.demo.Demo05PipesAndSelectors;
import io.leakwatch.demo.Demo06LeakyHttpService;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The programs of {@code demo-apps}, each run as the README runs it (class path {@code demo-apps/target/classes} and
 * the jars in {@code demo-apps/target/lib}) under the agent, on every JDK: their exact output, the exact open and
 * leaked counts of every kind, and exactly the leaking sites their javadoc promises, each with its count, state and
 * first frame.
 *
 * <p>A demo is a program for people, so it announces no sites. The expected first frame of a site is found in the
 * demo's source instead: the first line inside the named method that holds the acquiring call (see {@link #frame}).
 */
class DemoAppsTest {
    /** Every kind a demo can touch: each one's open and leaked counts are checked, most of them at 0. */
    static final List<String> KINDS = List.of("file", "socket", "pipe", "selector", "threadpool", "jdbc", "jdbcpool");

    /** Demo 1, the README's quick start: 20 readers open, 3 streams leaked, 3 sockets open. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void demo01FilesAndSockets(Jdk jdk) {
        Class<?> demo = Demo01FilesAndSockets.class;
        Result r = demo(jdk, demo).run();
        List<Executable> checks = new ArrayList<>();
        checks.add(output(r, "imported 20 files, 40 lines, checksum 3957"));
        checks.add(sitesExactly(r,
            site("file", "open", 20, frame(demo, "countLines", "new FileReader(")),
            site("file", "leaked", 3, frame(demo, "checksum", "Files.newInputStream(")),
            site("socket", "open", 1, frame(demo, "ping", "Socket client = new Socket(")),
            site("socket", "open", 1, frame(demo, "ping", "server.accept()")),
            site("socket", "open", 1, frame(demo, "ping", "new DatagramSocket("))));
        checks.add(counts(r, Map.of("file", new long[] {20, 3}, "socket", new long[] {3, 0})));
        checks.add(acquiredReleased(r, "file", 43, 20));
        checks.add(acquiredReleased(r, "socket", 6, 3));
        r.check(checks.toArray(Executable[]::new));
    }

    /** Demo 3: 3 borrows from HikariCP dropped (leaked, with the pool's name), 2 DriverManager connections kept. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void demo03JdbcConnections(Jdk jdk) {
        Class<?> demo = Demo03JdbcConnections.class;
        Result r = demo(jdk, demo).run();
        String borrowed = frame(demo, "lateOrders", "pool.getConnection()");
        String kept = frame(demo, "audit", "DriverManager.getConnection(");
        List<Executable> checks = new ArrayList<>();
        checks.add(output(r, "looked up 20 orders, total 2100, 4 late, 2 audit entries"));
        checks.add(sitesExactly(r, site("jdbc", "leaked", 3, borrowed), site("jdbc", "open", 2, kept)));
        checks.add(descriptions(r, borrowed, "jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1 user=app pool=orders-pool"::equals,
                                "the orders URL, its user and the pool's name"));
        checks.add(descriptions(r, kept, "jdbc:h2:mem:audit;DB_CLOSE_DELAY=-1 user=app"::equals,
                                "the audit URL and its user"));
        checks.add(counts(r, Map.of("jdbc", new long[] {2, 3})));
        // the schema's connection, 20 lookups, 3 dropped borrows, 2 audit connections; the pool's own are not counted
        checks.add(acquiredReleased(r, "jdbc", 26, 21));
        checks.add(acquiredReleased(r, "jdbcpool", 1, 1));
        checks.add(noSecret(r, "demo-secret"));
        r.check(checks.toArray(Executable[]::new));
    }

    /** Demo 4: a fixed pool per request, 200 open at one site; the shared pool shut down. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void demo04ThreadPools(Jdk jdk) {
        Class<?> demo = Demo04ThreadPools.class;
        Result r = demo(jdk, demo).run();
        String perRequest = frame(demo, "render", "Executors.newFixedThreadPool(");
        Pattern description = Pattern.compile(Pattern.quote("java.util.concurrent.ThreadPoolExecutor core 2, max 2,"
                                                             + " thread names pool-") + "\\d+"
                                              + Pattern.quote("-thread-N; 1 live threads, 0 queued tasks"));
        List<Executable> checks = new ArrayList<>();
        checks.add(output(r, "rendered 200 reports, 3690 characters"));
        checks.add(sitesExactly(r, site("threadpool", "open", 200, perRequest)));
        checks.add(descriptions(r, perRequest, d -> description.matcher(d).matches(), "matching " + description));
        checks.add(counts(r, Map.of("threadpool", new long[] {200, 0})));
        checks.add(acquiredReleased(r, "threadpool", 201, 1));
        r.check(checks.toArray(Executable[]::new));
    }

    /** Demo 5: 3 pipe sink ends leaked (their sources closed), 4 selectors open; the relay's selectors closed. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void demo05PipesAndSelectors(Jdk jdk) {
        Class<?> demo = Demo05PipesAndSelectors.class;
        Result r = demo(jdk, demo).run();
        String pipe = frame(demo, "relay", "Pipe.open()");
        String watcher = frame(demo, "newWatcher", "Selector.open()");
        List<Executable> checks = new ArrayList<>();
        checks.add(output(r, "relayed 30 messages, 510 bytes; 4 watchers idle"));
        checks.add(sitesExactly(r, site("pipe", "leaked", 3, pipe), site("selector", "open", 4, watcher)));
        checks.add(descriptions(r, pipe, "pipe sink"::equals, "'pipe sink'"));
        checks.add(descriptions(r, watcher, "selector"::equals, "'selector'"));
        checks.add(counts(r, Map.of("pipe", new long[] {0, 3}, "selector", new long[] {4, 0})));
        checks.add(acquiredReleased(r, "pipe", 6, 3));
        checks.add(acquiredReleased(r, "selector", 7, 3));
        r.check(checks.toArray(Executable[]::new));
    }

    /**
     * Demo 6 in its self-driving mode, 100 requests: 50 reports leave 5 template streams open, 50 queries drop 10
     * borrowed connections; the server's socket and selector, the 100 client sockets and the pool are all closed.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void demo06LeakyHttpServiceDrivenByItself(Jdk jdk) {
        Class<?> demo = Demo06LeakyHttpService.class;
        Result r = demo(jdk, demo, "--requests", "100").run();
        String template = frame(demo, "loadTemplate", "new FileInputStream(");
        String query = frame(demo, "countOrders", "pool.getConnection()");
        List<Executable> checks = new ArrayList<>();
        checks.add(output(r, Pattern.compile(Pattern.quote("Demo06LeakyHttpService: listening on http://127.0.0.1:")
                                             + "[1-9]\\d*" + Pattern.quote("/ (GET /report, GET /query)")),
                          "fired 100 requests: {/query 200=50, /report 200=50}",
                          "templates left open: 5, connections not returned: 10"));
        checks.add(sitesExactly(r, site("file", "open", 5, template), site("jdbc", "leaked", 10, query)));
        Pattern templatePath = Pattern.compile("/.*/leakwatch-service\\d+/report-template\\.html \\(read\\)");
        checks.add(descriptions(r, template, d -> templatePath.matcher(d).matches(), "matching " + templatePath));
        checks.add(descriptions(r, query, "jdbc:h2:mem:service;DB_CLOSE_DELAY=-1 user=app pool=service-pool"::equals,
                                "the service's URL, its user and the pool's name"));
        checks.add(counts(r, Map.of("file", new long[] {5, 0}, "jdbc", new long[] {0, 10})));
        // the template written at start-up, 45 reads closed, 5 kept
        checks.add(acquiredReleased(r, "file", 51, 46));
        // the server's channel and one client socket per request (no keep-alive)
        checks.add(acquiredReleased(r, "socket", 101, 101));
        checks.add(acquiredReleased(r, "selector", 1, 1));
        // the schema's connection and one borrow per query
        checks.add(acquiredReleased(r, "jdbc", 51, 41));
        checks.add(acquiredReleased(r, "jdbcpool", 1, 1));
        checks.add(noSecret(r, "service-secret"));
        r.check(checks.toArray(Executable[]::new));
    }

    // ------------------------------------------------------------------ running a demo

    /** A run of {@code main} on the README's class path for the demos. */
    static AgentRun demo(Jdk jdk, Class<?> main, String... args) {
        AgentRun run = AgentRun.of(jdk, main.getSimpleName(), main, args);
        run.classPathFirst(demoTarget().resolve("classes"));
        libraries().forEach(run::classPathFirst);
        return run;
    }

    /** {@code demo-apps/target}, found from where the demo classes were loaded (its classes folder or its jar). */
    static Path demoTarget() {
        return AgentRun.codeSource(Demo01FilesAndSockets.class).getParent();
    }

    /** The jars in {@code demo-apps/target/lib}, as {@code demo-apps/target/lib/*} expands. */
    static List<Path> libraries() {
        Path lib = demoTarget().resolve("lib");
        try (Stream<Path> jars = Files.list(lib)) {
            List<Path> out = jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
            assertFalse(out.isEmpty(), "no jars in " + lib);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(lib + " is missing: package demo-apps first (mvn -DskipTests package)", e);
        }
    }

    // ------------------------------------------------------------------ expected sites

    /** One expected site of the report: kind, state, count and first frame. */
    record Site(String kind, String state, long count, String frame) {
        @Override
        public String toString() {
            return state + " " + kind + " x" + count + " at " + frame;
        }
    }

    static Site site(String kind, String state, long count, String frame) {
        return new Site(kind, state, count, frame);
    }

    /**
     * {@code class.method(File.java:line)} of the first line, after the line that declares {@code method} in the demo's
     * source, that holds {@code code}: the frame the agent must give as the first of that acquisition's stack.
     */
    static String frame(Class<?> demo, String method, String code) {
        String file = demo.getSimpleName() + ".java";
        Path source = demoTarget().getParent().resolve("src/main/java")
            .resolve(demo.getPackageName().replace('.', '/')).resolve(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(source);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo's source " + source, e);
        }
        Pattern declaration = Pattern.compile("^\\s+[\\w<>\\[\\], ]+\\s" + Pattern.quote(method) + "\\(.*\\{$");
        int declared = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (declaration.matcher(lines.get(i)).matches()) {
                if (declared >= 0) {
                    fail(source + " declares " + method + " twice, at lines " + (declared + 1) + " and " + (i + 1));
                }
                declared = i;
            }
        }
        if (declared < 0) {
            fail(source + " declares no method " + method);
        }
        for (int i = declared + 1; i < lines.size(); i++) {
            if (lines.get(i).contains(code)) {
                return demo.getName() + "." + method + "(" + file + ":" + (i + 1) + ")";
            }
        }
        throw new AssertionError(source + ": no line holding '" + code + "' after the declaration of " + method);
    }

    // ------------------------------------------------------------------ checks

    /** The demo exited with 0 and printed exactly these lines (a line given as a {@link Pattern} must match it). */
    static Executable output(Result r, Object... lines) {
        return () -> {
            assertEquals(0, r.exitCode(), "exit code");
            List<String> actual = r.stdoutLines();
            assertEquals(lines.length, actual.size(), () -> "stdout lines " + actual);
            for (int i = 0; i < lines.length; i++) {
                String line = actual.get(i);
                if (lines[i] instanceof Pattern p) {
                    assertTrue(p.matcher(line).matches(), "stdout line " + (i + 1) + " '" + line + "' !~ " + p);
                } else {
                    assertEquals(lines[i], line, "stdout line " + (i + 1));
                }
            }
        };
    }

    /** The report's sites are exactly these, and its listed resources agree with them. */
    static Executable sitesExactly(Result r, Site... expected) {
        return () -> {
            List<String> want = Stream.of(expected).map(Site::toString).sorted().toList();
            List<String> got = r.sites().stream()
                .map(s -> site(s.path("kind").asText(), s.path("state").asText(), s.path("count").asLong(),
                               Result.firstFrame(s)).toString())
                .sorted().toList();
            assertEquals(want, got, "the report's sites");
            Map<String, Long> listed = new TreeMap<>();
            for (JsonNode res : r.resources()) {
                listed.merge(res.path("state").asText() + " " + res.path("kind").asText() + " at "
                             + Result.firstFrame(res), 1L, Long::sum);
            }
            Map<String, Long> wantListed = new TreeMap<>();
            for (Site s : expected) {
                wantListed.merge(s.state() + " " + s.kind() + " at " + s.frame(), s.count(), Long::sum);
            }
            assertEquals(wantListed, listed, "the report's resources, by state, kind and first frame");
        };
    }

    /** Every resource whose first frame is {@code frame} has a description {@code what}. */
    static Executable descriptions(Result r, String frame, Predicate<String> description, String what) {
        return () -> {
            List<String> wrong = new ArrayList<>();
            for (JsonNode res : r.resources()) {
                String d = res.path("description").asText();
                if (frame.equals(Result.firstFrame(res)) && !description.test(d)) {
                    wrong.add(d);
                }
            }
            assertTrue(wrong.isEmpty(), () -> "descriptions at " + frame + " should be " + what + ": " + wrong);
        };
    }

    /** Open and leaked counts of every kind in {@link #KINDS}: as given ({open, leaked}), 0 for the others. */
    static Executable counts(Result r, Map<String, long[]> nonZero) {
        return () -> {
            List<Executable> checks = new ArrayList<>();
            for (String kind : KINDS) {
                long[] expected = nonZero.getOrDefault(kind, new long[] {0, 0});
                checks.add(r.counts(kind, expected[0], expected[1]));
            }
            checks.add(r.countsConsistent(KINDS.toArray(String[]::new)));
            assertAll(checks);
        };
    }

    static Executable acquiredReleased(Result r, String kind, long acquired, long released) {
        return () -> {
            assertEquals(acquired, r.count(kind, "acquired"), kind + ".acquired");
            assertEquals(released, r.count(kind, "released"), kind + ".released");
        };
    }

    /** The demo's password is in neither the report nor the child's output. */
    static Executable noSecret(Result r, String secret) {
        return () -> {
            assertFalse(r.reportText().contains(secret), "the report shows the password");
            assertFalse(r.stdout().contains(secret) || r.stderr().contains(secret), "the output shows the password");
        };
    }
}
