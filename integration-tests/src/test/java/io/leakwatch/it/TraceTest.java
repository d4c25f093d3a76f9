package io.leakwatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakwatch.it.apps.TraceApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trace ({@code trace=FILE}) in child JVMs: the exact lines of a known program, rotation, and a file system that
 * stops the trace from growing (a file size limit), which loses trace lines but never the application's data or the
 * exit report.
 */
class TraceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void aKnownProgramsTraceHasExactlyItsEventsInOrder(Jdk jdk) {
        Result r = AgentRun.of(jdk, "trace-known", TraceApp.class, "known")
                           .agentOptions("report={dir}/report.json,trace={dir}/trace-{pid}.jsonl,trace.kinds=file,"
                                         + "limit.file=3,onlimit=fail").run().expectSuccess();
        Path trace = r.dir().resolve("trace-" + r.pid() + ".jsonl");
        List<JsonNode> lines = lines(trace);
        Map<Integer, String> siteFirstFrame = new HashMap<>();
        List<String> events = new ArrayList<>();
        for (JsonNode l : lines.subList(1, lines.size())) {
            String event = l.path("event").asText();
            if (event.equals("site")) {
                siteFirstFrame.put(l.path("site").asInt(), l.path("stack").path(0).asText());
            } else {
                events.add(event + " " + siteFirstFrame.get(l.path("site").asInt()));
            }
        }
        String a = r.site("a");
        r.check(
            () -> assertEquals("leakwatch-trace/1", lines.get(0).path("format").asText()),
            () -> assertEquals(r.pid(), lines.get(0).path("pid").asLong()),
            () -> assertEquals("yes", r.value("refused")),
            () -> assertEquals(List.of(
                "acquire " + a, "acquire " + a, "acquire " + a, "release " + a, "release " + a,
                "acquire " + r.site("dropped"), "leak " + r.site("dropped"),
                "acquire " + r.site("next"), "release " + r.site("next"),
                "acquire " + r.site("fill"), "acquire " + r.site("fill"),
                "refused " + r.site("refused"),
                "release " + r.site("fill"), "release " + r.site("fill")), events, String.join("\n", events)),
            // five sites, each declared once, before its first use
            () -> assertEquals(1 + 5 + 14, lines.size()),
            () -> {
                JsonNode leak = lines.stream().filter(l -> l.path("event").asText().equals("leak")).findFirst()
                                     .orElseThrow();
                assertTrue(leak.path("heldMillis").asLong() >= 0);
                assertTrue(leak.path("description").asText().endsWith(".txt (read)"), leak.toString());
                assertEquals("main", leak.path("thread").asText());
            },
            () -> {
                // the command line reads it: the life of the leaked resource, and every acquisition of site a
                JsonNode leak = lines.stream().filter(l -> l.path("event").asText().equals("leak")).findFirst()
                                     .orElseThrow();
                AgentCli.Run life = AgentCli.run(jdk, r.dir(), "trace", trace.toString(), "--id",
                                                 leak.path("id").asText());
                assertEquals(0, life.status(), life.describe());
                assertEquals("resource " + leak.path("id").asText() + ", file: " + leak.path("description").asText(),
                             life.stdoutLines().get(0), life.describe());
                assertTrue(life.stdoutLines().contains("    " + r.site("dropped")), life.describe());
                assertTrue(life.stdoutLines().get(life.stdoutLines().size() - 1).trim().startsWith("leaked "),
                           life.describe());
                int siteA = siteOf(lines, a);
                AgentCli.Run site = AgentCli.run(jdk, r.dir(), "trace", trace.toString(), "--site",
                                                 Integer.toString(siteA));
                assertEquals(0, site.status(), site.describe());
                assertEquals("site " + siteA + ", file, 3 acquisitions:", site.stdoutLines().get(0), site.describe());
                String summary = site.stdoutLines().get(site.stdoutLines().size() - 1);
                assertTrue(summary.startsWith("released 2 (held p50 ") && summary.endsWith("still open 1"),
                           site.describe());
                AgentCli.Run missing = AgentCli.run(jdk, r.dir(), "trace", trace.toString(), "--id", "999999");
                assertEquals(1, missing.status(), missing.describe());
                assertTrue(missing.stderr().startsWith("leakwatch: resource 999999 is not in the trace "),
                           missing.describe());
            },
            // the report is the same run's
            r.counts("file", 1, 1),
            () -> assertEquals(0, r.report().path("agentFailures").asLong()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void aFullTraceFileIsRotatedAndEachFileReadsOnItsOwn(Jdk jdk) {
        Result r = AgentRun.of(jdk, "trace-rotate", TraceApp.class, "loop", "500")
                           .agentOptions("summary=false,trace={dir}/trace.jsonl,trace.kinds=file,trace.maxSize=4k,"
                                         + "trace.files=3").run().expectSuccess();
        Path current = r.dir().resolve("trace.jsonl");
        r.check(
            () -> assertTrue(Files.exists(r.dir().resolve("trace.jsonl.1"))),
            () -> assertTrue(Files.exists(r.dir().resolve("trace.jsonl.2"))),
            () -> assertFalse(Files.exists(r.dir().resolve("trace.jsonl.3")), "3 files kept"),
            () -> {
                long lastId = -1;
                for (String name : List.of("trace.jsonl.2", "trace.jsonl.1", "trace.jsonl")) {
                    Path p = r.dir().resolve(name);
                    assertTrue(Files.size(p) <= 4096, name + " " + Files.size(p));
                    List<JsonNode> lines = lines(p);
                    assertEquals("trace", lines.get(0).path("event").asText(), name);
                    Set<Integer> declared = new HashSet<>();
                    for (JsonNode l : lines.subList(1, lines.size())) {
                        if (l.path("event").asText().equals("site")) {
                            declared.add(l.path("site").asInt());
                        } else if (l.has("site")) {
                            assertTrue(declared.contains(l.path("site").asInt()), name + ": " + l);
                        }
                        if (l.has("id")) {
                            // oldest file first: ids only grow
                            assertTrue(l.path("id").asLong() >= lastId, name + ": " + l);
                            lastId = l.path("id").asLong();
                        }
                    }
                }
            },
            () -> assertTrue(lines(current).size() > 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void aTraceThatCannotGrowLosesItsLinesNeverTheApplicationsDataOrTheReport(Jdk jdk) {
        Result r = AgentRun.of(jdk, "trace-fill", TraceApp.class, "fill", "2000")
                           .agentOptions("report={dir}/report.json,trace={dir}/trace.jsonl,trace.kinds=file")
                           .fileSizeLimitKiB(16).run().expectSuccess();
        r.check(
            () -> assertEquals("2000", r.value("data"), "the application's own file"),
            () -> assertTrue(Long.parseLong(r.value("traceDropped")) > 0, "the MBean counts the lines lost"),
            // the loop's 2,000 and the data file written and read back; past the thread's stack budget a class file
            // the JDK's loader reads for itself cannot be told from the application's, so one more may be counted
            () -> assertTrue(r.count("file", "acquired") >= 2002 && r.count("file", "acquired") <= 2003,
                             "acquired " + r.count("file", "acquired")),
            () -> assertEquals(r.count("file", "acquired"), r.count("file", "released")),
            r.counts("file", 0, 0),
            () -> assertTrue(Files.size(r.dir().resolve("trace.jsonl")) > 8 * 1024
                             && Files.size(r.dir().resolve("trace.jsonl")) <= 16 * 1024, "the trace stopped at the limit"),
            () -> {
                // what reached the disk reads: whole lines, cut back to the last one after each failed write
                AgentCli.Run read = AgentCli.run(jdk, r.dir(), "trace", "trace.jsonl", "--site", "1");
                assertEquals(0, read.status(), read.describe());
            },
            () -> assertEquals(1, r.stderrLines().stream()
                                   .filter(l -> l.startsWith("leakwatch: the trace could not be written to ")).count(),
                               r.stderr()));
    }

    /** The id of the site whose stack starts at {@code frame}. */
    static int siteOf(List<JsonNode> lines, String frame) {
        for (JsonNode l : lines) {
            if (l.path("event").asText().equals("site") && frame.equals(l.path("stack").path(0).asText())) {
                return l.path("site").asInt();
            }
        }
        throw new AssertionError("no site at " + frame);
    }

    /** Every complete line of {@code file} as JSON (a line cut by a full disk is left out). */
    static List<JsonNode> lines(Path file) {
        try {
            List<JsonNode> out = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                try {
                    out.add(JSON.readTree(line));
                } catch (IOException cut) {
                    // the last line of a file that could not grow
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
