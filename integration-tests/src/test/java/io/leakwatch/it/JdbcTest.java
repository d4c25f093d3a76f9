package io.leakwatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakwatch.it.apps.JdbcApis;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kinds {@code jdbc} and {@code jdbcpool}: every way to get a connection from H2, HikariCP and DBCP2 pools over H2,
 * and PostgreSQL (see {@link JdbcApis}); open, closed, dropped, refused; and never a credential in any output.
 */
class JdbcTest {
    static final String H2 = "jdbc:h2:mem:apis;DB_CLOSE_DELAY=-1";
    static final String USER = " user=app";

    /** Site to description of every H2 acquisition of {@code h2 open}. */
    static Map<String, String> h2Descriptions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("dm-user", H2 + USER);
        d.put("dm-props", H2 + USER);
        d.put("dm-url", H2 + ";USER=app");
        d.put("driver-connect", H2 + USER);
        d.put("ds", H2 + USER);
        d.put("ds-user", H2 + USER);
        d.put("xa", "XA connection " + H2 + USER);
        d.put("pooled", "pooled connection " + H2 + USER);
        d.put("logical", "logical connection of (org.h2.jdbcx.JdbcXAConnection)");
        return d;
    }

    static AgentRun run(Jdk jdk, String name, String... args) {
        return AgentRun.of(jdk, name, JdbcApis.class, args).withJdbc();
    }

    /** No output of the run (report, stdout, stderr) contains a password. */
    static Executable noCredentials(Result r, String... secrets) {
        return () -> {
            for (String secret : secrets) {
                assertFalse(r.reportText().contains(secret), "the report shows a password");
                assertFalse(r.stderr().contains(secret), "stderr shows a password");
                assertFalse(r.stdout().contains(secret), "stdout shows a password");
            }
        };
    }

    /** The resources at {@code site}, as sorted "kind state description" lines. */
    static Executable exactlyAt(Result r, String site, String... expected) {
        return () -> {
            List<String> actual = new ArrayList<>();
            for (JsonNode res : r.resourcesAt(site)) {
                actual.add(res.path("kind").asText() + " " + res.path("state").asText() + " "
                           + res.path("description").asText());
            }
            List<String> want = new ArrayList<>(List.of(expected));
            Collections.sort(actual);
            Collections.sort(want);
            assertEquals(want, actual, site + ": resources at " + r.site(site));
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void h2ConnectionsLeftOpenAreReportedOpenAtTheCallersLine(Jdk jdk) {
        Result r = run(jdk, "h2-open", "h2", "open").run().expectSuccess();
        List<Executable> checks = new ArrayList<>();
        h2Descriptions().forEach((site, d) -> checks.add(Expect.one(r, site, "jdbc", "open", d)));
        checks.add(r.counts("jdbc", 9, 0));
        // the set-up connection that created the user, closed
        checks.add(() -> assertEquals(10, r.count("jdbc", "acquired"), "jdbc.acquired"));
        checks.add(() -> assertEquals(1, r.count("jdbc", "released"), "jdbc.released"));
        checks.add(r.onlyAnnouncedSites());
        checks.add(r.countsConsistent("jdbc", "jdbcpool", "socket", "file"));
        checks.add(noCredentials(r, JdbcApis.SECRET));
        r.check(checks.toArray(new Executable[0]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void h2ConnectionsClosedLeaveNothing(Jdk jdk) {
        Result r = run(jdk, "h2-closed", "h2", "closed").run().expectSuccess();
        r.check(r.counts("jdbc", 0, 0),
                () -> assertEquals(10, r.count("jdbc", "acquired"), "jdbc.acquired"),
                () -> assertEquals(10, r.count("jdbc", "released"), "jdbc.released"),
                () -> assertTrue(r.resources().isEmpty(), "no resource listed"),
                r.countsConsistent("jdbc", "jdbcpool"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void h2ConnectionsDroppedOpenAreReportedLeaked(Jdk jdk) {
        Result r = run(jdk, "h2-leaked", "h2", "leaked").run().expectSuccess();
        List<Executable> checks = new ArrayList<>();
        Map<String, String> d = h2Descriptions();
        for (String site : List.of("dm-user", "dm-props", "dm-url", "driver-connect", "ds", "ds-user", "xa")) {
            checks.add(Expect.one(r, site, "jdbc", "leaked", d.get(site)));
        }
        // closing the pooled connection closed its logical one: neither leaked
        checks.add(Expect.none(r, "pooled"));
        checks.add(Expect.none(r, "logical"));
        checks.add(r.counts("jdbc", 0, 7));
        checks.add(r.countsConsistent("jdbc", "jdbcpool"));
        checks.add(noCredentials(r, JdbcApis.SECRET));
        r.check(checks.toArray(new Executable[0]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void refusedConnectionsAcquireNothing(Jdk jdk) {
        Result r = run(jdk, "h2-failed", "h2-failed").run().expectSuccess();
        r.check(r.counts("jdbc", 0, 0),
                () -> assertEquals(4, r.stdoutLines().stream().filter(l -> l.startsWith("VAL refused ")).count(),
                                   "four refused connections"),
                // only the set-up connection
                () -> assertEquals(1, r.count("jdbc", "acquired"), "jdbc.acquired"),
                () -> assertEquals(1, r.count("jdbc", "released"), "jdbc.released"),
                () -> assertTrue(r.resources().isEmpty(), "no resource listed"),
                noCredentials(r, JdbcApis.SECRET));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void closedTwiceOrOnAnotherThreadIsReleasedOnce(Jdk jdk) {
        Result r = run(jdk, "h2-twice", "h2-twice").run().expectSuccess();
        r.check(r.counts("jdbc", 0, 0),
                () -> assertEquals(3, r.count("jdbc", "acquired"), "jdbc.acquired"),
                () -> assertEquals(3, r.count("jdbc", "released"), "jdbc.released"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void connectionsPerRequestFromOneSiteAreCountedExactly(Jdk jdk) {
        Result r = run(jdk, "per-request", "per-request", "200").run().expectSuccess();
        String d = "jdbc:h2:mem:perrequest;DB_CLOSE_DELAY=-1 user=app";
        r.check(Expect.many(r, "per-request", "jdbc", "open", 200, d::equals, d),
                r.counts("jdbc", 200, 0), r.countsConsistent("jdbc"));
    }

    // ------------------------------------------------------------------ pools

    static final String HIKARI_URL = "jdbc:h2:mem:hikari;DB_CLOSE_DELAY=-1";
    static final String HIKARI_BORROWED = HIKARI_URL + USER + " pool=apis-pool";
    static final String HIKARI_POOL = "pool apis-pool (com.zaxxer.hikari.HikariDataSource) " + HIKARI_URL + USER;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void hikariBorrowedConnectionsKeptAreTheApplicationsNotThePhysicalOnes(Jdk jdk) {
        Result r = run(jdk, "hikari-open", "hikari", "open").run().expectSuccess();
        r.check(
            // the pool made 5 physical connections (2 lent, 3 idle): only the 2 the application holds are its leak
            () -> assertEquals("5", r.value("hikari-total"), "physical connections"),
            exactlyAt(r, "hikari-borrow", "jdbc open " + HIKARI_BORROWED, "jdbcpool open " + HIKARI_POOL),
            exactlyAt(r, "hikari-borrow-2", "jdbc open " + HIKARI_BORROWED),
            Expect.none(r, "hikari-new"),
            r.counts("jdbc", 2, 0), r.counts("jdbcpool", 1, 0),
            // the pool's own threads and sockets are the pool's
            r.counts("threadpool", 0, 0),
            r.onlyAnnouncedSites(),
            r.countsConsistent("jdbc", "jdbcpool", "threadpool", "file", "socket"),
            noCredentials(r, JdbcApis.SECRET));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void hikariConnectionsReturnedAndPoolClosedLeaveNothing(Jdk jdk) {
        Result r = run(jdk, "hikari-closed", "hikari", "closed").run().expectSuccess();
        r.check(r.counts("jdbc", 0, 0), r.counts("jdbcpool", 0, 0), r.counts("threadpool", 0, 0),
                () -> assertEquals(3, r.count("jdbc", "acquired"), "set-up connection and two borrows"),
                () -> assertEquals(1, r.count("jdbcpool", "acquired"), "jdbcpool.acquired"),
                () -> assertEquals(1, r.count("jdbcpool", "released"), "jdbcpool.released"),
                () -> assertTrue(r.resources().isEmpty(), "no resource listed"),
                r.countsConsistent("jdbc", "jdbcpool", "threadpool"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void hikariBorrowedConnectionsDroppedAreLeakedAtTheBorrow(Jdk jdk) {
        Result r = run(jdk, "hikari-leaked", "hikari", "leaked").run().expectSuccess();
        r.check(exactlyAt(r, "hikari-borrow", "jdbc leaked " + HIKARI_BORROWED),
                exactlyAt(r, "hikari-borrow-2", "jdbc leaked " + HIKARI_BORROWED),
                r.counts("jdbc", 0, 2), r.counts("jdbcpool", 0, 0),
                r.countsConsistent("jdbc", "jdbcpool"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void aPoolNeverClosedIsALeakOfItsOwn(Jdk jdk) {
        Result r = run(jdk, "hikari-unclosed", "hikari-unclosed").run().expectSuccess();
        r.check(exactlyAt(r, "hikari-borrow", "jdbcpool open " + HIKARI_POOL),
                Expect.none(r, "hikari-borrow-2"),
                r.counts("jdbc", 0, 0), r.counts("jdbcpool", 1, 0), r.counts("threadpool", 0, 0),
                r.onlyAnnouncedSites());
    }

    static final Pattern DBCP2_BORROWED =
        Pattern.compile("jdbc:h2:mem:dbcp2;DB_CLOSE_DELAY=-1 user=app pool=BasicDataSource@[0-9a-f]+");
    static final Pattern DBCP2_POOL = Pattern.compile(
        "pool BasicDataSource@[0-9a-f]+ \\(org.apache.commons.dbcp2.BasicDataSource\\) jdbc:h2:mem:dbcp2;DB_CLOSE_DELAY=-1 user=app");

    static Executable matchesAt(Result r, String site, String kind, String state, Pattern description) {
        return () -> {
            List<JsonNode> found = new ArrayList<>();
            for (JsonNode res : r.resourcesAt(site)) {
                if (res.path("kind").asText().equals(kind)) {
                    found.add(res);
                }
            }
            assertEquals(1, found.size(), site + ": one " + kind + " at " + r.site(site));
            assertEquals(state, found.get(0).path("state").asText(), site + ": state");
            String d = found.get(0).path("description").asText();
            assertTrue(description.matcher(d).matches(), site + ": description '" + d + "' !~ " + description);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void dbcp2BorrowedConnectionsKeptAreReportedWithThePool(Jdk jdk) {
        Result r = run(jdk, "dbcp2-open", "dbcp2", "open").run().expectSuccess();
        r.check(() -> assertEquals("3", r.value("dbcp2-total"), "physical connections"),
                matchesAt(r, "dbcp2-borrow", "jdbc", "open", DBCP2_BORROWED),
                matchesAt(r, "dbcp2-borrow", "jdbcpool", "open", DBCP2_POOL),
                matchesAt(r, "dbcp2-borrow-2", "jdbc", "open", DBCP2_BORROWED),
                r.counts("jdbc", 2, 0), r.counts("jdbcpool", 1, 0), r.counts("threadpool", 0, 0),
                r.onlyAnnouncedSites(),
                r.countsConsistent("jdbc", "jdbcpool", "threadpool", "file", "socket"),
                noCredentials(r, JdbcApis.SECRET));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void dbcp2ReturnedAndClosedLeavesNothingAndDroppedIsLeaked(Jdk jdk) {
        Result closed = run(jdk, "dbcp2-closed", "dbcp2", "closed").run().expectSuccess();
        closed.check(closed.counts("jdbc", 0, 0), closed.counts("jdbcpool", 0, 0),
                     () -> assertTrue(closed.resources().isEmpty(), "no resource listed"));
        Result leaked = run(jdk, "dbcp2-leaked", "dbcp2", "leaked").run().expectSuccess();
        leaked.check(matchesAt(leaked, "dbcp2-borrow", "jdbc", "leaked", DBCP2_BORROWED),
                     matchesAt(leaked, "dbcp2-borrow-2", "jdbc", "leaked", DBCP2_BORROWED),
                     leaked.counts("jdbc", 0, 2), leaked.counts("jdbcpool", 0, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void withoutTheJdbcKindsNothingIsInstrumented(Jdk jdk) {
        Result r = run(jdk, "hikari-no-jdbc", "hikari", "open").agentOptions("report={dir}/report.json,kinds=file;socket;threadpool").run()
            .expectSuccess();
        r.check(() -> assertTrue(r.report().path("counts").path("jdbc").isMissingNode(), "no jdbc counts"),
                // without the jdbc kinds, the pool is no tracked resource, so its threads are reported as they are
                () -> assertTrue(r.count("threadpool", "open") >= 1, "Hikari's thread pools"));
    }

    // ------------------------------------------------------------ PostgreSQL

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void postgresqlConnectionsAndAPoolOverThem(Jdk jdk) {
        String url = System.getenv("LEAKWATCH_PG_URL");
        if (url == null) {
            String why = "PostgreSQL tests skipped: LEAKWATCH_PG_URL is not set (.ci/run starts a server with "
                         + ".ci/postgres-up and sets it)";
            System.err.println(why);
            Assumptions.abort(why);
        }
        String user = " user=" + System.getenv("LEAKWATCH_PG_USER");
        String password = System.getenv("LEAKWATCH_PG_PASSWORD");
        Result r = run(jdk, "pg-open", "pg", "open").run().expectSuccess();
        r.check(Expect.one(r, "pg-dm", "jdbc", "open", url + user),
                Expect.one(r, "pg-dm-url", "jdbc", "open",
                           url + "?user=" + System.getenv("LEAKWATCH_PG_USER") + "&ApplicationName=leakwatch"),
                // the data source spells out all its defaults: only the host and database are shown
                Expect.one(r, "pg-ds", "jdbc", "open", d -> d.matches(Pattern.quote(url)
                    + " \\(\\d+ parameters not shown\\)" + Pattern.quote(user)), "the URL without parameters"),
                exactlyAt(r, "pg-borrow", "jdbc open " + url + user + " pool=pg-pool",
                          "jdbcpool open pool pg-pool (com.zaxxer.hikari.HikariDataSource) " + url + user),
                r.counts("jdbc", 4, 0), r.counts("jdbcpool", 1, 0),
                // the driver's sockets are part of the connections
                r.counts("socket", 0, 0), r.counts("threadpool", 0, 0),
                r.onlyAnnouncedSites(),
                noCredentials(r, password));
        Result closed = run(jdk, "pg-closed", "pg", "closed").run().expectSuccess();
        closed.check(closed.counts("jdbc", 0, 0), closed.counts("jdbcpool", 0, 0), closed.counts("socket", 0, 0),
                     () -> assertTrue(closed.resources().isEmpty(), "no resource listed"),
                     closed.countsConsistent("jdbc", "jdbcpool", "socket"));
    }

    // ------------------------------------------------------------ statements (opt-in)

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void statementsAndResultSetsLeftOpenOnAnOpenConnectionAreReported(Jdk jdk) {
        Result r = run(jdk, "statements", "statements").agentOptions("report={dir}/report.json,kinds=all;statement")
            .run().expectSuccess();
        String conn = "jdbc:h2:mem:stmts;DB_CLOSE_DELAY=-1 user=app";
        r.check(Expect.one(r, "stmt-open", "statement", "open", "statement on " + conn),
                Expect.one(r, "rs-open", "statement", "open", "result set of statement on " + conn),
                Expect.none(r, "ps-closed"),
                // closed with its connection, and a pooled connection's statement closed by the pool on return
                Expect.none(r, "stmt-with-closed-connection"),
                Expect.none(r, "hikari-ps"),
                r.counts("statement", 2, 0),
                // the set-up's statement, the five above; Hikari's own statements are the pool's
                () -> assertEquals(6, r.count("statement", "acquired"), "statement.acquired"),
                r.counts("jdbc", 1, 0),
                r.countsConsistent("statement", "jdbc", "jdbcpool"),
                noCredentials(r, JdbcApis.SECRET));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void statementsAreOptIn(Jdk jdk) {
        Result r = run(jdk, "statements-default", "statements").run().expectSuccess();
        r.check(() -> assertTrue(r.report().path("counts").path("statement").isMissingNode(), "no statement counts"),
                r.counts("jdbc", 1, 0));
    }
}
