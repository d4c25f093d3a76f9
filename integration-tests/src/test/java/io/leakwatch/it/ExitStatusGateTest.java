package io.leakwatch.it;

import io.leakwatch.it.apps.ReportCliApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's exit gate: {@code exitcode=}, {@code failon=} and {@code suppressions=}, on real child JVMs. */
class ExitStatusGateTest {

    /** The gate's lines on stderr (the line naming the report file is the exit report's, checked apart). */
    private static List<String> gateLines(Result r) {
        return r.stderrLines().stream().filter(l -> l.startsWith("leakwatch: "))
                .filter(l -> !l.startsWith(REPORT_WRITTEN)).toList();
    }

    private static final String REPORT_WRITTEN = "leakwatch: report written to ";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void aLeakEndsTheJvmWithTheGatesStatusAfterTheReport(Jdk jdk) {
        Result r = AgentRun.of(jdk, "gate-leak", ReportCliApp.class, "kept:2", "dropped:1")
            .agentOptions("report={dir}/report.json,exitcode=23").run();
        r.check(
            () -> assertEquals(23, r.exitCode(), "exit status"),
            () -> assertTrue(r.stdoutLines().contains("done"), "the application ran to its end"),
            () -> assertEquals(List.of("leakwatch: exit status 23: 2 open, 1 leaked resource(s) at exit (exitcode=23, "
                                       + "failon=any, 0 suppressed)"), gateLines(r)),
            () -> assertEquals(List.of(REPORT_WRITTEN + r.dir().resolve("report.json") + " (2 open, 1 leaked)",
                                       "leakwatch: exit status 23: 2 open, 1 leaked resource(s) at exit (exitcode=23, "
                                       + "failon=any, 0 suppressed)"),
                               r.stderrLines().stream().filter(l -> l.startsWith("leakwatch: ")).toList(),
                               "where the report went, then the gate's verdict"),
            r.counts("file", 2, 1),
            Expect.many(r, "kept", "file", "open", 2, "input.txt (read)"::equals, "input.txt"),
            Expect.one(r, "dropped", "file", "leaked", "input.txt (read)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void withoutALeakTheStatusIsUntouched(Jdk jdk) {
        Result clean = AgentRun.of(jdk, "gate-clean", ReportCliApp.class)
            .agentOptions("report={dir}/report.json,exitcode=23").run();
        Result own = AgentRun.of(jdk, "gate-own-status", ReportCliApp.class, "exit:3")
            .agentOptions("report={dir}/report.json,exitcode=23").run();
        Result noGate = AgentRun.of(jdk, "gate-none", ReportCliApp.class, "kept:1").run();
        clean.check(
            () -> assertEquals(0, clean.exitCode(), "clean run\n" + clean.describe()),
            () -> assertEquals(List.of(), gateLines(clean), "clean run"),
            () -> assertEquals(3, own.exitCode(), "the application's own status\n" + own.describe()),
            () -> assertEquals(List.of(), gateLines(own), "own status"),
            () -> assertEquals(0, noGate.exitCode(), "a leak without exitcode=\n" + noGate.describe()),
            noGate.counts("file", 1, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void failOnLeakedIgnoresOpenResources(Jdk jdk) {
        Result open = AgentRun.of(jdk, "gate-open-only", ReportCliApp.class, "kept:2", "server", "exit:4")
            .agentOptions("report={dir}/report.json,exitcode=23,failon=leaked").run();
        Result leaked = AgentRun.of(jdk, "gate-leaked", ReportCliApp.class, "kept:2", "dropped:2", "exit:4")
            .agentOptions("report={dir}/report.json,exitcode=23,failon=leaked").run();
        open.check(
            () -> assertEquals(4, open.exitCode(), "only open resources: the application's status\n" + open.describe()),
            open.counts("file", 2, 0),
            open.counts("socket", 1, 0),
            () -> assertEquals(23, leaked.exitCode(), "a leaked resource\n" + leaked.describe()),
            () -> assertEquals(List.of("leakwatch: exit status 23: 2 open, 2 leaked resource(s) at exit (exitcode=23, "
                                       + "failon=leaked, 0 suppressed)"), gateLines(leaked)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void aSuppressionFileSilencesASite(Jdk jdk) throws IOException {
        Path rules = AgentRun.newFolder(jdk, "gate-rules").resolve("known.supp");
        Files.writeString(rules, "# dropped on purpose in this test\nfile:io.leakwatch.it.apps.ReportCliApp.drop\n");
        Result r = AgentRun.of(jdk, "gate-suppressed", ReportCliApp.class, "kept:1", "dropped:3")
            .agentOptions("report={dir}/report.json,exitcode=23,failon=leaked,suppressions=" + rules).run();
        Result textRun = AgentRun.of(jdk, "gate-suppressed-any", ReportCliApp.class, "kept:1", "dropped:3")
            .agentOptions("report={dir}/report.txt,exitcode=23,suppressions=" + rules).reportFile("report.txt").run();
        r.check(
            () -> assertEquals(0, r.exitCode(), "the only leaked site is suppressed"),
            () -> assertEquals(List.of(), gateLines(r)),
            r.counts("file", 1, 0),
            Expect.none(r, "dropped"),
            Expect.one(r, "kept", "file", "open", "input.txt (read)"),
            () -> assertEquals(3, r.report().path("suppressed").asLong(), "suppressed"),
            () -> assertEquals(r.count("file", "open") + r.count("file", "leaked"),
                               r.count("file", "acquired") - r.count("file", "released"),
                               "acquired lost the suppressed ones: acquired - released == open + leaked"),
            () -> assertEquals(23, textRun.exitCode(), "failon=any: the kept file still fails\n" + textRun.describe()),
            () -> assertTrue(textRun.reportText().contains(
                "(3 open or leaked resources matched suppression rules and are not listed)\n"), textRun.reportText()),
            () -> assertEquals(List.of("leakwatch: exit status 23: 1 open, 0 leaked resource(s) at exit (exitcode=23, "
                                       + "failon=any, 3 suppressed)"), gateLines(textRun)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void aBadSuppressionFileIsOneLineAndTheGateStillHolds(Jdk jdk) throws IOException {
        Path rules = AgentRun.newFolder(jdk, "gate-bad-rules").resolve("bad.supp");
        Files.writeString(rules, "file:io.leakwatch.it.apps.ReportCliApp.drop\nleak:io.leakwatch.it.apps.ReportCliApp.keep\n");
        Result r = AgentRun.of(jdk, "gate-bad-suppressions", ReportCliApp.class, "dropped:1")
            .agentOptions("report={dir}/report.json,exitcode=23,suppressions=" + rules).run();
        r.check(
            () -> assertEquals(23, r.exitCode(), "no rule applies when the file is bad"),
            () -> assertEquals(List.of(
                "leakwatch: option suppressions: " + rules + ":2: 'leak' is not a kind; write kind:pattern, kind one "
                + "of *, file, socket, pipe, selector, threadpool, jdbc, jdbcpool, cuda, statement, process, thread, tempfile; pattern a glob (* "
                + "for any characters) matching a stack frame's method or a description, e.g. "
                + "file:com.example.Cache.load; no site is suppressed",
                "leakwatch: exit status 23: 0 open, 1 leaked resource(s) at exit (exitcode=23, failon=any, "
                + "0 suppressed)"), gateLines(r)),
            r.counts("file", 0, 1));
    }
}
