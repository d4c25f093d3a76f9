package io.leakwatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Expectations about the resources reported at one announced site. */
public final class Expect {
    private Expect() {
    }

    /** Exactly one resource at {@code site}, with this kind, state and description, and its site entry. */
    public static Executable one(Result r, String site, String kind, String state, String description) {
        return one(r, site, kind, state, description::equals, "'" + description + "'");
    }

    /** Exactly one resource at {@code site}, with this kind and state and a description {@code what}. */
    public static Executable one(Result r, String site, String kind, String state, Predicate<String> description,
                                 String what) {
        return () -> {
            List<JsonNode> found = r.resourcesAt(site);
            if (found.size() != 1) {
                fail(site + ": expected one " + state + " " + kind + " " + what + " at " + r.site(site) + ", found "
                     + found.size() + ": " + summary(found));
            }
            JsonNode res = found.get(0);
            assertEquals(kind, res.path("kind").asText(), site + ": kind of " + res);
            assertEquals(state, res.path("state").asText(), site + ": state of " + res);
            String d = res.path("description").asText();
            assertTrue(description.test(d), () -> site + ": description should be " + what + " but was '" + d + "'");
            siteEntry(r, site, kind, state, 1, d);
        };
    }

    /** The resources at {@code site} are exactly these (kind, state, descriptions in any order). */
    public static Executable exactly(Result r, String site, String kind, String state, String... descriptions) {
        return () -> {
            List<JsonNode> found = r.resourcesAt(site);
            List<String> actual = new ArrayList<>();
            for (JsonNode res : found) {
                actual.add(res.path("kind").asText() + " " + res.path("state").asText() + " "
                           + res.path("description").asText());
            }
            List<String> expected = new ArrayList<>();
            for (String d : descriptions) {
                expected.add(kind + " " + state + " " + d);
            }
            Collections.sort(actual);
            Collections.sort(expected);
            assertEquals(expected, actual, site + ": resources at " + r.site(site));
        };
    }

    /**
     * Exactly {@code count} resources at {@code site}, each with this kind and state and a description {@code what},
     * and one site entry for them with that count.
     */
    public static Executable many(Result r, String site, String kind, String state, long count,
                                  Predicate<String> description, String what) {
        return () -> {
            List<JsonNode> found = r.resourcesAt(site);
            assertEquals(count, found.size(), () -> site + ": resources at " + r.site(site));
            for (JsonNode res : found) {
                String d = res.path("description").asText();
                assertTrue(kind.equals(res.path("kind").asText()) && state.equals(res.path("state").asText())
                           && description.test(d),
                           () -> site + ": expected " + kind + "/" + state + " " + what + ", found " + summary(List.of(res)));
            }
            List<JsonNode> entries = r.sitesAt(site);
            assertEquals(1, entries.size(), () -> site + ": expected one site entry at " + r.site(site) + ", found "
                                                  + entries);
            JsonNode entry = entries.get(0);
            assertEquals(kind, entry.path("kind").asText(), site + ": kind of " + entry);
            assertEquals(state, entry.path("state").asText(), site + ": state of " + entry);
            assertEquals(count, entry.path("count").asLong(), site + ": site count of " + entry);
            entry.path("examples").forEach(e -> assertTrue(description.test(e.asText()),
                                                           () -> site + ": site example '" + e.asText() + "' is not " + what));
        };
    }

    /** Nothing reported at {@code site} (neither a resource nor a site entry). */
    public static Executable none(Result r, String site) {
        return () -> {
            List<JsonNode> found = r.resourcesAt(site);
            assertTrue(found.isEmpty(), () -> site + ": expected nothing at " + r.site(site) + ", found "
                                              + summary(found));
            List<JsonNode> sites = r.sitesAt(site);
            assertTrue(sites.isEmpty(), () -> site + ": expected no site entry at " + r.site(site) + ", found " + sites);
        };
    }

    /** A site entry for {@code site} with kind, state, count and the description among its examples. */
    static void siteEntry(Result r, String site, String kind, String state, long count, String example) {
        List<JsonNode> entries = new ArrayList<>();
        for (JsonNode s : r.sitesAt(site)) {
            if (kind.equals(s.path("kind").asText()) && state.equals(s.path("state").asText())) {
                entries.add(s);
            }
        }
        assertEquals(1, entries.size(), () -> site + ": expected one " + kind + "/" + state + " site entry at "
                                              + r.site(site) + ", found " + r.sitesAt(site));
        JsonNode entry = entries.get(0);
        assertEquals(count, entry.path("count").asLong(), site + ": site count of " + entry);
        List<String> examples = new ArrayList<>();
        entry.path("examples").forEach(e -> examples.add(e.asText()));
        assertTrue(examples.contains(example), () -> site + ": site examples " + examples + " lack '" + example + "'");
    }

    static String summary(List<JsonNode> resources) {
        List<String> out = new ArrayList<>();
        for (JsonNode res : resources) {
            out.add(res.path("kind").asText() + "/" + res.path("state").asText() + " '"
                    + res.path("description").asText() + "'");
        }
        return out.toString();
    }
}
