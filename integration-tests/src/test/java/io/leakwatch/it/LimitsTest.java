package io.leakwatch.it;

import io.leakwatch.it.apps.LimitApis;
import io.leakwatch.it.apps.LimitCudaApis;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Limits ({@code limit.<kind>=N}, {@code onlimit=}): the acquisition past a limit fails before anything is acquired,
 * with the exception its caller already handles, or goes ahead with one line per crossing (see {@link LimitApis}).
 */
class LimitsTest {
    static final String FNF = "java.io.FileNotFoundException";
    static final String FSE = "java.nio.file.FileSystemException";
    static final String SOCKET = "java.net.SocketException";
    static final String REJECTED = "java.util.concurrent.RejectedExecutionException";
    static final long MIB = 1024 * 1024;

    static AgentRun run(Jdk jdk, String name, String options, String... args) {
        return AgentRun.of(jdk, name, LimitApis.class, args).agentOptions("report={dir}/report.json," + options);
    }

    /** The attempt {@code name} failed with {@code type} and {@code message}, and opened no descriptor. */
    static Executable refused(Result r, String name, String type, String message) {
        return () -> {
            assertEquals(type, r.value(name), name + ": exception");
            assertEquals(message, r.value(name + ".message"), name + ": message");
            assertEquals("0", r.value(name + ".fds"), name + ": descriptors opened by the refused call");
        };
    }

