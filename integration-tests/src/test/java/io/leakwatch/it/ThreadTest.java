package io.leakwatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakwatch.it.apps.ThreadApis;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kind {@code thread} in child JVMs with the agent: which threads and timers are open, leaked or silent, their
 * descriptions and first frames, the pools' threads not listed again, and the limit.
 */
class ThreadTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void threadsAreOpenWhileAliveAndTimersUntilCancelledOrTheirThreadEnds(Jdk jdk) {
        Result r = AgentRun.of(jdk, "thread-lifecycle", ThreadApis.class, "lifecycle").run().expectSuccess();
        r.check(
            () -> assertEquals(List.of("left-running (TIMED_WAITING)"), descriptions(r.resourcesAt("left-running"))),
            () -> assertEquals(List.of("daemon-waiting (daemon, WAITING)"), descriptions(r.resourcesAt("daemon"))),
            () -> assertEquals(List.of("open"), states(r.resourcesAt("left-running"))),
            () -> assertEquals(List.of("timer kept-timer (daemon, 1 queued task)"),
                               descriptions(r.resourcesAt("timer-kept"))),
            // dropped while its periodic task keeps its thread running for ever
            () -> assertEquals(List.of("leaked"), states(r.resourcesAt("timer-dropped-periodic"))),
            () -> assertEquals(List.of("timer dropped-periodic"),
                               descriptions(r.resourcesAt("timer-dropped-periodic"))),
            // the pools are listed as pools; their threads are theirs, not listed again
            () -> assertEquals(List.of("threadpool"), kinds(r.resourcesAt("pool"))),
            () -> assertEquals(List.of("threadpool"), kinds(r.resourcesAt("fork-join"))),
            () -> {
                for (String silent : List.of("joined", "ended-alone", "timer-cancelled", "timer-dropped-idle")) {
                    assertEquals(List.of(), r.resourcesAt(silent), silent);
                }
            },
            // a virtual thread (JDK 21+) is not tracked
            () -> assertEquals(jdk.feature() >= 21 ? "started" : "none", r.value("virtual")),
            r.counts("thread", 3, 1),
            () -> assertEquals(8, r.count("thread", "acquired"), "4 threads and 4 timers"),
            r.countsConsistent("thread", "threadpool"),
            r.onlyAnnouncedSites());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void aLimitRefusesTheNextStartAsTheJvmWouldButNotAPoolsThread(Jdk jdk) {
        Result r = AgentRun.of(jdk, "thread-limit", ThreadApis.class, "limit")
                           .agentOptions("report={dir}/report.json,limit.thread=2,onlimit=fail").run()
                           .expectSuccess();
        r.check(
            () -> assertTrue(r.value("refused").startsWith("unable to create native thread: leakwatch: limit.thread=2 "
                                                           + "reached"), r.value("refused")),
            () -> assertEquals("yes", r.value("pool-ran")),
            r.counts("thread", 2, 0),
            () -> assertEquals(2, r.count("thread", "acquired"), "the refused start acquired nothing"));
    }

    private static List<String> descriptions(List<JsonNode> resources) {
        return resources.stream().map(n -> n.path("description").asText()).toList();
    }

    private static List<String> states(List<JsonNode> resources) {
        return resources.stream().map(n -> n.path("state").asText()).toList();
    }

    private static List<String> kinds(List<JsonNode> resources) {
        return resources.stream().map(n -> n.path("kind").asText()).toList();
    }
}
