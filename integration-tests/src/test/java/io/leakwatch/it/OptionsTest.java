package io.leakwatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakwatch.it.apps.OptionsApp;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's options, its report formats and what it leaves alone (exit code, stdout). */
class OptionsTest {
    /** stderr lines the agent wrote: its problem lines and its summary. */
    static List<String> agentLines(Result r) {
        return r.stderrLines().stream()
            .filter(l -> l.startsWith("leakwatch") || l.startsWith("SUMMARY: leakwatch") || l.startsWith("=== leakwatch"))
            .collect(Collectors.toList());
    }

    /** The agent's problem lines: its lines on stderr but the one naming where the report went. */
    static List<String> problemLines(Result r) {
        return r.stderrLines().stream().filter(l -> l.startsWith("leakwatch: "))
                .filter(l -> !l.startsWith("leakwatch: report written to ")).collect(Collectors.toList());
    }

    /** The app's stdout without the agent: what it must be with the agent too. */
    static Executable appOutputIntact(Result r) {
        return () -> {
            assertEquals(0, r.exitCode(), "exit code");
            List<String> lines = r.stdoutLines();
            assertEquals("pid " + r.pid(), lines.get(0), "first stdout line");
            assertEquals("java " + r.jdk().version(), lines.get(1), "second stdout line");
            assertEquals("done", lines.get(lines.size() - 1), "last stdout line");
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void badOptionsGiveOneClearLineAndTheAppRunsOn(Jdk jdk) {
        String[][] cases = {
            // option, then what its line must name: the key, the value and some valid choices
            {"bogus=1", "bogus", "report", "format", "depth", "kinds"},
            {"format=xml", "format", "xml", "text", "json"},
            {"kinds=file;disk", "kinds", "disk", "socket", "pipe", "selector"},
            {"cache=tmp/lw", "cache", "tmp/lw", "absolute", "cache=off"},
        };
        for (String[] c : cases) {
            Result r = AgentRun.of(jdk, "bad-option", OptionsApp.class, "leak")
                .agentOptions("report={dir}/report.json," + c[0]).run();
            r.check(
                appOutputIntact(r),
                () -> {
                    List<String> problems = problemLines(r);
                    assertEquals(1, problems.size(), c[0] + ": stderr lines starting with 'leakwatch: ': " + problems);
                    String line = problems.get(0);
                    for (int i = 1; i < c.length; i++) {
                        assertTrue(line.contains(c[i]), c[0] + ": the line should name '" + c[i] + "': " + line);
                    }
                },
                () -> assertTrue(Files.isRegularFile(r.reportPath()), c[0] + ": the valid report= still applies"),
                Expect.one(r, "dropped", "file", "leaked", "input.txt (read)"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void reportStructure(Jdk jdk) {
        Result r = AgentRun.of(jdk, "report-structure", OptionsApp.class, "leak").run().expectSuccess();
        JsonNode report = r.report();
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertEquals("leakwatch-report/2", report.path("format").asText(), "format"));
        checks.add(() -> assertEquals("exit", report.path("reason").asText(), "reason"));
        checks.add(() -> assertNotNull(Instant.parse(report.path("createdAt").asText()), "createdAt"));
        checks.add(() -> assertEquals(r.pid(), report.path("jvm").path("pid").asLong(), "jvm.pid"));
        checks.add(() -> assertEquals(jdk.version(), report.path("jvm").path("javaVersion").asText(),
                                      "jvm.javaVersion"));
        checks.add(() -> assertTrue(report.path("jvmInternalOpen").isIntegralNumber()
                                    && report.path("jvmInternalOpen").asLong() >= 0, "jvmInternalOpen"));
        for (String kind : List.of("file", "socket", "pipe", "selector")) {
            for (String field : List.of("open", "leaked", "peak", "acquired", "released")) {
                checks.add(() -> assertTrue(report.path("counts").path(kind).path(field).isIntegralNumber(),
                                            "counts." + kind + "." + field));
            }
        }
        checks.add(Expect.one(r, "kept", "file", "open", "input.txt (read)"));
        checks.add(Expect.one(r, "dropped", "file", "leaked", "input.txt (read)"));
        checks.add(() -> {
            for (JsonNode res : r.resources()) {
                assertTrue(res.path("id").isIntegralNumber(), "id of " + res);
                assertEquals("main", res.path("thread").asText(), "thread of " + res);
                assertNotNull(Instant.parse(res.path("acquiredAt").asText()), "acquiredAt of " + res);
                assertTrue(res.path("ageMillis").asLong(-1) >= 0, "ageMillis of " + res);
                assertTrue(res.path("stack").size() >= 2, "stack of " + res + " (the site and OptionsApp.main)");
                assertTrue(res.path("stack").get(res.path("stack").size() - 1).asText()
                               .startsWith("io.leakwatch.it.apps.OptionsApp.main(OptionsApp.java:"),
                           "last frame of " + res);
            }
        });
        checks.add(r.counts("file", 1, 1));
        checks.add(r.onlyAnnouncedSites());
        checks.add(r.countsConsistent());
        r.check(checks.toArray(Executable[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void depthCapsEveryStack(Jdk jdk) {
        Result r = AgentRun.of(jdk, "depth", OptionsApp.class, "deep", "leak")
            .agentOptions("report={dir}/report.json,depth=2").run().expectSuccess();
        r.check(
            Expect.one(r, "deep", "file", "open", "input.txt (read)"),
            () -> assertEquals(2, r.resourcesAt("deep").get(0).path("stack").size(), "frames of the deep resource"),
            () -> {
                for (JsonNode res : r.resources()) {
                    assertTrue(res.path("stack").size() <= 2, "at most 2 frames: " + res);
                }
                for (JsonNode site : r.sites()) {
                    assertTrue(site.path("stack").size() <= 2, "at most 2 frames: " + site);
                }
            },
            r.counts("file", 2, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void pidInTheReportPath(Jdk jdk) {
        Result r = AgentRun.of(jdk, "pid", OptionsApp.class, "leak").agentOptions("report={dir}/leaks-{pid}.json")
            .run().expectSuccess();
        Path own = r.dir().resolve("leaks-" + r.pid() + ".json");
        r.check(
            () -> assertTrue(Files.isRegularFile(own), "leaks-" + r.pid() + ".json in " + r.dir() + ": " + list(r.dir())),
            () -> assertEquals(r.pid(), new ObjectMapper().readTree(own.toFile()).path("jvm").path("pid").asLong(),
                               "jvm.pid"),
            () -> assertFalse(Files.exists(r.dir().resolve("leaks-{pid}.json")), "no literal {pid} file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void configFile(Jdk jdk) throws IOException {
        Path folder = AgentRun.newFolder(jdk, "config-file");
        Path config = folder.resolve("leakwatch.properties");
        // a relative report path resolves against the app's working directory (the run folder)
        Files.writeString(config, "# leakwatch options\nreport=from-config.json\ndepth=1\n");
        Result r = AgentRun.of(jdk, "config", OptionsApp.class, "deep", "leak")
            .agentOptions("config=" + config).reportFile("from-config.json").run();
        r.check(
            appOutputIntact(r),
            () -> assertEquals(List.of(), problemLines(r), "problem lines"),
            Expect.one(r, "deep", "file", "open", "input.txt (read)"),
            () -> {
                for (JsonNode res : r.resources()) {
                    assertEquals(1, res.path("stack").size(), "depth=1 from the config file: " + res);
                }
            });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void systemProperties(Jdk jdk) {
        Result r = AgentRun.of(jdk, "system-properties", OptionsApp.class, "deep", "leak")
            .agentOptions(null).jvmArg("-Dleakwatch.report={dir}/from-property.json").jvmArg("-Dleakwatch.depth=1")
            .reportFile("from-property.json").run();
        r.check(
            appOutputIntact(r),
            () -> assertEquals(List.of("leakwatch: report written to " + r.dir().resolve("from-property.json")
                                       + " (" + r.report().path("counts").path("file").path("open").asLong()
                                       + " open, 1 leaked)"), agentLines(r),
                               "with report=, one stderr line naming the file"),
            Expect.one(r, "deep", "file", "open", "input.txt (read)"),
            Expect.one(r, "dropped", "file", "leaked", "input.txt (read)"),
            () -> {
                for (JsonNode res : r.resources()) {
                    assertEquals(1, res.path("stack").size(), "-Dleakwatch.depth=1: " + res);
                }
            });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void textFormat(Jdk jdk) {
        Result r = AgentRun.of(jdk, "text-format", OptionsApp.class, "leak")
            .agentOptions("format=text,report={dir}/report.txt").reportFile("report.txt").run();
        r.check(
            appOutputIntact(r),
            () -> {
                String text = r.reportText();
                List<String> lines = text.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
                assertFalse(lines.isEmpty(), "text report is empty");
                assertTrue(lines.get(lines.size() - 1).startsWith("SUMMARY: leakwatch:"),
                           "last line of the text report: " + lines.get(lines.size() - 1));
                assertFalse(text.trim().startsWith("{"), "text, not JSON");
                assertTrue(text.contains(r.site("kept")), "the open resource's site " + r.site("kept"));
                assertTrue(text.contains(r.site("dropped")), "the leaked resource's site " + r.site("dropped"));
                assertTrue(text.contains("input.txt (read)"), "the description");
            });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void summaryOnStderrOnlyWhenSomethingIsOpenOrLeaked(Jdk jdk) {
        Result leaking = AgentRun.of(jdk, "summary-leak", OptionsApp.class, "leak").agentOptions(null).run();
        Result clean = AgentRun.of(jdk, "summary-clean", OptionsApp.class, "clean").agentOptions(null).run();
        leaking.check(
            appOutputIntact(leaking),
            () -> assertTrue(leaking.stderrLines().stream().anyMatch(l -> l.startsWith("SUMMARY: leakwatch: ")),
                             "a 'SUMMARY: leakwatch: ' line on stderr"),
            () -> assertTrue(leaking.stderr().contains(leaking.site("dropped")), "the leaked site on stderr"),
            () -> assertEquals(List.of("child.stderr", "child.stdout", "input.txt"), list(leaking.dir()),
                               "no report file without report="));
        clean.check(
            appOutputIntact(clean),
            () -> assertEquals(List.of(), agentLines(clean), "agent output on stderr of a clean app"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void agentLeavesExitCodeAndStdoutAlone(Jdk jdk) {
        Result plain = AgentRun.of(jdk, "exit-plain", OptionsApp.class, "exit:3").withoutAgent().run();
        Result withAgent = AgentRun.of(jdk, "exit-agent", OptionsApp.class, "exit:3").run();
        Result withSummary = AgentRun.of(jdk, "exit-summary", OptionsApp.class, "exit:3").agentOptions(null).run();
        withAgent.check(
            () -> assertEquals(3, plain.exitCode(), "exit code without the agent\n" + plain.describe()),
            () -> assertEquals(3, withAgent.exitCode(), "exit code with the agent"),
            () -> assertEquals(3, withSummary.exitCode(), "exit code with the agent, no report="),
            () -> assertEquals(withoutPid(plain), withoutPid(withAgent), "stdout with and without the agent"),
            () -> assertEquals(withoutPid(plain), withoutPid(withSummary), "stdout with the agent, no report="),
            () -> assertTrue(withAgent.stderrLines().contains("app stderr line"), "the app's stderr"),
            () -> assertEquals("exit", withAgent.report().path("reason").asText(), "reason"),
            Expect.one(withAgent, "kept", "file", "open", "input.txt (read)"),
            Expect.one(withAgent, "dropped", "file", "leaked", "input.txt (read)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void kindsSelectWhatIsTracked(Jdk jdk) {
        Result files = AgentRun.of(jdk, "kinds-file", OptionsApp.class, "mixed")
            .agentOptions("report={dir}/report.json,kinds=file").run().expectSuccess();
        Result others = AgentRun.of(jdk, "kinds-others", OptionsApp.class, "mixed")
            .agentOptions("report={dir}/report.json,kinds=socket;selector").run().expectSuccess();
        files.check(
            Expect.one(files, "mixed-file", "file", "open", "input.txt (read)"),
            Expect.none(files, "mixed-socket"),
            Expect.none(files, "mixed-selector"),
            () -> assertEquals(1, files.resources().size(), "resources with kinds=file"));
        others.check(
            Expect.none(others, "mixed-file"),
            Expect.one(others, "mixed-socket", "socket", "open", d -> d.startsWith("server socket 127.0.0.1:"),
                       "'server socket 127.0.0.1:<port>'"),
            Expect.one(others, "mixed-selector", "selector", "open", "selector"),
            () -> assertEquals(2, others.resources().size(), "resources with kinds=socket;selector"));
    }

    static String withoutPid(Result r) {
        return r.stdout().replaceFirst("^pid \\d+\n", "pid N\n");
    }

    static List<String> list(Path dir) {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
