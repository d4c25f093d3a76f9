package io.leakwatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakwatch.it.apps.FileApis;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kind {@code file}: every file API left open, closed and dropped, and the edge cases of releasing. */
class FileApisTest {
    /** Site (see {@link FileApis}) to the description its resource must have. */
    static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        DESCRIPTIONS.put("fis-string", "data/in.txt (read)");
        DESCRIPTIONS.put("fis-file", "data/in.txt (read)");
        DESCRIPTIONS.put("fos", "out/fos.txt (write)");
        DESCRIPTIONS.put("fos-append", "out/fos-append.txt (append)");
        DESCRIPTIONS.put("raf-r", "data/in.txt (read)");
        DESCRIPTIONS.put("raf-rw", "out/raf.bin (read/write)");
        DESCRIPTIONS.put("file-reader", "data/in.txt (read)");
        DESCRIPTIONS.put("file-writer", "out/writer.txt (write)");
        DESCRIPTIONS.put("print-writer", "out/print.txt (write)");
        DESCRIPTIONS.put("scanner", "data/in.txt (read)");
        DESCRIPTIONS.put("buffered-reader-chain", "data/in.txt (read)");
        DESCRIPTIONS.put("channel-read", "data/in.txt (read)");
        DESCRIPTIONS.put("channel-write", "out/channel.bin (write)");
        DESCRIPTIONS.put("files-input-stream", "data/in.txt (read)");
        DESCRIPTIONS.put("files-output-stream", "out/files-out.txt (write)");
        DESCRIPTIONS.put("files-output-stream-append", "out/files-append.txt (append)");
        DESCRIPTIONS.put("files-buffered-reader", "data/in.txt (read)");
        DESCRIPTIONS.put("files-buffered-writer", "out/files-writer.txt (write)");
        DESCRIPTIONS.put("files-byte-channel", "data/in.txt (read)");
        DESCRIPTIONS.put("files-lines", "data/in.txt (read)");
        DESCRIPTIONS.put("files-list", "data (directory)");
        DESCRIPTIONS.put("files-walk", "data (directory)");
        DESCRIPTIONS.put("files-find", "data (directory)");
        DESCRIPTIONS.put("files-directory-stream", "data (directory)");
        DESCRIPTIONS.put("async-read", "data/in.txt (async read)");
        DESCRIPTIONS.put("async-write", "out/async-w.bin (async write)");
        DESCRIPTIONS.put("async-read-write", "out/async-rw.bin (async read/write)");
        DESCRIPTIONS.put("zip-file", "data/a.zip (zip)");
        DESCRIPTIONS.put("zip-string", "data/a.zip (zip)");
        DESCRIPTIONS.put("jar-file", "data/a.jar (zip)");
    }

    static List<Executable> eachApi(Result r, String state) {
        List<Executable> checks = new ArrayList<>();
        DESCRIPTIONS.forEach((site, description) -> checks.add(Expect.one(r, site, "file", state, description)));
        return checks;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void filesLeftOpenAreReportedOpen(Jdk jdk) {
        Result r = AgentRun.of(jdk, "files-open", FileApis.class, "apis", "open").run().expectSuccess();
        List<Executable> checks = eachApi(r, "open");
        checks.add(r.counts("file", DESCRIPTIONS.size(), 0));
        checks.add(r.onlyAnnouncedSites());
        checks.add(r.countsConsistent());
        r.check(checks.toArray(Executable[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void closedFilesReportNothing(Jdk jdk) {
        Result r = AgentRun.of(jdk, "files-closed", FileApis.class, "apis", "closed").run().expectSuccess();
        List<Executable> checks = new ArrayList<>();
        DESCRIPTIONS.keySet().forEach(site -> checks.add(Expect.none(r, site)));
        checks.add(() -> assertEquals(List.of(), r.resources(), "resources"));
        checks.add(() -> assertEquals(List.of(), r.sites(), "sites"));
        checks.add(r.counts("file", 0, 0));
        checks.add(() -> assertTrue(r.count("file", "acquired") >= DESCRIPTIONS.size(),
                                    "file acquired >= " + DESCRIPTIONS.size()));
        checks.add(() -> assertEquals(r.count("file", "acquired"), r.count("file", "released"),
                                      "file acquired == released"));
        checks.add(r.countsConsistent());
        r.check(checks.toArray(Executable[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void droppedFilesAreReportedLeaked(Jdk jdk) {
        Result r = AgentRun.of(jdk, "files-leaked", FileApis.class, "apis", "leaked").run().expectSuccess();
        List<Executable> checks = eachApi(r, "leaked");
        checks.add(r.counts("file", 0, DESCRIPTIONS.size()));
        checks.add(r.onlyAnnouncedSites());
        checks.add(r.countsConsistent());
        r.check(checks.toArray(Executable[]::new));
    }

    /**
     * Closing through fis.getChannel() or raf.getChannel(), closing twice, closing a wrapper, closing on another thread:
     * all release. And 500 streams from one site are one site entry of count 500 and 500 resources.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void releaseEdgeCasesAndManyFromOneSite(Jdk jdk) {
        Result r = AgentRun.of(jdk, "files-edge", FileApis.class, "edge").run().expectSuccess();
        List<Executable> checks = new ArrayList<>();
        for (String site : List.of("fis-channel-close", "raf-channel-close", "double-close", "double-close-channel",
                                   "wrapper-close", "other-thread-close", "other-thread-close-channel")) {
            checks.add(Expect.none(r, site));
        }
        checks.add(() -> {
            List<JsonNode> many = r.resourcesAt("many");
            assertEquals(500, many.size(), "resources at the 500-times site " + r.site("many"));
            for (JsonNode res : many) {
                assertEquals("file", res.path("kind").asText());
                assertEquals("open", res.path("state").asText());
                assertEquals("data/in.txt (read)", res.path("description").asText());
            }
        });
        checks.add(() -> {
            List<JsonNode> sites = r.sitesAt("many");
            assertEquals(1, sites.size(), "site entries at " + r.site("many") + ": " + sites);
            assertEquals("file", sites.get(0).path("kind").asText());
            assertEquals("open", sites.get(0).path("state").asText());
            assertEquals(500, sites.get(0).path("count").asLong(), "site count");
            assertEquals("data/in.txt (read)", sites.get(0).path("examples").path(0).asText(), "site example");
            assertEquals(1, r.sites().size(), "site entries in all: " + r.sites().size());
        });
        checks.add(r.counts("file", 500, 0));
        checks.add(() -> assertTrue(r.count("file", "peak") >= 500, "peak >= 500"));
        checks.add(r.onlyAnnouncedSites());
        checks.add(r.countsConsistent());
        r.check(checks.toArray(Executable[]::new));
    }

    /**
     * One line called through reflection 40 times is one site of 40: on JDK 17 the calls after the 15th go through a
     * generated accessor instead of the native one, so the JDK's frames between the two application frames change,
     * and a site is its application's frames.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void theSameApplicationFramesAreOneSiteWhateverTheJdkFramesBetween(Jdk jdk) {
        Result r = AgentRun.of(jdk, "files-reflected", FileApis.class, "reflected").run().expectSuccess();
        r.check(
            () -> assertEquals(40, r.resourcesAt("reflected").size(), "resources at " + r.site("reflected")),
            () -> assertEquals(1, r.sites().size(), "one site: " + r.sites()),
            () -> assertEquals(40, r.sitesAt("reflected").get(0).path("count").asLong(), "its count"),
            r.counts("file", 40, 0));
    }

    /**
     * Opens that fail (missing files, a non-zip ZipFile, refused connections) acquire nothing: one round and three
     * rounds of them give the same acquired and released counts, and nothing is listed.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void failedOpensAcquireNothing(Jdk jdk) {
        String deadPort = String.valueOf(deadPort());
        Result once = AgentRun.of(jdk, "failures-1", FileApis.class, "failures", "1", deadPort).run().expectSuccess();
        Result thrice = AgentRun.of(jdk, "failures-3", FileApis.class, "failures", "3", deadPort).run().expectSuccess();
        List<Executable> checks = new ArrayList<>();
        for (String kind : List.of("file", "socket")) {
            for (String field : List.of("acquired", "released")) {
                checks.add(() -> assertEquals(once.count(kind, field), thrice.count(kind, field),
                                              kind + "." + field + " after 1 and after 3 rounds of failed opens"));
            }
            checks.add(thrice.counts(kind, 0, 0));
        }
        checks.add(() -> assertEquals(0, thrice.count("socket", "acquired"), "socket.acquired"));
        checks.add(() -> assertEquals(List.of(), thrice.resources(), "resources"));
        checks.add(() -> assertEquals(List.of(), once.resources(), "resources (one round)"));
        try {
            thrice.check(checks.toArray(Executable[]::new));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n---- the one-round run:\n" + once.describe(), e);
        }
    }

    /** A loopback port nothing listens on (bound and released by this JVM a moment ago). */
    static int deadPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
