package io.leakwatch.report.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceCommandTest {

    private static final String HEADER = "{\"event\":\"trace\",\"format\":\"leakwatch-trace/1\",\"pid\":1234,"
                                         + "\"javaVersion\":\"17.0.15\"}";
    private static final String SITE_3 = "{\"event\":\"site\",\"site\":3,\"stack\":["
                                         + "\"com.example.Foo.open(Foo.java:12)\","
                                         + "\"com.example.Main.main(Main.java:5)\"]}";
    private static final String HOW = "write one with -javaagent:leakwatch-agent.jar=trace=FILE";
    private static final String VALID = "valid: a leakwatch-trace/1 trace file; " + HOW;
    private static final String USAGE = "usage: trace FILE (--id N | --site S)";

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

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private static String acquire(long id, String time, String thread, long site, String description) {
        return "{\"event\":\"acquire\",\"id\":" + id + ",\"kind\":\"file\",\"time\":\"" + time + "\",\"thread\":\""
               + thread + "\",\"site\":" + site + ",\"description\":\"" + description + "\"}";
    }

    private static String end(String event, long id, String time, String thread, long site, String description,
                              long held) {
        return "{\"event\":\"" + event + "\",\"id\":" + id + ",\"kind\":\"file\",\"time\":\"" + time
               + "\",\"thread\":\"" + thread + "\",\"site\":" + site + ",\"description\":\"" + description
               + "\",\"heldMillis\":" + held + "}";
    }

    /**
     * A trace rotated twice: app.trace.2 (oldest), app.trace.1, app.trace (current), each declaring site 3 again.
     * Resource 17 is released on another thread, 18 leaks, 19 is still open, 20 is at another site; with unknown
     * fields and event types in between.
     */
    private Path rotatedTrace() throws IOException {
        write("app.trace.2",
              HEADER.replace("}", ",\"future\":[{\"x\":1}]}"),
              SITE_3,
              // fields added to the format later are skipped, whatever their shape
              acquire(17, "2026-12-05T12:00:00.125Z", "main", 3, "/tmp/x.txt (read)")
                      .replace("}", ",\"bytes\":4096,\"extra\":{\"a\":[1,{\"b\":null}]}}"),
              acquire(18, "2026-12-05T12:00:00.130Z", "main", 3, "/tmp/y.txt (read)"));
        write("app.trace.1",
              HEADER,
              SITE_3,
              acquire(19, "2026-12-05T12:00:00.131Z", "main", 3, "/tmp/z.txt (read)"),
              end("release", 17, "2026-12-05T12:00:00.140Z", "worker-1", 3, "/tmp/x.txt (read)", 15),
              "{\"event\":\"site\",\"site\":0,\"stack\":[]}",
              "{\"event\":\"refused\",\"kind\":\"file\",\"time\":\"2026-12-05T12:00:00.145Z\",\"thread\":\"main\","
              + "\"site\":0,\"description\":\"leakwatch: limit.file=2 reached (2 open), refused\"}",
              // an event type added later: skipped, its fields unchecked
              "{\"event\":\"lease\",\"id\":\"abc\",\"site\":{\"k\":[1]},\"time\":7}",
              "",
              "{\"event\":\"dropped\",\"time\":\"2026-12-05T12:00:00.150Z\",\"count\":12}");
        return write("app.trace",
              HEADER,
              SITE_3,
              end("leak", 18, "2026-12-05T12:00:00.170Z", "main", 3, "/tmp/y.txt (read)", 40),
              "{\"event\":\"site\",\"site\":5,\"stack\":[\"com.example.Net.dial(Net.java:7)\"]}",
              "{\"event\":\"acquire\",\"id\":20,\"kind\":\"socket\",\"time\":\"2026-12-05T12:00:00.180Z\","
              + "\"thread\":\"pool-1-thread-2\",\"site\":5,\"description\":\"localhost:80\"}");
    }

    @Test
    void idReleasedOnAnotherThread() throws IOException {
        Run r = run("trace", rotatedTrace().toString(), "--id", "17");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of(
                "resource 17, file: /tmp/x.txt (read)",
                "  acquired 2026-12-05T12:00:00.125Z on thread main, at site 3:",
                "    com.example.Foo.open(Foo.java:12)",
                "    com.example.Main.main(Main.java:5)",
                "  released 2026-12-05T12:00:00.140Z on thread worker-1, held 15 ms"), r.outLines());
        assertEquals("", r.err());
    }

    @Test
    void idLeaked() throws IOException {
        Run r = run("trace", rotatedTrace().toString(), "--id=18");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of(
                "resource 18, file: /tmp/y.txt (read)",
                "  acquired 2026-12-05T12:00:00.130Z on thread main, at site 3:",
                "    com.example.Foo.open(Foo.java:12)",
                "    com.example.Main.main(Main.java:5)",
                "  leaked 2026-12-05T12:00:00.170Z (found unreachable while open), held 40 ms"), r.outLines());
    }

    @Test
    void idStillOpenAtTheEndOfTheTrace() throws IOException {
        Run r = run("trace", rotatedTrace().toString(), "--id", "19");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of(
                "resource 19, file: /tmp/z.txt (read)",
                "  acquired 2026-12-05T12:00:00.131Z on thread main, at site 3:",
                "    com.example.Foo.open(Foo.java:12)",
                "    com.example.Main.main(Main.java:5)",
                "  still open at the end of the trace (2026-12-05T12:00:00.180Z, the last event's time)"),
                r.outLines());
    }

    @Test
    void idAcquiredInAFileRotatedAway() throws IOException {
        rotatedTrace();
        // a rotated file named directly is read alone: app.trace.1 has 17's release, not its acquisition
        Run released = run("trace", dir.resolve("app.trace.1").toString(), "--id", "17");
        assertEquals(0, released.status(), released.err());
        assertEquals(List.of(
                "resource 17, file: /tmp/x.txt (read)",
                "  acquired before the oldest trace file, at site 3:",
                "    com.example.Foo.open(Foo.java:12)",
                "    com.example.Main.main(Main.java:5)",
                "  released 2026-12-05T12:00:00.140Z on thread worker-1, held 15 ms"), released.outLines());

        // a leak names the acquiring thread
        Path current = dir.resolve("current");
        Files.createDirectories(current);
        Files.copy(dir.resolve("app.trace"), current.resolve("app.trace"));
        Run leaked = run("trace", current.resolve("app.trace").toString(), "--id", "18");
        assertEquals(0, leaked.status(), leaked.err());
        assertEquals(List.of(
                "resource 18, file: /tmp/y.txt (read)",
                "  acquired before the oldest trace file on thread main, at site 3:",
                "    com.example.Foo.open(Foo.java:12)",
                "    com.example.Main.main(Main.java:5)",
                "  leaked 2026-12-05T12:00:00.170Z (found unreachable while open), held 40 ms"), leaked.outLines());
    }

    @Test
    void idNotFound() throws IOException {
        Path trace = rotatedTrace();
        Run r = run("trace", trace.toString(), "--id", "42");
        assertEquals(1, r.status());
        assertEquals("", r.out());
        assertEquals("leakwatch: resource 42 is not in the trace " + trace + " (3 file(s), from "
                     + "2026-12-05T12:00:00.125Z to 2026-12-05T12:00:00.180Z)\n", r.err());

        Path empty = write("empty.trace", HEADER);
        Run none = run("trace", empty.toString(), "--id", "1");
        assertEquals(1, none.status());
        assertEquals("leakwatch: resource 1 is not in the trace " + empty + " (1 file(s), no events)\n", none.err());
    }

    @Test
    void siteListsEveryAcquisitionWithItsEndAndASummary() throws IOException {
        Run r = run("trace", rotatedTrace().toString(), "--site", "3");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of(
                "site 3, file, 3 acquisitions:",
                "    com.example.Foo.open(Foo.java:12)",
                "    com.example.Main.main(Main.java:5)",
                "     id  acquired                  thread  ended     held",
                "     17  2026-12-05T12:00:00.125Z  main    released  15 ms",
                "     18  2026-12-05T12:00:00.130Z  main    leaked    40 ms",
                "     19  2026-12-05T12:00:00.131Z  main    open      -",
                "released 1 (held p50 15 ms, max 15 ms), leaked 1, still open 1"), r.outLines());
        assertEquals("", r.err());
    }

    @Test
    void siteListsEndsWhoseAcquisitionRotatedAwayFirst() throws IOException {
        rotatedTrace();
        Run r = run("trace", dir.resolve("app.trace.1").toString(), "--site", "3");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of(
                "site 3, file, 2 acquisitions:",
                "    com.example.Foo.open(Foo.java:12)",
                "    com.example.Main.main(Main.java:5)",
                "     id  acquired                  thread  ended     held",
                "     17  before the oldest file    -       released  15 ms",
                "     19  2026-12-05T12:00:00.131Z  main    open      -",
                "released 1 (held p50 15 ms, max 15 ms), leaked 0, still open 1"), r.outLines());
    }

    @Test
    void siteHoldPercentilesAreNearestRankOverTheReleasedOnes() throws IOException {
        Path trace = write("held.trace",
              HEADER,
              "{\"event\":\"site\",\"site\":7,\"stack\":[\"a.B.c(B.java:1)\"]}",
              acquire(1, "t1", "main", 7, "a"),
              acquire(2, "t2", "main", 7, "b"),
              acquire(1234, "t3", "a-long-thread-name", 7, "c"),
              end("release", 2, "t4", "main", 7, "b", 30),
              end("release", 1, "t5", "main", 7, "a", 10),
              end("release", 1234, "t6", "main", 7, "c", 20));
        Run r = run("trace", trace.toString(), "--site", "7");
        assertEquals(List.of(
                "site 7, file, 3 acquisitions:",
                "    a.B.c(B.java:1)",
                "      id  acquired  thread              ended     held",
                "       1  t1        main                released  10 ms",
                "       2  t2        main                released  30 ms",
                "    1234  t3        a-long-thread-name  released  20 ms",
                "released 3 (held p50 20 ms, max 30 ms), leaked 0, still open 0"), r.outLines());
    }

    @Test
    void siteWithOnlyRefusedAcquisitionsAndNoStack() throws IOException {
        Run r = run("trace", rotatedTrace().toString(), "--site", "0");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of(
                "site 0, file, 0 acquisitions:",
                "    (no stack recorded)",
                "released 0, leaked 0, still open 0, refused 1"), r.outLines());
    }

    @Test
    void siteNotFound() throws IOException {
        Path trace = rotatedTrace();
        Run r = run("trace", trace.toString(), "--site", "9");
        assertEquals(1, r.status());
        assertEquals("", r.out());
        assertEquals("leakwatch: site 9 is not in the trace " + trace + " (3 file(s), from "
                     + "2026-12-05T12:00:00.125Z to 2026-12-05T12:00:00.180Z)\n", r.err());
    }

    @Test
    void controlCharactersInTheTraceAreNotPrinted() throws IOException {
        Path trace = write("odd.trace",
              HEADER,
              "{\"event\":\"site\",\"site\":1,\"stack\":[\"a.B\\u001b[31mc\"]}",
              acquire(1, "t1", "ma\\u0007in", 1, "x\\ny"));
        Run r = run("trace", trace.toString(), "--id", "1");
        assertEquals(List.of(
                "resource 1, file: x?y",
                "  acquired t1 on thread ma?in, at site 1:",
                "    a.B?[31mc",
                "  still open at the end of the trace (t1, the last event's time)"), r.outLines());
    }

    @Test
    void aTraceBeingWrittenIsRead() throws IOException {
        Path trace = rotatedTrace();
        // the agent writes in 64K blocks, so the current file can end in the middle of a line: that line is left out
        Files.writeString(trace, "{\"event\":\"release\",\"id\":19,\"kind\":\"fi", StandardOpenOption.APPEND);
        Run r = run("trace", trace.toString(), "--id", "19");
        assertEquals(0, r.status(), r.err());
        assertEquals("  still open at the end of the trace (2026-12-05T12:00:00.180Z, the last event's time)",
                     r.outLines().get(4));

        // just rotated: the new current file is empty until the agent writes its header with the next events
        Files.writeString(trace, "");
        Run rotated = run("trace", trace.toString(), "--id", "17");
        assertEquals(0, rotated.status(), rotated.err());
        assertEquals("  released 2026-12-05T12:00:00.140Z on thread worker-1, held 15 ms", rotated.outLines().get(4));

        // a rotated file is complete: a line cut short there is an error
        Path older = dir.resolve("app.trace.1");
        Files.writeString(older, "{\"event\":\"leak\"", StandardOpenOption.APPEND);
        assertBad("leakwatch: " + older + ":10: not a JSON object: {\"event\":\"leak\"; each line of a "
                  + "leakwatch-trace/1 trace is one JSON object", "trace", trace.toString(), "--site", "3");
    }

    @Test
    void badFilesAreOneLineAndStatusTwo() throws IOException {
        Path good = rotatedTrace();
        Path missing = dir.resolve("nope.trace");
        assertBad("leakwatch: " + missing + ": no such file; " + VALID, "trace", missing.toString(), "--id", "1");
        assertBad("leakwatch: " + dir + ": is a directory, not a trace file; " + VALID, "trace", dir.toString(),
                  "--id", "1");

        String notTrace = " is not a leakwatch trace (its first line must be "
                          + "{\"event\":\"trace\",\"format\":\"leakwatch-trace/1\",...}); " + HOW;
        Path report = write("report.json", "{", "  \"format\": \"leakwatch-report/2\"", "}");
        assertBad("leakwatch: " + report + notTrace, "trace", report.toString(), "--id", "1");
        Path headless = write("headless.trace", SITE_3, HEADER);
        assertBad("leakwatch: " + headless + notTrace, "trace", headless.toString(), "--site", "3");
        // an empty current file is one just opened (see aTraceBeingWrittenIsRead); a rotated one is never empty
        Path current = write("e.trace", HEADER);
        Path empty = Files.writeString(dir.resolve("e.trace.1"), "");
        assertBad("leakwatch: " + empty + " is empty, not a leakwatch trace (its first line must be "
                  + "{\"event\":\"trace\",\"format\":\"leakwatch-trace/1\",...}); " + HOW,
                  "trace", current.toString(), "--id", "1");
        Path newer = write("newer.trace", "{\"event\":\"trace\",\"format\":\"leakwatch-trace/2\"}");
        assertBad("leakwatch: " + newer + " is a leakwatch-trace/2 trace, which this version does not read (it reads "
                  + "leakwatch-trace/1); read it with the leakwatch-agent.jar that wrote it",
                  "trace", newer.toString(), "--id", "1");
        // a rotated sibling is checked like the file named
        Files.writeString(dir.resolve("app.trace.3"), "garbage\n");
        assertBad("leakwatch: " + dir.resolve("app.trace.3") + notTrace, "trace", good.toString(), "--id", "17");
    }

    @Test
    void badLinesNameTheFileAndLine() throws IOException {
        Path truncated = write("truncated.trace", HEADER, SITE_3, "{\"event\":\"acquire\",\"id\":17,\"kind\":\"fi");
        assertBad("leakwatch: " + truncated + ":3: not a JSON object: {\"event\":\"acquire\",\"id\":17,\"kind\":\"fi; "
                  + "each line of a leakwatch-trace/1 trace is one JSON object", "trace", truncated.toString(),
                  "--site", "3");
        Path two = write("two.trace", HEADER, SITE_3 + " " + SITE_3);
        assertBad("leakwatch: " + two + ":2: not a JSON object: " + (SITE_3 + " " + SITE_3).substring(0, 57)
                  + "...; each line of a leakwatch-trace/1 trace is one JSON object", "trace", two.toString(),
                  "--site", "3");
        Path array = write("array.trace", HEADER, "[1, 2]");
        assertBad("leakwatch: " + array + ":2: not a JSON object: [1, 2]; each line of a leakwatch-trace/1 trace is "
                  + "one JSON object", "trace", array.toString(), "--id", "1");

        Path badId = write("bad-id.trace", HEADER, SITE_3, acquire(17, "t", "main", 3, "x").replace("17", "\"x\""));
        assertBad("leakwatch: " + badId + ":3: acquire event: \"id\" is \"x\", not a whole number of 0 or more",
                  "trace", badId.toString(), "--id", "1");
        Path noSite = write("no-site.trace", HEADER,
                            end("release", 1, "t", "main", 3, "x", 5).replace(",\"site\":3", ""));
        assertBad("leakwatch: " + noSite + ":2: release event: \"site\" is missing (a whole number of 0 or more "
                  + "expected)", "trace", noSite.toString(), "--id", "1");
        Path badStack = write("bad-stack.trace", HEADER, "{\"event\":\"site\",\"site\":3,\"stack\":[\"a\",7]}");
        assertBad("leakwatch: " + badStack + ":2: site event: \"stack\"[1] is 7, not a string", "trace",
                  badStack.toString(), "--site", "3");
        Path noEvent = write("no-event.trace", HEADER, "{\"id\":3}");
        assertBad("leakwatch: " + noEvent + ":2: \"event\" is missing; each line of a leakwatch-trace/1 trace has an "
                  + "\"event\" string, such as \"acquire\"", "trace", noEvent.toString(), "--id", "1");
    }

    @Test
    void badArgumentsAreOneLineAndStatusTwo() throws IOException {
        String trace = rotatedTrace().toString();
        String giveOne = "; give one: --id N follows one resource, --site S lists a site's acquisitions; " + USAGE;
        assertBad("leakwatch: trace: --id and --site are both given" + giveOne, "trace", trace, "--id", "1",
                  "--site", "3");
        assertBad("leakwatch: trace: neither --id nor --site is given" + giveOne, "trace", trace);
        assertBad("leakwatch: trace: --id: 'x' is not a resource id (a whole number of 0 or more)", "trace", trace,
                  "--id", "x");
        assertBad("leakwatch: trace: --site: '-1' is not a site id (a whole number of 0 or more)", "trace", trace,
                  "--site", "-1");
        assertBad("leakwatch: trace: unknown option '--kinds'; valid: --id N, --site S", "trace", trace, "--kinds",
                  "file", "--id", "1");
        assertBad("leakwatch: trace: option --id needs a value: --id N", "trace", trace, "--id");
        assertBad("leakwatch: trace: no trace file given; " + USAGE, "trace", "--id", "1");
        assertBad("leakwatch: trace: 2 files given, one needed (its rotated FILE.1, FILE.2, ... are read with it); "
                  + USAGE, "trace", trace, trace, "--id", "1");
    }

    @Test
    void printsItsHelp() {
        for (String[] args : List.of(new String[] {"trace", "--help"}, new String[] {"help", "trace"},
                                     new String[] {"trace", "app.trace", "--id", "1", "-h"})) {
            Run r = run(args);
            assertEquals(0, r.status(), String.join(" ", args));
            assertEquals("", r.err());
            assertTrue(r.out().startsWith("usage: java -jar leakwatch-agent.jar trace FILE (--id N | --site S)\n"),
                       r.out());
            assertTrue(r.out().contains("FILE.1, FILE.2"), r.out());
        }
        assertTrue(ReportCli.USAGE.contains("\n  trace FILE (--id N | --site S)\n"), ReportCli.USAGE);
    }

    private static void assertBad(String line, String... args) {
        Run r = run(args);
        assertEquals(2, r.status(), () -> String.join(" ", args) + ": " + r);
        assertEquals(line + "\n", r.err(), String.join(" ", args));
        assertEquals("", r.out(), String.join(" ", args));
    }
}
