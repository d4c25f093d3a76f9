package io.leakwatch.report.cli;

import io.leakwatch.report.JsonReportReader;
import io.leakwatch.report.LeakReport;
import io.leakwatch.report.ReportFiles;
import io.leakwatch.report.ReportFormatType;
import io.leakwatch.report.Reports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandsTest {

    private static final String VALID_REPORT = "valid: a leakwatch-report/1 or leakwatch-report/2 JSON report, as "
                                               + "written by the agent with report=FILE.json or format=json";

    @TempDir
    Path dir;

    /** What one command did. */
    private record Run(int status, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ReportCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                                   new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path sample(String name) throws IOException {
        Path file = dir.resolve(name);
        ReportFiles.writeAtomically(Reports.sample(), ReportFormatType.JSON, file);
        return file;
    }

    @Test
    void checkFailsWithASummary() throws IOException {
        Run r = run("check", sample("a.json").toString());
        assertEquals(1, r.status());
        assertEquals(List.of(
                "leakwatch check: FAILED: 3 open, 3 leaked resource(s) from 2 site(s); at most 0 allowed",
                "checked 1 report, kinds all, 0 suppressed",
                "  socket: 0 open, 2 leaked",
                "  file: 3 open, 1 leaked",
                "  500 open file at com.example.Foo.load(Foo.java:42); suppress with: file:^com.example.Foo.load(Foo.java:42)",
                "  2 leaked socket at com.example.Client.connect(Client.java:10); suppress with: "
                + "socket:^com.example.Client.connect(Client.java:10)"), r.outLines());
        assertEquals("", r.err());
    }

    @Test
    void checkPassesWithinTheLimitKindsAndSuppressions() throws IOException {
        Path a = sample("a.json");
        assertEquals(0, run("check", a.toString(), "--max", "6").status());
        assertEquals(1, run("check", a.toString(), "--max=5").status());
        Run socketsOnly = run("check", a.toString(), "--kinds", "socket", "--max", "2");
        assertEquals(0, socketsOnly.status());
        assertEquals("leakwatch check: PASSED: 0 open, 2 leaked resource(s) from 1 site(s); at most 2 allowed",
                socketsOnly.outLines().get(0));
        assertEquals("checked 1 report, kinds socket, 0 suppressed", socketsOnly.outLines().get(1));

        Path rules = dir.resolve("rules.supp");
        Files.writeString(rules, "# known\nsocket:com.example.Client.connect\n");
        Run suppressed = run("check", a.toString(), "--kinds", "socket", "--suppressions", rules.toString());
        assertEquals(0, suppressed.status());
        assertEquals(List.of(
                "leakwatch check: PASSED: 0 open, 0 leaked resource(s) from 0 site(s); at most 0 allowed",
                "checked 1 report, kinds socket, 2 suppressed"), suppressed.outLines());
    }

    @Test
    void checkMergesFilesAndDirectories() throws IOException {
        Path a = sample("a.json");
        Path sub = Files.createDirectories(dir.resolve("forks"));
        sample("forks/1.json");
        sample("forks/2.json");
        Files.writeString(sub.resolve("notes.txt"), "not a report, not read");
        // the directory's reports and one of them again by name: each report is counted once
        Run r = run("check", a.toString(), sub.toString(), sub.resolve("1.json").toString(), a.toString());
        assertEquals(1, r.status());
        assertEquals("leakwatch check: FAILED: 9 open, 9 leaked resource(s) from 2 site(s); at most 0 allowed",
                r.outLines().get(0));
        assertEquals("checked 3 reports, kinds all, 0 suppressed", r.outLines().get(1));
        assertEquals("  1500 open file at com.example.Foo.load(Foo.java:42); suppress with: file:^com.example.Foo.load(Foo.java:42)",
                r.outLines().get(4));
    }

    @Test
    void badInputIsOneLineAndStatusTwo() throws IOException {
        Path a = sample("a.json");
        Path text = dir.resolve("text.json");
        ReportFiles.writeAtomically(Reports.sample(), ReportFormatType.TEXT, text);
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"format\": \"leakwatch-report/1\", \"sites\": [");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path badRules = dir.resolve("bad.supp");
        Files.writeString(badRules, "file:ok\nfile com.example.Foo.load\n");

        assertBad("leakwatch: " + dir.resolve("missing.json") + ": no such file; " + VALID_REPORT,
                "check", dir.resolve("missing.json").toString());
        assertBad("leakwatch: " + text + ": is a leakwatch text report, not JSON; " + VALID_REPORT,
                "check", text.toString());
        assertBad("leakwatch: " + broken + ": is not valid JSON (Unexpected end-of-input: expected close marker for "
                  + "Array (start marker at [line: 1, column: 43]) at line 1, column 44); " + VALID_REPORT,
                "check", broken.toString());
        assertBad("leakwatch: " + empty + ": is a directory without *.json reports; give report files, or a directory "
                  + "holding leakwatch-report/1 or leakwatch-report/2 JSON reports", "render", empty.toString());
        assertBad("leakwatch: check: unknown option '--maxx'; valid: --max N, --kinds K1,K2, --suppressions FILE",
                "check", a.toString(), "--maxx", "3");
        assertBad("leakwatch: check: --max: 'three' is not a whole number of 0 or more", "check", a.toString(),
                "--max", "three");
        assertBad("leakwatch: check: --max: '-1' is not a whole number of 0 or more", "check", a.toString(),
                "--max=-1");
        assertBad("leakwatch: check: option --max needs a value: --max N", "check", a.toString(), "--max");
        assertBad("leakwatch: check: --kinds: 'disk' is not a kind; valid: all, file, socket, pipe, selector, "
                  + "threadpool, jdbc, jdbcpool, cuda, statement, process, thread, tempfile (comma separated)", "check", a.toString(),
                "--kinds", "file,disk");
        assertBad("leakwatch: check: no report given; usage: check REPORT... [--max N] [--kinds K1,K2] "
                  + "[--suppressions FILE]", "check");
        assertBad("leakwatch: " + badRules + ":2: 'file com.example.Foo.load' is not a rule (no ':'); write "
                  + "kind:pattern, kind one of *, file, socket, pipe, selector, threadpool, jdbc, jdbcpool, cuda, "
                  + "statement, process, thread, tempfile; pattern a glob (* for any characters) matching a stack frame's method or a "
                  + "description, e.g. file:com.example.Cache.load", "check", a.toString(), "--suppressions",
                badRules.toString());
        assertBad("leakwatch: render: --format: 'pdf' is not a report format; valid: text, json, html", "render",
                a.toString(), "--format", "pdf");
        assertBad("leakwatch: diff: 1 report(s) given, two needed (each a report or a directory of reports); usage: "
                  + "diff BASE HEAD [--kinds K1,K2] [--suppressions FILE]", "diff", a.toString());
        assertBad("leakwatch: diff: unknown option '--max'; valid: --kinds K1,K2, --suppressions FILE", "diff",
                a.toString(), a.toString(), "--max", "1");
        assertBad("leakwatch: unknown command 'chek'; valid: check, render, diff, trace, jfc, attach, report, help", "chek");
    }

    @Test
    void usage() {
        Run none = run();
        assertEquals(2, none.status());
        assertEquals(ReportCli.USAGE + "\n", none.err());
        assertEquals("", none.out());
        Run help = run("help");
        assertEquals(0, help.status());
        assertEquals(ReportCli.USAGE + "\n", help.out());
    }

    @Test
    void eachCommandPrintsItsOwnHelp() {
        for (String command : List.of("check", "render", "diff")) {
            for (String[] args : List.of(new String[] {command, "--help"}, new String[] {command, "-h"},
                                         new String[] {command, "some.json", "--help"}, new String[] {"help", command})) {
                Run r = run(args);
                assertEquals(0, r.status(), String.join(" ", args) + ": " + r.err());
                assertEquals("", r.err());
                assertTrue(r.out().startsWith("usage: java -jar leakwatch-agent.jar " + command + " "), r.out());
                assertTrue(r.out().contains("REPORT, BASE and HEAD"), r.out());
            }
        }
    }

    @Test
    void renderWritesEachFormatAtomicallyOrToStdout() throws IOException {
        Path a = sample("a.json");
        Run text = run("render", a.toString());
        assertEquals(0, text.status());
        assertTrue(text.out().startsWith("=== leakwatch report (exit) pid 1234, Java 17.0.15, "), text.out());
        assertTrue(text.out().endsWith("SUMMARY: leakwatch: 3 open, 3 leaked resource(s) from 2 site(s). "
                                       + "Left out, not the application's: 2 resources of the JVM.\n"), text.out());

        Path html = dir.resolve("out/leaks.html");
        Run written = run("render", a.toString(), "--output", html.toString());
        assertEquals(0, written.status());
        assertEquals("leakwatch render: wrote " + html + " (html, 2 site(s))\n", written.out());
        assertTrue(Files.readString(html).startsWith("<!DOCTYPE html>"));
        assertEquals(List.of("leaks.html"), Files.list(html.getParent()).map(p -> p.getFileName().toString()).toList(),
                "no temporary file left");

        Path merged = dir.resolve("merged.json");
        Path b = sample("b.json");
        assertEquals(0, run("render", a.toString(), b.toString(), "--format", "json", "--output", merged.toString())
                .status());
        LeakReport back = JsonReportReader.read(merged);
        assertEquals(1000, back.sites().get(0).count());
        assertEquals("merged from 2 reports", back.reason());

        Run htmlOut = run("render", a.toString(), "--format", "html", "--kinds", "socket");
        assertTrue(htmlOut.out().contains("data-kind=\"socket\""));
        assertTrue(!htmlOut.out().contains("<li class=\"site\" id=\"site-2\""), "one site of kind socket only");
    }

    @Test
    void diffListsNewAndGrownSites() throws IOException {
        Path base = sample("base.json");
        Path same = sample("same.json");
        Run none = run("diff", base.toString(), same.toString());
        assertEquals(0, none.status());
        assertEquals(List.of("leakwatch diff: no site is new or grew in " + same + " compared to " + base),
                none.outLines());

        Path empty = dir.resolve("empty.json");
        ReportFiles.writeAtomically(Reports.empty(), ReportFormatType.JSON, empty);
        Path twice = dir.resolve("twice");
        Files.createDirectories(twice);
        sample("twice/1.json");
        sample("twice/2.json");
        Run grown = run("diff", base.toString(), twice.toString());
        assertEquals(1, grown.status());
        assertEquals(List.of("leakwatch diff: 2 site(s) new or grown in " + twice + " compared to " + base,
                "  GREW 1000 open file, base 500 at com.example.Foo.load(Foo.java:42); suppress with: "
                + "file:^com.example.Foo.load(Foo.java:42)",
                "  GREW 4 leaked socket, base 2 at com.example.Client.connect(Client.java:10); suppress with: "
                + "socket:^com.example.Client.connect(Client.java:10)"), grown.outLines());

        Run fresh = run("diff", empty.toString(), base.toString(), "--kinds", "socket");
        assertEquals(1, fresh.status());
        assertEquals("  NEW  2 leaked socket at com.example.Client.connect(Client.java:10); suppress with: "
                     + "socket:^com.example.Client.connect(Client.java:10)", fresh.outLines().get(1));
    }

    @Test
    void version1ReportsAreCheckedDiffedMergedAndRenderedLikeCurrentOnes() throws IOException {
        Path v1 = dir.resolve("v1.json");
        String current = Files.readString(sample("v2.json"));
        Files.writeString(v1, current.replace("\"format\": \"leakwatch-report/2\"", "\"format\": \"leakwatch-report/1\"")
                                     .replace(",\n  \"releases\": [ ]\n}", "\n}"));
        assertTrue(!Files.readString(v1).contains("releases"), "as the agent wrote it before release places");

        assertEquals(run("check", dir.resolve("v2.json").toString()), run("check", v1.toString()));

        Run none = run("diff", v1.toString(), dir.resolve("v2.json").toString());
        assertEquals(0, none.status(), none.toString());
        assertEquals(List.of("leakwatch diff: no site is new or grew in " + dir.resolve("v2.json") + " compared to " + v1),
                none.outLines());

        // a version 1 and a version 2 report merged: the version 2 report's release sites kept
        Path withReleases = dir.resolve("releases.json");
        ReportFiles.writeAtomically(Reports.withReleases(), ReportFormatType.JSON, withReleases);
        Path merged = dir.resolve("merged.json");
        Run render = run("render", v1.toString(), withReleases.toString(), "--output", merged.toString());
        assertEquals(0, render.status(), render.toString());
        LeakReport back = JsonReportReader.read(merged);
        assertEquals(1000, back.sites().get(0).count());
        assertEquals(Reports.withReleases().releases(), back.releases());
        assertTrue(Files.readString(merged).startsWith("{\n  \"format\": \"leakwatch-report/2\""),
                   "written in the current version");
    }

    private static void assertBad(String line, String... args) {
        Run r = run(args);
        assertEquals(2, r.status(), () -> String.join(" ", args) + ": " + r);
        assertEquals(line + "\n", r.err(), String.join(" ", args));
        assertEquals("", r.out(), String.join(" ", args));
    }
}