    /** The agent's lines about limits on stderr. */
    static List<String> limitLines(Result r) {
        List<String> out = new ArrayList<>();
        for (String line : r.stderrLines()) {
            if (line.startsWith("leakwatch: limit.")) {
                out.add(line);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void filesPastTheLimitAreRefusedBeforeTheyOpen(Jdk jdk) {
        Result r = run(jdk, "limit-files", "limit.file=3,onlimit=fail", "files", "3").run().expectSuccess();
        String reached = "leakwatch: limit.file=3 reached (3 open)";
        String held = reached + "; most held at " + r.site("file-hold") + " (3)";
        r.check(refused(r, "fis", FNF, held), refused(r, "fos", FNF, held), refused(r, "raf", FNF, held),
                refused(r, "zip", FNF, held),
                refused(r, "nio", FSE, "data/orders.csv: " + held),
                refused(r, "channel", FSE, "data/new.bin: " + held),
                refused(r, "dir", FSE, "data: " + held),
                () -> assertEquals("false", r.value("fos.created"), "a refused FileOutputStream creates no file"),
                () -> assertEquals("false", r.value("channel.created"), "a refused FileChannel.open creates no file"),
                // after one was closed and another opened: a new crossing, and its holders computed afresh
                refused(r, "again", FSE, "data/orders.csv: " + reached + "; most held at " + r.site("file-hold")
                                         + " (2)"),
                Expect.many(r, "file-hold", "file", "open", 2, "data/orders.csv (read)"::equals, "orders.csv"),
                Expect.one(r, "file-after", "file", "open", "data/orders.csv (read)"),
                r.counts("file", 3, 0),
                // the set-up's two files (closed), three held, one after the release: nothing refused was recorded
                () -> assertEquals(6, r.count("file", "acquired"), "file.acquired"),
                () -> assertEquals(3, r.count("file", "peak"), "file.peak"),
                () -> assertEquals(List.of(reached + ", refused (onlimit=fail); top holders: " + r.site("file-hold")
                                           + " (3)",
                                           reached + ", refused (onlimit=fail); top holders: " + r.site("file-hold")
                                           + " (2), " + r.site("file-after") + " (1)"),
                                   limitLines(r), "one stderr line per crossing"),
                r.countsConsistent("file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void socketsPastTheLimitAreRefusedBeforeTheyOpen(Jdk jdk) {
        Result r = run(jdk, "limit-sockets", "limit.socket=4,onlimit=fail", "sockets", "4").run().expectSuccess();
        String held = "leakwatch: limit.socket=4 reached (4 open); most held at " + r.site("socket-hold") + " (2)";
        List<Executable> checks = new ArrayList<>();
        for (String attempt : List.of("server-socket", "client-socket", "socket-channel", "server-channel", "datagram",
                                      "accept")) {
            checks.add(refused(r, attempt, SOCKET, held));
        }
        checks.add(Expect.one(r, "socket-server", "socket", "open", d -> d.startsWith("server socket "), "server"));
        checks.add(Expect.one(r, "socket-client", "socket", "open", d -> d.startsWith("socket "), "client"));
        checks.add(Expect.one(r, "socket-hold", "socket", "open", d -> d.startsWith("server socket "), "server"));
        // the connection left pending by the refused accept is accepted once a socket was closed
        checks.add(Expect.one(r, "socket-after", "socket", "open", d -> d.startsWith("socket "), "accepted"));
        checks.add(r.counts("socket", 4, 0));
        checks.add(() -> assertEquals(5, r.count("socket", "acquired"), "socket.acquired"));
        checks.add(r.countsConsistent("socket"));
        r.check(checks.toArray(new Executable[0]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void pipesAndSelectorsPastTheirLimitsAreRefused(Jdk jdk) {
        Result r = run(jdk, "limit-descriptors", "limit.pipe=2,limit.selector=1,onlimit=fail", "descriptors").run()
            .expectSuccess();
        r.check(refused(r, "pipe", "java.io.IOException", "leakwatch: limit.pipe=2 reached (2 open, 2 requested);"
                                                          + " most held at " + r.site("pipe-hold") + " (2)"),
                refused(r, "selector", "java.io.IOException", "leakwatch: limit.selector=1 reached (1 open);"
                                                              + " most held at " + r.site("selector-hold") + " (1)"),
                r.counts("pipe", 2, 0), r.counts("selector", 1, 0),
                () -> assertEquals(2, r.count("pipe", "acquired"), "pipe.acquired"),
                () -> assertEquals(1, r.count("selector", "acquired"), "selector.acquired"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void threadPoolsPastTheLimitAreRejected(Jdk jdk) {
        Result r = run(jdk, "limit-pools", "limit.threadpool=2,onlimit=fail", "pools", "2").run().expectSuccess();
        String held = "leakwatch: limit.threadpool=2 reached (2 open); most held at " + r.site("pool-hold") + " (2)";
        r.check(refused(r, "fixed", REJECTED, held), refused(r, "tpe", REJECTED, held),
                refused(r, "fork-join", REJECTED, held), refused(r, "scheduled", REJECTED, held),
                () -> assertEquals("0", r.value("threads"), "threads started by refused pools"),
                Expect.one(r, "pool-hold", "threadpool", "open", d -> d.startsWith(ThreadPoolTest.TPE), "pool"),
                Expect.one(r, "pool-after", "threadpool", "open", d -> d.startsWith(ThreadPoolTest.TPE), "pool"),
                r.counts("threadpool", 2, 0),
                () -> assertEquals(3, r.count("threadpool", "acquired"), "threadpool.acquired"),
                r.countsConsistent("threadpool"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void connectionsPastTheLimitFailWithSqlException(Jdk jdk) {
        Result r = run(jdk, "limit-jdbc", "limit.jdbc=2,onlimit=fail", "jdbc", "2").withJdbc().run()
            .expectSuccess();
        String held = "leakwatch: limit.jdbc=2 reached (2 open); most held at " + r.site("jdbc-hold") + " (2)";
        List<Executable> checks = new ArrayList<>();
        for (String attempt : List.of("driver-manager", "data-source", "hikari")) {
            checks.add(() -> assertEquals("java.sql.SQLException", r.value(attempt), attempt + ": exception"));
            checks.add(() -> assertEquals(held, r.value(attempt + ".message"), attempt + ": message"));
            checks.add(() -> assertEquals("08004", r.value(attempt + ".sqlstate"), attempt + ": SQLState"));
        }
        checks.add(Expect.one(r, "jdbc-hold", "jdbc", "open", d -> d.startsWith("jdbc:h2:mem:limits"), "H2"));
        // the pool's own physical connections went ahead; the borrow after a close is the application's
        checks.add(() -> assertEquals(List.of("jdbc open jdbc:h2:mem:limits;DB_CLOSE_DELAY=-1 user=sa pool=HikariPool-1",
                                              "jdbcpool open pool HikariPool-1 (com.zaxxer.hikari.HikariDataSource)"
                                              + " jdbc:h2:mem:limits;DB_CLOSE_DELAY=-1 user=sa"),
                                      r.resourcesAt("jdbc-after").stream().map(x -> x.path("kind").asText() + " "
                                          + x.path("state").asText() + " " + x.path("description").asText()).sorted()
                                          .toList(), "the borrow after a close, and the pool recorded with it"));
        checks.add(r.counts("jdbcpool", 1, 0));
        checks.add(r.counts("jdbc", 2, 0));
        checks.add(() -> assertEquals(3, r.count("jdbc", "acquired"), "jdbc.acquired"));
        checks.add(r.countsConsistent("jdbc"));
        checks.add(() -> assertFalse((r.stdout() + r.stderr() + r.reportText()).contains("s3cret-limits"),
                                     "the password appears nowhere"));
        r.check(checks.toArray(new Executable[0]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void statementsAndPoolsPastTheirLimitsFailWithSqlException(Jdk jdk) {
        Result r = run(jdk, "limit-jdbc-kinds", "kinds=all;statement,limit.statement=2,limit.jdbcpool=1,onlimit=fail",
                       "jdbc-kinds").withJdbc().run().expectSuccess();
        String statements = "leakwatch: limit.statement=2 reached (2 open); most held at " + r.site("stmt-hold")
            + " (2)";
        r.check(() -> assertEquals("java.sql.SQLException", r.value("prepare"), "prepare: exception"),
                () -> assertEquals(statements, r.value("prepare.message"), "prepare: message"),
                () -> assertEquals("java.sql.SQLException", r.value("query"), "query: exception"),
                () -> assertEquals(statements, r.value("query.message"), "query: message"),
                () -> assertEquals("java.sql.SQLException", r.value("second-borrow"), "second pool: exception"),
                () -> assertEquals("leakwatch: limit.jdbcpool=1 reached (1 open); most held at "
                                   + r.site("first-borrow") + " (1)", r.value("second-borrow.message"),
                                   "second pool: message"),
                () -> assertEquals("08004", r.value("second-borrow.sqlstate"), "SQLState"),
                Expect.one(r, "stmt-hold", "statement", "open", d -> d.startsWith("statement on "), "statement"),
                Expect.one(r, "stmt-after", "statement", "open", d -> d.startsWith("prepared statement on "),
                           "prepared statement"),
                r.counts("statement", 2, 0), r.counts("jdbcpool", 1, 0),
                () -> assertEquals(3, r.count("statement", "acquired"), "statement.acquired"),
                () -> assertEquals(3, r.count("jdbc", "open"), "jdbc.open: one from DriverManager, two borrows"),
                () -> assertFalse((r.stdout() + r.stderr() + r.reportText()).contains("s3cret-limits"),
                                  "the password appears nowhere"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void aLimitOfZeroForbidsTheKindButNotTheJvmsOwn(Jdk jdk) {
        Result r = run(jdk, "limit-zero", "limit.file=0,limit.threadpool=0,onlimit=fail", "zero").run()
            .expectSuccess();
        r.check(refused(r, "zero-file", FNF, "leakwatch: limit.file=0 reached (0 open)"),
                refused(r, "zero-write", FSE, "zero.txt: leakwatch: limit.file=0 reached (0 open)"),
                refused(r, "zero-pool", REJECTED, "leakwatch: limit.threadpool=0 reached (0 open)"),
                () -> assertEquals("loaded", r.value("late-class"), "class loading opens class files: allowed"),
                () -> assertEquals("ran", r.value("delayed"), "the JDK's own scheduler pool: allowed"),
                r.counts("file", 0, 0), r.counts("threadpool", 0, 0),
                () -> assertEquals(0, r.count("file", "acquired"), "file.acquired"),
                () -> assertEquals(0, r.count("threadpool", "acquired"), "threadpool.acquired"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void warnAllowsEverythingWithOneLinePerCrossing(Jdk jdk) {
        Result r = run(jdk, "limit-warn", "limit.file=2", "warn").run().expectSuccess();
        String reached = "leakwatch: limit.file=2 reached (2 open), allowed (onlimit=warn); top holders: ";
        r.check(() -> assertEquals("4", r.value("over"), "opened past the limit"),
                () -> assertEquals(List.of(reached + r.site("warn-hold") + " (2)",
                                           reached + r.site("warn-again") + " (2)"),
                                   limitLines(r), "one line per crossing"),
                () -> assertEquals("2", r.value("events"), "limitReached events"),
                () -> assertEquals("file 2 2 false " + r.site("warn-hold"), r.value("event.0"), "first event"),
                () -> assertEquals("file 2 2 false " + r.site("warn-again"), r.value("event.1"), "second event"),
                Expect.many(r, "warn-again", "file", "open", 3, "warn.txt (read)"::equals, "warn.txt"),
                r.counts("file", 3, 0),
                () -> assertEquals(8, r.count("file", "acquired"), "file.acquired"),
                () -> assertEquals(4, r.count("file", "peak"), "file.peak"),
                r.countsConsistent("file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void theApplicationChangesALimitAtRunTime(Jdk jdk) {
        Result r = run(jdk, "limit-runtime", "onlimit=fail", "runtime").run().expectSuccess();
        r.check(() -> assertEquals(Long.toString(Long.MAX_VALUE), r.value("limit.initial"), "no limit at start"),
                () -> assertEquals("1", r.value("limit.set"), "limit after setLimit"),
                refused(r, "rt-refused", FNF, "leakwatch: limit.file=1 reached (1 open); most held at "
                                              + r.site("rt-hold") + " (1)"),
                refused(r, "rt-refused-3", FNF, "leakwatch: limit.file=3 reached (3 open); most held at "
                                                + r.site("rt-more") + " (2)"),
                Expect.one(r, "rt-hold", "file", "open", "runtime.txt (read)"),
                Expect.many(r, "rt-more", "file", "open", 2, "runtime.txt (read)"::equals, "runtime.txt"),
                Expect.one(r, "rt-unlimited", "file", "open", "runtime.txt (read)"),
                r.counts("file", 4, 0),
                () -> assertEquals(5, r.count("file", "acquired"), "file.acquired"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void cudaAllocationsPastTheByteLimitFailAsOutOfMemory(Jdk jdk) {
        AgentRun run = CudaStandIns.get().applyTo(AgentRun.of(jdk, "limit-cuda", LimitCudaApis.class)
            .agentOptions("report={dir}/report.json,limit.cuda.bytes=64m,onlimit=fail").withJCuda(), jdk);
        if (jdk.feature() >= 22) {
            run.jvmArg("--enable-native-access=ALL-UNNAMED");
        }
        Result r = run.run().expectSuccess();
        r.check(() -> assertEquals("0", r.value("hold.0"), "first 32 MiB"),
                () -> assertEquals("0", r.value("hold.1"), "second 32 MiB"),
                () -> assertEquals("2", r.value("cudaMalloc.refused"), "cudaErrorMemoryAllocation"),
                () -> assertEquals("jcuda.CudaException", r.value("cudaMalloc.exception"), "with exceptions on"),
                () -> assertEquals("leakwatch: limit.cuda.bytes=64 MiB reached (64 MiB open, 1 MiB requested); most"
                                   + " held at " + r.site("cuda-hold") + " (64 MiB)",
                                   r.value("cudaMalloc.exception.message"), "message"),
                () -> assertEquals("2", r.value("cuMemAlloc.refused"), "CUDA_ERROR_OUT_OF_MEMORY"),
                () -> assertEquals(Long.toString(64 * MIB), r.value("used"), "nothing allocated by refused calls"),
                () -> assertEquals("0", r.value("cudaFree"), "free"),
                () -> assertEquals("0", r.value("cudaMalloc.after"), "room again after a free"),
                r.counts("cuda", 2, 0),
                () -> assertEquals(64 * MIB, r.count("cuda", "bytes"), "cuda.bytes"),
                () -> assertEquals(3, r.count("cuda", "acquired"), "cuda.acquired"));
    }
}
