package io.leakwatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakwatch.it.apps.AdaptiveStacksApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code stacks=adaptive}: every acquisition is still recorded and counted exactly; stacks are recorded for all of a
 * thread's first 1000 acquisitions in a second and one in 64 beyond; those without a stack form one site with an
 * empty stack.
 */
class AdaptiveStacksTest {
    private static final int LOOP = 5000;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void countsStayExactAndStacksAreSampledAboveTheRate(Jdk jdk) {
        Result r = AgentRun.of(jdk, "adaptive", AdaptiveStacksApp.class, String.valueOf(LOOP))
            .agentOptions("report={dir}/report.json,stacks=adaptive,kinds=file").run().expectSuccess();
        r.check(
            r.counts("file", LOOP + 1, 0),
            () -> assertEquals(LOOP + 1, r.resources().size(), "every open stream is listed"),
            () -> {
                List<JsonNode> loop = r.sitesAt("loop");
                assertEquals(1, loop.size(), "one site for the loop: " + loop);
                long withStack = loop.get(0).path("count").asLong();
                assertTrue(withStack >= 1000 && withStack <= 2000 + LOOP / 64,
                           "loop acquisitions with a stack: the first 1000 of the second, then one in 64: " + withStack);
                long single = r.sitesAt("single").stream().mapToLong(s -> s.path("count").asLong()).sum();
                assertTrue(single <= 1, "the single open after the loop: " + single);
                long without = r.sites().stream().filter(s -> s.path("stack").isEmpty())
                    .mapToLong(s -> s.path("count").asLong()).sum();
                assertTrue(without > 0, "above the rate, some stacks are not recorded");
                assertEquals(LOOP + 1 - withStack - single, without, "the rest have no stack recorded");
            },
            r.countsConsistent("file"));
    }
}
