package io.leakwatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakwatch.it.apps.JdbcApis;
import io.leakwatch.it.apps.OptionsApp;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cache=}: the JDK classes instrumented by the first JVM are kept in the cache directory, and the next JVM
 * applies them without loading Byte Buddy, tracking exactly as the first did. A cache file others could write, or a
 * damaged one, is not used; the application's JDBC classes are still instrumented, with Byte Buddy loaded when the
 * driver loads.
 */
class TransformCacheTest {
    private static final String VERBOSE = "-Dio.leakwatch.debug.transforms=true";
    private static final String CLASS_LOG = "-Xlog:class+load=info:file={dir}/classes.txt";
    private static final String FROM_BYTE_BUDDY = "leakwatch: instrumented java.io.FileInputStream";
    private static final String FROM_CACHE = "leakwatch: instrumented java.io.FileInputStream (from the cache)";

    static AgentRun files(Jdk jdk, String name, Path cache) {
        return AgentRun.of(jdk, name, OptionsApp.class, "leak", "mixed")
            .agentOptions("report={dir}/report.json,cache=" + cache).jvmArg(VERBOSE).jvmArg(CLASS_LOG);
    }

    /** The Byte Buddy classes the run loaded (from its class loading log). */
    static List<String> byteBuddyClasses(Result r) throws IOException {
        try (Stream<String> lines = Files.lines(r.dir().resolve("classes.txt"))) {
            return lines.filter(l -> l.contains(" net.bytebuddy.")).collect(Collectors.toList());
        }
    }

    /** Every resource as "kind state stack", sorted: what two runs of one app must agree on. */
    static List<String> tracked(Result r) {
        List<String> out = new ArrayList<>();
        for (JsonNode res : r.resources()) {
            out.add(res.path("kind").asText() + " " + res.path("state").asText() + " " + res.path("stack"));
        }
        Collections.sort(out);
        return out;
    }

    /** What {@code OptionsApp leak mixed} leaves: a file open, one leaked, a server socket and a selector open. */
    static Executable tracksTheApp(Result r) {
        return () -> r.check(
            Expect.one(r, "kept", "file", "open", "input.txt (read)"),
            Expect.one(r, "dropped", "file", "leaked", "input.txt (read)"),
            Expect.one(r, "mixed-file", "file", "open", "input.txt (read)"),
            r.counts("file", 2, 1), r.counts("socket", 1, 0), r.counts("selector", 1, 0),
            Expect.one(r, "mixed-socket", "socket", "open", d -> d.startsWith("server socket 127.0.0.1:"),
                       "'server socket 127.0.0.1:<port>'"),
            Expect.one(r, "mixed-selector", "selector", "open", "selector"),
            r.onlyAnnouncedSites(),
            r.countsConsistent());
    }

