package io.leakwatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakwatch.it.apps.ReportCliApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar leakwatch-agent.jar check|render|diff} on reports of real agent runs ({@link ReportCliApp}), as
 * child processes on each JDK: exact exit statuses, summary lines and one-line errors.
 */
class ReportCliTest {
    private static final String APP = "io.leakwatch.it.apps.ReportCliApp";
    private static final String VALID_REPORT = "valid: a leakwatch-report/1 or leakwatch-report/2 JSON report, as written by the "
                                               + "agent "
                                               + "with report=FILE.json or format=json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** 3 files kept open, 2 dropped (leaked), 1 server socket kept open. */
    private static Result leakyRun(Jdk jdk) {
        return AgentRun.of(jdk, "cli-leaky", ReportCliApp.class, "kept:3", "dropped:2", "server").run()
            .expectSuccess();
    }

    /** A rule on a method: it matches every stack through it. */
    private static String rule(String kind, String method) {
        return kind + ":" + APP + "." + method;
    }

    /** The rule a report suggests for a site: anchored at its first frame, with the line. */
    private static String suggested(String kind, String frame) {
        return kind + ":^" + frame;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void checkFailsWithExactSummaryAndPassesWithinLimits(Jdk jdk) throws IOException {
        Result r = leakyRun(jdk);
        String report = r.reportPath().toString();
        AgentCli.Run failed = AgentCli.run(jdk, r.dir(), "check", report);
        AgentCli.Run withinMax = AgentCli.run(jdk, r.dir(), "check", report, "--max", "6");
        AgentCli.Run overMax = AgentCli.run(jdk, r.dir(), "check", report, "--max=5");
        AgentCli.Run sockets = AgentCli.run(jdk, r.dir(), "check", report, "--kinds", "socket", "--max", "1");
        Path rules = r.dir().resolve("known-leaks.supp");
        Files.writeString(rules, "# accepted in this test\n" + rule("file", "keep") + "\n" + rule("file", "drop") + "\n");
        AgentCli.Run suppressed = AgentCli.run(jdk, r.dir(), "check", report, "--kinds", "file,socket",
                                               "--suppressions", rules.toString());
        r.check(
            () -> assertEquals(1, failed.status(), failed.describe()),
            () -> assertEquals(List.of(
                "leakwatch check: FAILED: 4 open, 2 leaked resource(s) from 3 site(s); at most 0 allowed",
                "checked 1 report, kinds all, 0 suppressed",
                "  file: 3 open, 2 leaked",
                "  socket: 1 open, 0 leaked",
                "  3 open file at " + r.site("kept") + "; suppress with: " + suggested("file", r.site("kept")),
                "  2 leaked file at " + r.site("dropped") + "; suppress with: " + suggested("file", r.site("dropped")),
                "  1 open socket at " + r.site("server") + "; suppress with: " + suggested("socket", r.site("server"))),
                failed.stdoutLines(), failed.describe()),
            () -> assertEquals("", failed.stderr(), failed.describe()),
            () -> assertEquals(0, withinMax.status(), withinMax.describe()),
            () -> assertEquals("leakwatch check: PASSED: 4 open, 2 leaked resource(s) from 3 site(s); at most 6 allowed",
                               withinMax.stdoutLines().get(0)),
            () -> assertEquals(1, overMax.status(), overMax.describe()),
            () -> assertEquals(0, sockets.status(), sockets.describe()),
            () -> assertEquals(List.of(
                "leakwatch check: PASSED: 1 open, 0 leaked resource(s) from 1 site(s); at most 1 allowed",
                "checked 1 report, kinds socket, 0 suppressed",
                "  socket: 1 open, 0 leaked",
                "  1 open socket at " + r.site("server") + "; suppress with: " + suggested("socket", r.site("server"))),
                sockets.stdoutLines(), sockets.describe()),
            () -> assertEquals(1, suppressed.status(), suppressed.describe()),
            () -> assertEquals(List.of(
                "leakwatch check: FAILED: 1 open, 0 leaked resource(s) from 1 site(s); at most 0 allowed",
                "checked 1 report, kinds file,socket, 5 suppressed",
                "  socket: 1 open, 0 leaked",
                "  1 open socket at " + r.site("server") + "; suppress with: " + suggested("socket", r.site("server"))),
                suppressed.stdoutLines(), suppressed.describe()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void checkMergesTheReportsOfADirectory(Jdk jdk) throws IOException {
        Result a = leakyRun(jdk);
        Result b = AgentRun.of(jdk, "cli-second", ReportCliApp.class, "kept:2").run().expectSuccess();
        Path forks = AgentRun.newFolder(jdk, "cli-forks");
        Files.copy(a.reportPath(), forks.resolve("leaks-" + a.pid() + ".json"));
        Files.copy(b.reportPath(), forks.resolve("leaks-" + b.pid() + ".json"));
        AgentCli.Run merged = AgentCli.run(jdk, forks, "check", forks.toString());
        AgentCli.Run render = AgentCli.run(jdk, forks, "render", forks.toString(), "--output", "merged/all.json");
        JsonNode all = JSON.readTree(forks.resolve("merged/all.json").toFile());
        a.check(
            () -> assertEquals(1, merged.status(), merged.describe()),
            () -> assertEquals(List.of(
                "leakwatch check: FAILED: 6 open, 2 leaked resource(s) from 3 site(s); at most 0 allowed",
                "checked 2 reports, kinds all, 0 suppressed",
                "  file: 5 open, 2 leaked",
                "  socket: 1 open, 0 leaked",
                "  5 open file at " + a.site("kept") + "; suppress with: " + suggested("file", a.site("kept")),
                "  2 leaked file at " + a.site("dropped") + "; suppress with: " + suggested("file", a.site("dropped")),
                "  1 open socket at " + a.site("server") + "; suppress with: " + suggested("socket", a.site("server"))),
                merged.stdoutLines(), merged.describe()),
            () -> assertEquals(List.of("leakwatch render: wrote merged/all.json (json, 3 site(s))"),
                               render.stdoutLines(), render.describe()),
            () -> assertEquals("merged from 2 reports", all.path("reason").asText()),
            () -> assertEquals(5, all.path("counts").path("file").path("open").asLong()),
            () -> assertEquals(2, all.path("counts").path("file").path("leaked").asLong()),
            () -> assertEquals(5, all.path("sites").get(0).path("count").asLong()),
            () -> assertEquals(suggested("file", a.site("kept")), all.path("sites").get(0).path("suppression").asText()),
            () -> assertEquals(8, all.path("resources").size()),
            () -> assertEquals(List.of("all.json"), names(forks.resolve("merged")), "no temporary file left"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void renderGivesTextAndHtml(Jdk jdk) throws IOException {
        Result r = leakyRun(jdk);
        String report = r.reportPath().toString();
        AgentCli.Run text = AgentCli.run(jdk, r.dir(), "render", report);
        AgentCli.Run html = AgentCli.run(jdk, r.dir(), "render", report, "--output", "out/leaks.html");
        String page = Files.readString(r.dir().resolve("out/leaks.html"), StandardCharsets.UTF_8);
        List<String> lines = text.stdoutLines();
        r.check(
            () -> assertEquals(0, text.status(), text.describe()),
            () -> assertTrue(lines.get(0).startsWith("=== leakwatch report (exit) pid " + r.pid() + ", Java "),
                             lines.get(0)),
            // then what the JVM held apart (the class path's directory listing, say), which the report counts
            () -> assertEquals("SUMMARY: leakwatch: 4 open, 2 leaked resource(s) from 3 site(s). Left out, not the "
                               + "application's: " + r.report().path("heldApart").path("jvm").asLong()
                               + (r.report().path("heldApart").path("jvm").asLong() == 1 ? " resource" : " resources")
                               + " of the JVM.", lines.get(lines.size() - 1)),
            () -> assertEquals(List.of("    suppress with: " + suggested("file", r.site("kept")),
                                       "    suppress with: " + suggested("file", r.site("dropped")),
                                       "    suppress with: " + suggested("socket", r.site("server"))),
                               lines.stream().filter(l -> l.startsWith("    suppress with: ")).toList()),
            () -> assertEquals(0, html.status(), html.describe()),
            () -> assertEquals(List.of("leakwatch render: wrote out/leaks.html (html, 3 site(s))"), html.stdoutLines()),
            () -> assertTrue(page.contains("<tr class=\"kind-total\" data-kind=\"file\"><th scope=\"row\">file</th>"
                                           + "<td class=\"open\">3</td><td class=\"leaked\">2</td>"), page),
            () -> assertEquals(3, page.split("<li class=\"site\"", -1).length - 1, "site entries"),
            () -> assertEquals(List.of("leaks.html"), names(r.dir().resolve("out")), "no temporary file left"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void theAgentWritesHtmlForAnHtmlPath(Jdk jdk) {
        Result r = AgentRun.of(jdk, "agent-html", ReportCliApp.class, "kept:2", "server")
            .agentOptions("report={dir}/leaks.html").reportFile("leaks.html").run().expectSuccess();
        String page = r.reportText();
        r.check(
            () -> assertTrue(page.startsWith("<!DOCTYPE html>\n"), page),
            () -> assertTrue(page.contains("<tr class=\"kind-total\" data-kind=\"file\"><th scope=\"row\">file</th>"
                                           + "<td class=\"open\">2</td><td class=\"leaked\">0</td>"), page),
            () -> assertTrue(page.contains("<p id=\"summary\" data-open=\"3\" data-leaked=\"0\" data-sites=\"2\">"),
                             page),
            () -> assertTrue(page.contains("suppress with: <code class=\"rule\">" + suggested("socket", r.site("server"))
                                           + "</code>"), page));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void diffListsSitesNewOrGrownInHead(Jdk jdk) {
        Result base = AgentRun.of(jdk, "cli-base", ReportCliApp.class, "kept:2", "dropped:2").run().expectSuccess();
        Result head = AgentRun.of(jdk, "cli-head", ReportCliApp.class, "kept:3", "dropped:1", "server").run()
            .expectSuccess();
        String b = base.reportPath().toString();
        String h = head.reportPath().toString();
        AgentCli.Run grown = AgentCli.run(jdk, head.dir(), "diff", b, h);
        AgentCli.Run same = AgentCli.run(jdk, head.dir(), "diff", h, h);
        AgentCli.Run reverse = AgentCli.run(jdk, head.dir(), "diff", h, b);
        head.check(
            () -> assertEquals(1, grown.status(), grown.describe()),
            () -> assertEquals(List.of(
                "leakwatch diff: 2 site(s) new or grown in " + h + " compared to " + b,
                "  GREW 3 open file, base 2 at " + head.site("kept") + "; suppress with: " + suggested("file", head.site("kept")),
                "  NEW  1 open socket at " + head.site("server") + "; suppress with: " + suggested("socket", head.site("server"))),
                grown.stdoutLines(), grown.describe()),
            () -> assertEquals(0, same.status(), same.describe()),
            () -> assertEquals(List.of("leakwatch diff: no site is new or grew in " + h + " compared to " + h),
                               same.stdoutLines()),
            () -> assertEquals(1, reverse.status(), reverse.describe()),
            () -> assertEquals(List.of(
                "leakwatch diff: 1 site(s) new or grown in " + b + " compared to " + h,
                "  GREW 2 leaked file, base 1 at " + base.site("dropped") + "; suppress with: " + suggested("file", base.site("dropped"))),
                reverse.stdoutLines(), reverse.describe()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void badInputIsOneLineOnStderrAndStatusTwo(Jdk jdk) throws IOException {
        Result r = leakyRun(jdk);
        Result text = AgentRun.of(jdk, "cli-text", ReportCliApp.class, "kept:1")
            .agentOptions("format=text,report={dir}/report.json").run().expectSuccess();
        Path dir = r.dir();
        Path truncated = dir.resolve("truncated.json");
        String json = Files.readString(r.reportPath());
        // cut after the line before "counts": the parser meets the end at the start of the next line
        String head = json.substring(0, json.indexOf("\n  \"counts\"") + 1);
        Files.writeString(truncated, head);
        long line = head.chars().filter(c -> c == '\n').count() + 1;
        String report = r.reportPath().toString();
        assertAll(
            () -> assertBad(jdk, dir, "leakwatch: no-such.json: no such file; " + VALID_REPORT, "check",
                            "no-such.json"),
            () -> assertBad(jdk, dir, "leakwatch: " + text.reportPath() + ": is a leakwatch text report, not JSON; "
                                      + VALID_REPORT, "check", text.reportPath().toString()),
            () -> assertBad(jdk, dir, "leakwatch: truncated.json: is not valid JSON (Unexpected end-of-input within/"
                                      + "between Object entries at line " + line + ", column 1); " + VALID_REPORT,
                            "render", "truncated.json"),
            () -> assertBad(jdk, dir, "leakwatch: check: unknown option '--fail-on'; valid: --max N, --kinds K1,K2, "
                                      + "--suppressions FILE", "check", report, "--fail-on", "leaked"),
            () -> assertBad(jdk, dir, "leakwatch: check: --max: 'ten' is not a whole number of 0 or more", "check",
                            report, "--max", "ten"),
            () -> assertBad(jdk, dir, "leakwatch: unknown command 'verify'; valid: check, render, diff, trace, jfc, attach, report, help",
                            "verify", report));
    }

    @Test
    void theJarIsAlsoACommandLine() throws IOException {
        Jdk jdk = Jdk.all().findFirst().orElseThrow();
        Path dir = AgentRun.newFolder(jdk, "cli-usage");
        AgentCli.Run none = AgentCli.run(jdk, dir);
        AgentCli.Run help = AgentCli.run(jdk, dir, "help");
        AgentCli.Run attach = AgentCli.run(jdk, dir, "attach", "1");
        boolean attachBuilt;
        try (JarFile jar = new JarFile(AgentRun.agentJar().toFile())) {
            assertEquals("io.leakwatch.agent.premain.LeakWatchMain",
                         jar.getManifest().getMainAttributes().getValue("Main-Class"));
            attachBuilt = AgentJarTest.packedNames(jar).contains("io/leakwatch/agent/attach/AttachCommand.class")
                          || jar.getEntry("io/leakwatch/agent/attach/AttachCommand.class") != null;
        }
        boolean withAttach = attachBuilt;
        assertAll(
            () -> assertEquals(2, none.status(), none.describe()),
            () -> assertEquals("usage: java -jar leakwatch-agent.jar COMMAND ...", none.stderrLines().get(0)),
            () -> assertEquals("", none.stdout()),
            () -> assertEquals(0, help.status(), help.describe()),
            () -> assertEquals(none.stderr(), help.stdout(), "help prints the same usage, on stdout"),
            () -> {
                if (!withAttach) {
                    assertEquals(2, attach.status(), attach.describe());
                    assertEquals("leakwatch: attach is not available in this build\n", attach.stderr());
                }
            });
    }

    private static void assertBad(Jdk jdk, Path dir, String line, String... args) {
        AgentCli.Run run = AgentCli.run(jdk, dir, args);
        assertEquals(2, run.status(), run.describe());
        assertEquals(List.of(line), run.stderrLines(), run.describe());
        assertEquals("", run.stdout(), run.describe());
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
