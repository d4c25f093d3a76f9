package io.leakwatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakwatch.it.apps.ProcessApis;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kind {@code process} in child JVMs with the agent: which children are open, leaked or silent, their descriptions,
 * first frames, limits and masked command lines.
 */
class ProcessTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void childrenAreOpenUntilTheirEndIsSeenAndTheirStreamsClosed(Jdk jdk) {
        Result r = AgentRun.of(jdk, "process-lifecycle", ProcessApis.class, "lifecycle").run().expectSuccess();
        String pid = r.value("running-pid");
        Map<String, String> open = new TreeMap<>();
        Map<String, String> leaked = new TreeMap<>();
        for (JsonNode res : r.resources()) {
            if (res.path("kind").asText().equals("process")) {
                (res.path("state").asText().equals("open") ? open : leaked)
                    .put(Result.firstFrame(res), res.path("description").asText());
            }
        }
        r.check(
            // running at exit, never waited: open, described as running
            () -> assertEquals("pid " + pid + ": sleep 20 (running)", open.get(r.site("never-waited"))),
            // its end seen, its streams never closed: on Linux the JDK's reaper closed its pipes when it ended,
            // so it holds nothing (the description of streams still holding pipes: ChildProcessTest)
            () -> assertEquals("0", r.value("streams-open-code")),
            // a pipeline of two: both open, from the line that started it
            () -> assertEquals(2, r.resourcesAt("pipeline").size(), "pipeline: " + r.resourcesAt("pipeline")),
            () -> assertTrue(r.resourcesAt("pipeline").get(0).path("description").asText().contains(": echo hi ("),
                             r.resourcesAt("pipeline").toString()),
            // dropped while it ran: collected once it ended, before its end was seen
            () -> assertEquals(1, r.resourcesAt("dropped").size(), "dropped: " + r.resourcesAt("dropped")),
            () -> assertEquals("leaked", r.resourcesAt("dropped").get(0).path("state").asText()),
            () -> assertTrue(leaked.get(r.site("dropped")).contains(": sleep 0.3 (exited, never waited for)"),
                             leaked.toString()),
            // silent: waited, polled with exitValue or isAlive, told through onExit, destroyed, closed after the wait,
            // waited with its streams left to the JDK
            () -> {
                for (String silent : List.of("waited", "exit-value", "on-exit", "destroyed", "closed-after-wait",
                                             "exec", "streams-open")) {
                    assertEquals(List.of(), r.resourcesAt(silent), silent);
                }
            },
            r.counts("process", 3, 1),
            () -> assertEquals(11, r.count("process", "acquired"), "every start counted"),
            r.countsConsistent("process"),
            r.onlyAnnouncedSites());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void aLimitRefusesTheNextStartWithIOException(Jdk jdk) {
        Result r = AgentRun.of(jdk, "process-limit", ProcessApis.class, "limit")
                           .agentOptions("report={dir}/report.json,limit.process=2,onlimit=fail").run()
                           .expectSuccess();
        r.check(
            () -> assertTrue(r.value("refused").startsWith("leakwatch: limit.process=2 reached"), r.value("refused")),
            r.counts("process", 2, 0),
            () -> assertEquals(2, r.count("process", "acquired"), "the refused start acquired nothing"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void credentialLookingArgumentsAreMaskedInEveryOutput(Jdk jdk) throws Exception {
        Result r = AgentRun.of(jdk, "process-secret", ProcessApis.class, "secret")
                           .agentOptions("report={dir}/report.json,summary=true").run().expectSuccess();
        List<JsonNode> at = r.resourcesAt("secret");
        Path html = r.dir().resolve("report.html");
        AgentCli.run(jdk, r.dir(), "render", r.reportPath().toString(), "--format", "html", "--output",
                     html.toString());
        String text = AgentCli.run(jdk, r.dir(), "render", r.reportPath().toString(), "--format", "text").stdout();
        r.check(
            () -> assertEquals(1, at.size(), at.toString()),
            () -> assertTrue(at.get(0).path("description").asText().contains(
                ": echo --password=*** -Dapi.token=*** --user admin -p*** --secret *** https://bob:***@example.com/x ("),
                at.get(0).path("description").asText()),
            () -> {
                for (String output : List.of(Files.readString(r.reportPath()), Files.readString(html), text,
                                             r.stderr(), r.stdout())) {
                    for (String secret : List.of("hunter2", "abc123", "sekrit", "opensesame", "pa55")) {
                        assertFalse(output.contains(secret), secret + " in " + output);
                    }
                }
            });
    }

}