    static Path cacheFile(Path cache) throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            List<Path> all = files.collect(Collectors.toList());
            assertEquals(1, all.size(), "files in the cache directory: " + all);
            return all.get(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void theNextJvmTracksExactlyTheSameWithoutByteBuddy(Jdk jdk) throws IOException {
        Path cache = AgentRun.newFolder(jdk, "cache-dir").resolve("leakwatch-cache");
        Result first = files(jdk, "cache-first", cache).run().expectSuccess();
        Result second = files(jdk, "cache-second", cache).run().expectSuccess();
        Path file = cacheFile(cache);
        first.check(
            () -> assertTrue(first.stderrLines().contains(FROM_BYTE_BUDDY), "the first JVM instruments itself"),
            () -> assertFalse(first.stderr().contains("(from the cache)"), "the first JVM finds no cache"),
            () -> assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)),
                               "the cache directory is the user's only"),
            () -> assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                               "the cache file is the user's only"),
            () -> assertTrue(file.getFileName().toString().matches("jdk-classes-[0-9a-f]{8}\\.bin"), "name " + file),
            tracksTheApp(first));
        second.check(
            () -> assertTrue(second.stderrLines().contains(FROM_CACHE), "the second JVM instruments from the cache"),
            () -> assertFalse(second.stderrLines().contains(FROM_BYTE_BUDDY), "and not with Byte Buddy"),
            () -> assertFalse(byteBuddyClasses(second).stream().anyMatch(l -> l.contains("net.bytebuddy.asm.Advice")
                                                                           || l.contains("agent.builder")),
                              "no Advice or AgentBuilder class is loaded"),
            tracksTheApp(second),
            () -> assertEquals(tracked(first), tracked(second), "both JVMs track the same resources at the same frames"));
    }

    /**
     * JVMs started two ways share one cache: with the CDS archive, a class loaded before the agent is handed over as
     * HotSpot rebuilds it from the archive; with {@code -Xshare:off}, as it rebuilds it from the parsed class file,
     * other bytes. The file keeps an output for each form, so after one JVM of each way, each way starts from the
     * cache (before, each replaced the other's file, and every JVM paid Byte Buddy).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void jvmsStartedTwoWaysEachStartFromTheCacheAfterTheirFirst(Jdk jdk) throws IOException {
        Path cache = AgentRun.newFolder(jdk, "cache-two-ways").resolve("leakwatch-cache");
        Result shared = files(jdk, "cache-cds-1", cache).run().expectSuccess();
        Result unshared = files(jdk, "cache-noshare-1", cache).jvmArg("-Xshare:off").run().expectSuccess();
        Result sharedAgain = files(jdk, "cache-cds-2", cache).run().expectSuccess();
        Result unsharedAgain = files(jdk, "cache-noshare-2", cache).jvmArg("-Xshare:off").run().expectSuccess();
        // on JDK 17 the first JVM without the archive meets other bytes and instruments them with Byte Buddy, whose
        // engine loads JDK classes (the file channel's) that no transformer sees: swept and retransformed after
        unshared.check(
            () -> assertTrue(unshared.stderr().contains("(from the cache)"),
                             "classes loading later still get their entry (the boot loader's class file)"),
            tracksTheApp(unshared),
            () -> assertEquals(tracked(shared), tracked(unshared), "tracked as the first JVM did"));
        for (Result again : List.of(sharedAgain, unsharedAgain)) {
            again.check(
                () -> assertTrue(again.stderrLines().contains(FROM_CACHE), "instrumented from the cache"),
                () -> assertFalse(again.stderr().contains("a form no output was made from"),
                                  "every class handed over has its output"),
                () -> assertFalse(again.stderr().contains("Byte Buddy is made"), "Byte Buddy is not made"),
                () -> assertFalse(byteBuddyClasses(again).stream().anyMatch(l -> l.contains("agent.builder")),
                                  "no AgentBuilder class is loaded"),
                tracksTheApp(again),
                () -> assertEquals(tracked(shared), tracked(again), "tracked as the first JVM did"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void aCacheFileOthersCanWriteOrADamagedOneIsNotUsed(Jdk jdk) throws IOException {
        Path cache = AgentRun.newFolder(jdk, "cache-untrusted").resolve("leakwatch-cache");
        files(jdk, "cache-fill", cache).run().expectSuccess();
        Path file = cacheFile(cache);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        Result shared = files(jdk, "cache-shared", cache).run().expectSuccess();
        String afterShared = PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheFile(cache)));
        Files.write(cacheFile(cache), new byte[] {'L', 'W', 'C', '1', 0, 7, 'g', 'a', 'r', 'b', 'a', 'g', 'e'});
        Result damaged = files(jdk, "cache-damaged", cache).run().expectSuccess();
        Result repaired = files(jdk, "cache-repaired", cache).run().expectSuccess();
        for (Result r : List.of(shared, damaged)) {
            r.check(
                () -> assertTrue(r.stderrLines().contains(FROM_BYTE_BUDDY), "instrumented with Byte Buddy"),
                () -> assertFalse(r.stderr().contains("(from the cache)"), "the cache file is not used"),
                tracksTheApp(r));
        }
        repaired.check(
            () -> assertEquals("rw-------", afterShared, "the file others could write was replaced by the user's own"),
            () -> assertTrue(repaired.stderrLines().contains(FROM_CACHE), "the damaged file was replaced too"),
            tracksTheApp(repaired));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void aDirectoryOthersCanWriteIsNotUsedAndOneLineSaysWhy(Jdk jdk) throws IOException {
        Path cache = AgentRun.newFolder(jdk, "cache-shared-dir").resolve("leakwatch-cache");
        Files.createDirectories(cache);
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
        Result r = files(jdk, "cache-shared-dir-run", cache).run().expectSuccess();
        r.check(
            () -> {
                List<String> lines = r.stderrLines().stream().filter(l -> l.startsWith("leakwatch: option cache"))
                    .collect(Collectors.toList());
                assertEquals(1, lines.size(), "one line about the cache directory: " + lines);
                assertTrue(lines.get(0).contains(cache.toString()) && lines.get(0).contains("group or others"),
                           lines.get(0));
            },
            () -> assertTrue(r.stderrLines().contains(FROM_BYTE_BUDDY), "instrumented with Byte Buddy"),
            () -> {
                try (Stream<Path> files = Files.list(cache)) {
                    assertEquals(0, files.count(), "nothing written into a directory others can write");
                }
            },
            tracksTheApp(r));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void jdbcClassesAreInstrumentedWhenTheDriverLoadsAndFromTheCacheInTheNextJvm(Jdk jdk) throws IOException {
        Path cache = AgentRun.newFolder(jdk, "cache-jdbc").resolve("leakwatch-cache");
        files(jdk, "cache-jdbc-fill", cache).run().expectSuccess();
        Result r = pool(jdk, "cache-jdbc", cache);
        String pool = "leakwatch: instrumented com.zaxxer.hikari.HikariDataSource";
        r.check(
            () -> assertTrue(r.stderrLines().contains(FROM_CACHE), "the JDK's classes come from the cache"),
            () -> assertTrue(r.stderrLines().contains(pool), "the pool is instrumented with Byte Buddy when it loads"),
            () -> assertFalse(byteBuddyClasses(r).isEmpty(), "Byte Buddy was loaded for it"),
            () -> assertFalse(r.stderr().contains("sun.misc.Unsafe"), "no JDK warning about Byte Buddy"),
            tracksThePool(r));
        Result next = pool(jdk, "cache-jdbc-next", cache);
        List<String> fromByteBuddy = next.stderrLines().stream()
            .filter(l -> l.startsWith("leakwatch: instrumented ") && !l.endsWith("(from the cache)"))
            .collect(Collectors.toList());
        next.check(
            () -> assertTrue(next.stderrLines().contains(pool + " (from the cache)"),
                             "the next JVM gives the pool the bytes the first made"),
            () -> assertTrue(next.stderrLines().contains("leakwatch: instrumented org.h2.jdbc.JdbcConnection (from the cache)"),
                             "and the driver's connection"),
            () -> assertEquals(List.of(), fromByteBuddy, "nothing is instrumented with Byte Buddy"),
            () -> assertFalse(byteBuddyClasses(next).stream().anyMatch(l -> l.contains("net.bytebuddy.asm.Advice")
                                                                         || l.contains("agent.builder")),
                              "no Advice or AgentBuilder class is loaded"),
            tracksThePool(next),
            () -> assertEquals(tracked(r), tracked(next), "both JVMs track the same resources at the same frames"));
    }

    private static Result pool(Jdk jdk, String name, Path cache) {
        return AgentRun.of(jdk, name, JdbcApis.class, "hikari", "open").withJdbc()
            .agentOptions("report={dir}/report.json,cache=" + cache).jvmArg(VERBOSE).jvmArg(CLASS_LOG)
            .run().expectSuccess();
    }

    /** What {@code JdbcApis hikari open} leaves: two borrowed connections open, the pool open. */
    private static Executable tracksThePool(Result r) {
        return () -> r.check(
            JdbcTest.exactlyAt(r, "hikari-borrow", "jdbc open " + JdbcTest.HIKARI_BORROWED,
                               "jdbcpool open " + JdbcTest.HIKARI_POOL),
            JdbcTest.exactlyAt(r, "hikari-borrow-2", "jdbc open " + JdbcTest.HIKARI_BORROWED),
            r.counts("jdbc", 2, 0), r.counts("jdbcpool", 1, 0),
            r.onlyAnnouncedSites(),
            JdbcTest.noCredentials(r, JdbcApis.SECRET));
    }

    /**
     * The JDK classes a JVM loads after start-up get the cached bytes as they load, without being loaded for the
     * agent: those it never uses stay unloaded. One whose bytes another agent changed first (here the selector's, by
     * an agent named before leakwatch that adds a constant to its pool) is instrumented by Byte Buddy as it loads,
     * and tracked all the same.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void jdkClassesLoadingLaterGetTheirEntryOrByteBuddyWhenAnotherAgentChangedThem(Jdk jdk) throws IOException {
        Path cache = AgentRun.newFolder(jdk, "cache-later").resolve("leakwatch-cache");
        files(jdk, "cache-later-fill", cache).run().expectSuccess();
        Result clean = AgentRun.of(jdk, "cache-later-clean", OptionsApp.class, "leak")
            .agentOptions("report={dir}/report.json,cache=" + cache).jvmArg(VERBOSE).jvmArg(CLASS_LOG)
            .run().expectSuccess();
        String selector = "sun.nio.ch.EPollSelectorImpl";
        Path agent = testAgent(AgentRun.newFolder(jdk, "cache-later-agent"), "PoolGrowingAgent");
        Result changed = files(jdk, "cache-later-changed", cache)
            .jvmArg("-javaagent:" + agent + "=" + selector.replace('.', '/')).run().expectSuccess();
        clean.check(
            () -> assertTrue(clean.stderrLines().contains(FROM_CACHE), "from the cache"),
            () -> assertFalse(classesLoaded(clean).contains(selector),
                              "a JVM that opens no selector does not load the selector's class for the agent"),
            () -> assertFalse(classesLoaded(clean).contains("sun.nio.ch.NioSocketImpl"), "nor the socket's"));
        changed.check(
            () -> assertTrue(changed.stderrLines().contains(FROM_CACHE), "the other classes from the cache"),
            () -> assertTrue(changed.stderr().contains("leakwatch: not from the cache: " + selector),
                             "the selector's bytes are not those of the cache's entry"),
            () -> assertTrue(changed.stderrLines().contains("leakwatch: instrumented " + selector),
                             "Byte Buddy instruments the selector as it loads"),
            tracksTheApp(changed));
    }

    /** The classes a run loaded, by name (from its class loading log). */
    static List<String> classesLoaded(Result r) throws IOException {
        try (Stream<String> lines = Files.lines(r.dir().resolve("classes.txt"))) {
            return lines.map(l -> l.replaceFirst("^.*\\] ", "")).map(l -> l.split(" ")[0])
                .collect(Collectors.toList());
        }
    }

    /**
     * Another agent retransforming classes after leakwatch started, as Mockito's inline mock maker does: a JDK class
     * no plan names and one a plan names. The first is no reason to build Byte Buddy's engine (before, any
     * retransformation built it, about 0.4 s of CPU in every test fork that mocked something), the second keeps its
     * cached advice.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void anotherAgentRetransformingClassesBuildsNoByteBuddy(Jdk jdk) throws IOException {
        Path cache = AgentRun.newFolder(jdk, "cache-retransformed").resolve("leakwatch-cache");
        files(jdk, "cache-retransformed-fill", cache).run().expectSuccess();
        Path agent = testAgent(AgentRun.newFolder(jdk, "cache-retransformed-agent"), "RetransformingAgent");
        Result r = files(jdk, "cache-retransformed", cache)
            .jvmArgAfterAgent("-javaagent:" + agent + "=java.util.ArrayList,java.io.FileInputStream")
            .run().expectSuccess();
        r.check(
            () -> assertTrue(r.stderrLines().contains("retransformed: java.util.ArrayList,java.io.FileInputStream"),
                             "the other agent retransformed after leakwatch started"),
            () -> assertFalse(r.stderr().contains("Byte Buddy is made"), "Byte Buddy is not made"),
            () -> assertFalse(byteBuddyClasses(r).stream().anyMatch(l -> l.contains("net.bytebuddy.asm.Advice")
                                                                      || l.contains("agent.builder")),
                              "no Advice or AgentBuilder class is loaded"),
            tracksTheApp(r));
    }

    /** The agent of {@code agents/NAME.java}, compiled into a jar of its own in {@code dir}. */
    static Path testAgent(Path dir, String name) throws IOException {
        Path source = dir.resolve(name + ".java");
        try (java.io.InputStream in = TransformCacheTest.class.getResourceAsStream("/agents/" + name + ".java")) {
            Files.copy(in, source);
        }
        Path classes = Files.createDirectories(dir.resolve("classes"));
        int rc = javax.tools.ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, "--release", "17", "-d", classes.toString(), source.toString());
        assertEquals(0, rc, "the test agent compiles");
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", name);
        manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        Path jar = dir.resolve(name + ".jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar),
                                                                                       manifest);
             Stream<Path> files = Files.list(classes)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                out.putNextEntry(new java.util.jar.JarEntry(f.getFileName().toString()));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        return jar;
    }
}
