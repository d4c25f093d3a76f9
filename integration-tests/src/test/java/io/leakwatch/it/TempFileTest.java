package io.leakwatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakwatch.it.apps.TempFileApis;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kind {@code tempfile} in child JVMs with the agent: which temporary files and directories are still on disk, their
 * sizes counted in bytes, the ways they are released, and the byte limit.
 */
class TempFileTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void temporaryFilesAreOpenWhileOnDiskWithTheirSizes(Jdk jdk) {
        Result r = AgentRun.of(jdk, "tempfile-lifecycle", TempFileApis.class, "lifecycle", "tmp").run()
                           .expectSuccess();
        String dir = r.value("dir");
        r.check(
            () -> assertOne(r, "left-nio", "(temporary file, 4 KiB)", 4096),
            () -> assertOne(r, "left-io", "(temporary file, 0 B)", 0),
            () -> assertEquals(r.value("left-io") + " (temporary file, 0 B)",
                               r.resourcesAt("left-io").get(0).path("description").asText()),
            // a directory's whole tree; the temporary file created in it is part of it, not listed again
            () -> assertOne(r, "dir-left", "(temporary directory, 2 files, 2000 B)", 2000),
            () -> {
                for (String silent : List.of("deleted-nio", "deleted-io", "dir-deleted", "on-exit", "delete-on-close")) {
                    assertEquals(List.of(), r.resourcesAt(silent), silent);
                }
            },
            r.counts("tempfile", 3, 0),
            () -> assertEquals(6096, r.count("tempfile", "bytes"), "bytes on disk"),
            () -> assertEquals(8, r.count("tempfile", "acquired")),
            r.countsConsistent("tempfile", "file"),
            r.onlyAnnouncedSites());
        assertTrue(dir.endsWith("tmp"), dir);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void aByteLimitRefusesTheNextTemporaryFileWhenTheDiskHoldsTooMuch(Jdk jdk) {
        Result r = AgentRun.of(jdk, "tempfile-limit", TempFileApis.class, "limit", "tmp")
                           .agentOptions("report={dir}/report.json,limit.tempfile.bytes=5000,onlimit=fail").run()
                           .expectSuccess();
        r.check(
            () -> assertTrue(r.value("refused").contains("leakwatch: limit.tempfile.bytes=5000"), r.value("refused")),
            r.counts("tempfile", 2, 0),
            () -> assertEquals(6096, r.count("tempfile", "bytes")),
            () -> assertEquals(2, r.count("tempfile", "acquired"), "the refused creation acquired nothing"));
    }

    private static void assertOne(Result r, String site, String endsWith, long bytes) {
        List<JsonNode> at = r.resourcesAt(site);
        assertEquals(1, at.size(), site + ": " + at);
        JsonNode res = at.get(0);
        assertEquals("open", res.path("state").asText(), site);
        assertTrue(res.path("description").asText().endsWith(endsWith), site + ": " + res);
        assertEquals(bytes, res.path("bytes").asLong(), site + ": " + res);
    }
}
