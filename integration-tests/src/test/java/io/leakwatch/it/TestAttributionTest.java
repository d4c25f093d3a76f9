package io.leakwatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakwatch.it.junitapps.AttributedScenarios;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Leaks named by test without the JUnit extension: the JUnit Console Launcher runs {@link AttributedScenarios} in a
 * child JVM with the agent, whose exit report must give each open file the test (or the class, for its static
 * initializer and {@code @BeforeAll}) that opened it, in its site and in its resource entry.
 */
class TestAttributionTest {
    static final String CLASS = AttributedScenarios.class.getName();

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void eachOpenFileNamesTheTestOrClassThatOpenedIt(Jdk jdk) {
        Result r = JUnitExtensionTest.junit(jdk, "test-attribution", List.of(), AttributedScenarios.class)
                                     .agentOptions("report={dir}/report.json").run();
        Map<String, String> siteTests = new TreeMap<>();
        for (JsonNode s : r.sites()) {
            assertEquals("open", s.path("state").asText(), s.toString());
            assertEquals(1, s.path("count").asLong(), s.toString());
            siteTests.put(s.path("kind").asText() + " " + s.path("examples").path(0).asText(),
                          s.path("test").asText("(none)"));
        }
        // the live view's top sites of files split the same way: a row per site and test
        Set<String> reportRows = new TreeSet<>();
        for (JsonNode s : r.sites()) {
            reportRows.add(s.path("test").asText() + "|" + s.path("stack").path(0).asText() + "|" + s.path("count"));
        }
        Set<String> topSites = new TreeSet<>(readLines(r.dir().resolve("top-sites.txt")));
        Map<String, String> resourceTests = new TreeMap<>();
        for (JsonNode res : r.report().path("resources")) {
            resourceTests.put(res.path("kind").asText() + " " + res.path("description").asText(),
                              res.path("test").asText("(none)"));
        }
        Map<String, String> expected = new TreeMap<>(Map.of(
            "file static-initializer.bin (read/write)", CLASS,
            "file before-all.txt (write)", CLASS,
            "file test.txt (read)", CLASS + "#leavesAFileOpen",
            "file thread.txt (write)", CLASS + "#leavesAFileOpenOnAThreadItStarted"));
        r.check(
            () -> assertEquals(0, r.exitCode(), "every test passes"),
            () -> assertEquals(expected, siteTests, "each site's test"),
            () -> assertEquals(expected, resourceTests, "each resource's test"),
            () -> assertEquals(reportRows, topSites, "TopSites' rows: test, site and count as in the report"),
            r.counts("file", 4, 0));
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new AssertionError(file + " was not written: " + e, e);
        }
    }
}
