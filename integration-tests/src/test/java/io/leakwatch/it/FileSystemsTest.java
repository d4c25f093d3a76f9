package io.leakwatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakwatch.it.apps.FileSystemApis;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files.* on non-default file systems. A zip file system holds one real file (the zip), open until the file system is
 * closed; what is read through it is not a resource of its own. Jimfs holds no descriptors at all.
 */
class FileSystemsTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void zipAndInMemoryFileSystemsGiveNoFalseReports(Jdk jdk) {
        // descriptor kinds only: an open Jimfs file system also holds a thread pool of its own (for asynchronous
        // channels), which is rightly reported as an open threadpool and is not what this test is about
        Result r = AgentRun.of(jdk, "file-systems", FileSystemApis.class).withJimfs()
            .agentOptions("report={dir}/report.json,kinds=file;socket;pipe;selector").run().expectSuccess();
        r.check(
            Expect.none(r, "zipfs-closed"),
            Expect.one(r, "zipfs-open", "file", "open",
                       d -> d.startsWith("data/b.zip (") || d.matches(".*/data/b\\.zip \\(.*"),
                       "'data/b.zip (<mode>)' (the zip file under the open file system)"),
            () -> {
                List<JsonNode> all = r.resources();
                assertEquals(1, all.size(), () -> "exactly one resource (the open zip file system's zip file), got "
                                                  + Expect.summary(all));
            },
            r.counts("file", 1, 0),
            r.counts("socket", 0, 0),
            r.counts("pipe", 0, 0),
            r.counts("selector", 0, 0),
            () -> assertTrue(r.sites().size() == 1, "one site entry, got " + r.sites()),
            r.onlyAnnouncedSites(),
            r.countsConsistent());
    }
}
