package io.leakwatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakwatch.it.apps.ReleaseApis;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Release places in child JVMs with the agent: where each site's resources were released and how many at each place,
 * on which thread, for how long, and the second closes of pooled connections (a finding) and of streams
 * (information), with exact counts and first frames.
 */
class ReleasePlacesTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void oneSitesResourcesClosedAtTwoPlacesAreCountedPerPlaceWithHoldTimes(Jdk jdk) {
        Result r = AgentRun.of(jdk, "release-places", ReleaseApis.class, "places").run().expectSuccess();
        JsonNode site = releaseSite(r, "open", "file");
        r.check(
            () -> assertEquals("file", site.path("kind").asText()),
            () -> assertEquals(10, site.path("released").asLong()),
            () -> assertEquals(1, site.path("open").asLong()),
            () -> assertEquals(1, site.path("leaked").asLong()),
            () -> assertEquals(2, site.path("places").size(), () -> site.toPrettyString()),
            () -> {
                JsonNode a = place(r, site, "close-a");
                assertEquals(7, a.path("count").asLong());
                assertEquals(0, a.path("otherThread").asLong());
                assertEquals(List.of("main"), strings(a.path("threads")));
                assertEquals(7, a.path("holdMillis").path("count").asLong());
            },
            () -> {
                JsonNode b = place(r, site, "close-b");
                assertEquals(3, b.path("count").asLong());
                // closed after a 60 ms sleep (the registry's clock ticks every 5 ms)
                long p50 = b.path("holdMillis").path("p50").asLong();
                assertTrue(p50 >= 50 && p50 < 60_000, "p50 " + p50);
                assertTrue(b.path("holdMillis").path("max").asLong() >= p50);
            },
            () -> assertEquals(0, site.path("doubleReleases").size()),
            r.counts("file", 1, 1),
            r.countsConsistent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void pastTheStackBudgetReleasesAreCountedButNotPlaced(Jdk jdk) {
        Result r = AgentRun.of(jdk, "release-burst", ReleaseApis.class, "burst").run().expectSuccess();
        JsonNode site = releaseSite(r, "open", "file");
        r.check(
            // every release of a recorded acquisition is counted; the stacks share the thread's budget with the
            // acquisitions', so past it they are counted as unplaced
            () -> assertEquals(site.path("released").asLong(),
                               place(r, site, "burst-close").path("count").asLong() + site.path("unplaced").asLong()),
            () -> assertTrue(site.path("unplaced").asLong() > 0, site.toPrettyString()),
            () -> assertTrue(place(r, site, "burst-close").path("count").asLong() >= 100, site.toPrettyString()),
            () -> assertEquals(1, site.path("places").size()),
            () -> assertEquals(0, site.path("open").asLong()),
            r.counts("file", 0, 0),
            // a site is its recorded acquisitions: the others are in the site without a stack
            () -> assertTrue(site.path("released").asLong() >= 500 && site.path("released").asLong() < 3000,
                             site.toPrettyString()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void resourcesClosedOnAnotherThreadNameIt(Jdk jdk) {
        Result r = AgentRun.of(jdk, "release-other-thread", ReleaseApis.class, "other-thread").run().expectSuccess();
        JsonNode site = releaseSite(r, "open", "file");
        JsonNode place = place(r, site, "close-other");
        r.check(
            () -> assertEquals(3, site.path("released").asLong()),
            () -> assertEquals(0, site.path("open").asLong()),
            () -> assertEquals(1, site.path("places").size()),
            () -> assertEquals(3, place.path("count").asLong()),
            () -> assertEquals(3, place.path("otherThread").asLong()),
            () -> assertEquals(List.of("closer"), strings(place.path("threads"))),
            r.counts("file", 0, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void secondClosesAreCountedWithBothPlacesAFindingForPooledConnections(Jdk jdk) {
        Result r = AgentRun.of(jdk, "release-twice", ReleaseApis.class, "twice").withJdbc().run().expectSuccess();
        // the pool's first borrow acquires the pool too (kind jdbcpool), from the same line
        JsonNode borrow = releaseSite(r, "borrow", "jdbc");
        JsonNode stream = releaseSite(r, "stream", "file");
        JsonNode wrapped = releaseSite(r, "wrapped", "file");
        JsonNode withChannel = releaseSite(r, "with-channel", "file");
        r.check(
            () -> assertEquals("jdbc", borrow.path("kind").asText()),
            () -> assertEquals(1, borrow.path("released").asLong()),
            () -> assertTrue(borrow.path("doubleReleaseIsFinding").asBoolean(), "a pooled connection's is a finding"),
            () -> assertEquals(List.of(List.of(r.site("return"), r.site("return-again"), "1")),
                               doubles(borrow), () -> borrow.toPrettyString()),
            () -> assertEquals(r.site("return"), first(borrow.path("places").get(0))),
            () -> assertFalse(stream.path("doubleReleaseIsFinding").asBoolean(), "a stream's is information"),
            () -> assertEquals(List.of(List.of(r.site("stream-close"), r.site("stream-close-again"), "1")),
                               doubles(stream)),
            // the reader's close closed the stream: that is its first release, the close by hand the second
            () -> assertEquals(List.of(List.of(r.site("reader-close"), r.site("wrapped-close-again"), "1")),
                               doubles(wrapped)),
            // its channel closes the stream again inside the same close(): one close, no second one
            () -> assertEquals(1, withChannel.path("released").asLong()),
            () -> assertEquals(r.site("with-channel-close"), first(withChannel.path("places").get(0))),
            () -> assertEquals(List.of(), doubles(withChannel)),
            r.counts("file", 0, 0),
            r.counts("jdbc", 0, 0));
    }

    /** The release site of {@code kind} whose acquisition's first frame is the site {@code name} announced. */
    private static JsonNode releaseSite(Result r, String name, String kind) {
        String frame = r.site(name);
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode s : r.report().path("releases")) {
            if (frame.equals(first(s)) && kind.equals(s.path("kind").asText())) {
                found.add(s);
            }
        }
        if (found.size() != 1) {
            fail(found.size() + " release sites at " + frame + " in " + r.report().path("releases").toPrettyString());
        }
        return found.get(0);
    }

    private static JsonNode place(Result r, JsonNode site, String name) {
        String frame = r.site(name);
        for (JsonNode p : site.path("places")) {
            if (frame.equals(first(p))) {
                return p;
            }
        }
        return fail("no place at " + frame + " in " + site.toPrettyString());
    }

    private static List<List<String>> doubles(JsonNode site) {
        List<List<String>> out = new ArrayList<>();
        for (JsonNode d : site.path("doubleReleases")) {
            out.add(List.of(d.path("first").path(0).asText(), d.path("second").path(0).asText(),
                            d.path("count").asText()));
        }
        return out;
    }

    private static String first(JsonNode withStack) {
        return withStack.path("stack").path(0).asText("<empty stack>");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
